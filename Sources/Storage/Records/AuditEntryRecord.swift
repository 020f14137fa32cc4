package import GRDB

/// One line of a session's audit log: who did what, when, from which phase to which.
package struct AuditEntryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "audit"

    /// Row id, increasing.
    package var id: Int64?
    /// The session.
    package var sessionId: String
    /// When, epoch ms.
    package var at: Int64
    /// Who: `facilitator`, an invite id, or `system`.
    package var actor: String
    /// What (`phase.advance`, `quarantine.apply`, …).
    package var action: String
    /// Phase before, for phase changes.
    package var fromPhase: String?
    /// Phase after, for phase changes.
    package var toPhase: String?
    /// The reason given (overrides, early reveals).
    package var reason: String?
    /// Extra detail as JSON.
    package var detail: String?

    /// The table's columns.
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
    }

    /// Makes a record not yet inserted.
    package init(
        sessionId: String, at: Int64, actor: String, action: String, fromPhase: String? = nil, toPhase: String? = nil,
        reason: String? = nil, detail: String? = nil
    ) {
        self.id = nil
        self.sessionId = sessionId
        self.at = at
        self.actor = actor
        self.action = action
        self.fromPhase = fromPhase
        self.toPhase = toPhase
        self.reason = reason
        self.detail = detail
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

import GRDB

/// One line of a session's audit log: who did what, when, from which phase to which.
public struct AuditEntryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "audit"

    /// Row id, increasing.
    public var id: Int64?
    /// The session.
    public var sessionId: String
    /// When, epoch ms.
    public var at: Int64
    /// Who: `facilitator`, an invite id, or `system`.
    public var actor: String
    /// What (`phase.advance`, `quarantine.apply`, …).
    public var action: String
    /// Phase before, for phase changes.
    public var fromPhase: String?
    /// Phase after, for phase changes.
    public var toPhase: String?
    /// The reason given (overrides, early reveals).
    public var reason: String?
    /// Extra detail as JSON.
    public var detail: String?

    /// The table's columns.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sessionId = Column(CodingKeys.sessionId)
    }

    /// Makes a record not yet inserted.
    public init(
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

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

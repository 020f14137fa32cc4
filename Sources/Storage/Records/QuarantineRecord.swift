package import Foundation
package import GRDB

/// An update the rules refused, kept with its reason until a facilitator applies or discards it.
package struct QuarantineRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "quarantine"

    /// Row id, increasing in refusal order.
    package var id: Int64?
    /// The board's session, when it has one.
    package var sessionId: String?
    /// The board.
    package var boardId: String
    /// The refused Yjs v1 update.
    package var data: Data
    /// Why, for people.
    package var reason: String
    /// Why, as a stable code (`phase-locked`, `slide-limit`, `depends-on-quarantined`…).
    package var reasonCode: String
    /// Who sent it.
    package var sender: String
    /// The phase in force when it was refused.
    package var phase: String?
    /// When, epoch ms.
    package var at: Int64
    /// `pending`, `applied` or `discarded`.
    package var status: QuarantineStatus
    /// How many refused updates of one editing burst the entry holds (merged into ``data``).
    package var count: Int
    /// When its last update was refused, epoch ms.
    package var lastAt: Int64
    /// The struct ranges it carries, `client:start-end` separated by spaces (deduplication, dependencies).
    package var ranges: String

    /// The table's columns.
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let boardId = Column(CodingKeys.boardId)
        package static let status = Column(CodingKeys.status)
        package static let ranges = Column(CodingKeys.ranges)
    }

    /// Makes a pending record not yet inserted.
    package init(
        sessionId: String?, boardId: String, data: Data, reason: String, reasonCode: String, sender: String,
        phase: String?, at: Int64, ranges: String
    ) {
        self.id = nil
        self.sessionId = sessionId
        self.boardId = boardId
        self.data = data
        self.reason = reason
        self.reasonCode = reasonCode
        self.sender = sender
        self.phase = phase
        self.at = at
        self.status = .pending
        self.count = 1
        self.lastAt = at
        self.ranges = ranges
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// Where a quarantine entry stands.
package enum QuarantineStatus: String, Codable, Sendable, Hashable, DatabaseValueConvertible {
    /// Waiting for a facilitator.
    case pending
    /// Re-applied to its board.
    case applied
    /// Thrown away.
    case discarded
}

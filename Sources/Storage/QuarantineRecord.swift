import Foundation
import GRDB

/// An update the rules refused, kept with its reason until a facilitator applies or discards it.
public struct QuarantineRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "quarantine"

    /// Row id, increasing in refusal order.
    public var id: Int64?
    /// The board's session, when it has one.
    public var sessionId: String?
    /// The board.
    public var boardId: String
    /// The refused Yjs v1 update.
    public var data: Data
    /// Why, for people.
    public var reason: String
    /// Why, as a stable code (`phase-locked`, `slide-limit`, `depends-on-quarantined`…).
    public var reasonCode: String
    /// Who sent it.
    public var sender: String
    /// The phase in force when it was refused.
    public var phase: String?
    /// When, epoch ms.
    public var at: Int64
    /// `pending`, `applied` or `discarded`.
    public var status: String
    /// The struct ranges it carries, `client:start-end` separated by spaces (deduplication, dependencies).
    public var ranges: String

    /// The table's columns.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let boardId = Column(CodingKeys.boardId)
        public static let status = Column(CodingKeys.status)
        public static let ranges = Column(CodingKeys.ranges)
    }

    /// Makes a pending record not yet inserted.
    public init(
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
        self.status = "pending"
        self.ranges = ranges
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

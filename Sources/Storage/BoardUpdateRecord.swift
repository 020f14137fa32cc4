import Foundation
import GRDB

/// One Yjs update a board room accepted, as stored in the `boardUpdate` table.
///
/// The `sender` is the participant whose connection sent it, so contributions can be
/// reported per participant and phase.
public struct BoardUpdateRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "boardUpdate"

    /// Row id, increasing in commit order; nil before insertion.
    public var id: Int64?
    /// The board (room) the update belongs to.
    public var boardId: String
    /// The update in Yjs v1 encoding.
    public var data: Data
    /// Who sent it: a participant id, or `facilitator`, or `server`.
    public var sender: String
    /// The sprint phase in force when it was accepted, when sessions exist.
    public var phase: String?
    /// When it was accepted, in epoch milliseconds.
    public var createdAt: Int64

    /// The table's columns, for queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let boardId = Column(CodingKeys.boardId)
        public static let sender = Column(CodingKeys.sender)
    }

    /// Makes a record not yet inserted.
    public init(boardId: String, data: Data, sender: String, phase: String? = nil, createdAt: Int64) {
        self.id = nil
        self.boardId = boardId
        self.data = data
        self.sender = sender
        self.phase = phase
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

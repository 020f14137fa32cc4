package import Foundation
package import GRDB

/// One Yjs update a board room accepted, as stored in the `boardUpdate` table.
///
/// The `sender` is the participant whose connection sent it, so contributions can be
/// reported per participant and phase.
package struct BoardUpdateRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "boardUpdate"

    /// Row id, increasing in commit order; nil before insertion.
    package var id: Int64?
    /// The board (room) the update belongs to.
    package var boardId: String
    /// The update in Yjs v1 encoding.
    package var data: Data
    /// Who sent it: a participant id, or `facilitator`, or `server`.
    package var sender: String
    /// The sprint phase in force when it was accepted, when sessions exist.
    package var phase: String?
    /// When it was accepted, in epoch milliseconds.
    package var createdAt: Int64

    /// The table's columns, for queries.
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let boardId = Column(CodingKeys.boardId)
        package static let sender = Column(CodingKeys.sender)
    }

    /// Makes a record not yet inserted.
    package init(boardId: String, data: Data, sender: String, phase: String? = nil, createdAt: Int64) {
        self.id = nil
        self.boardId = boardId
        self.data = data
        self.sender = sender
        self.phase = phase
        self.createdAt = createdAt
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

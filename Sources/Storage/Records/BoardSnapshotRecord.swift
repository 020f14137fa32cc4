package import Foundation
package import GRDB

/// A board's compacted state: one update covering every stored update up to `throughUpdateId`.
package struct BoardSnapshotRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "boardSnapshot"

    /// The board.
    package var boardId: String
    /// `encodeStateAsUpdate` of the board at compaction time.
    package var data: Data
    /// The last `boardUpdate` row the snapshot covers.
    package var throughUpdateId: Int64
    /// When it was made, epoch ms.
    package var createdAt: Int64

    /// Makes a record.
    package init(boardId: String, data: Data, throughUpdateId: Int64, createdAt: Int64) {
        self.boardId = boardId
        self.data = data
        self.throughUpdateId = throughUpdateId
        self.createdAt = createdAt
    }
}

/// Who contributed to a board in which phase, kept when compaction removes the updates.
package struct BoardContributionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "boardContribution"

    /// The board.
    package var boardId: String
    /// The participant.
    package var sender: String
    /// The phase (empty when none).
    package var phase: String
    /// Updates compacted.
    package var updates: Int64
    /// Their bytes.
    package var bytes: Int64

    /// Makes a record.
    package init(boardId: String, sender: String, phase: String, updates: Int64, bytes: Int64) {
        self.boardId = boardId
        self.sender = sender
        self.phase = phase
        self.updates = updates
        self.bytes = bytes
    }
}

import Foundation
import GRDB

/// A board's compacted state: one update covering every stored update up to `throughUpdateId`.
public struct BoardSnapshotRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "boardSnapshot"

    /// The board.
    public var boardId: String
    /// `encodeStateAsUpdate` of the board at compaction time.
    public var data: Data
    /// The last `boardUpdate` row the snapshot covers.
    public var throughUpdateId: Int64
    /// When it was made, epoch ms.
    public var createdAt: Int64

    /// Makes a record.
    public init(boardId: String, data: Data, throughUpdateId: Int64, createdAt: Int64) {
        self.boardId = boardId
        self.data = data
        self.throughUpdateId = throughUpdateId
        self.createdAt = createdAt
    }
}

/// Who contributed to a board in which phase, kept when compaction removes the updates.
public struct BoardContributionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "boardContribution"

    /// The board.
    public var boardId: String
    /// The participant.
    public var sender: String
    /// The phase (empty when none).
    public var phase: String
    /// Updates compacted.
    public var updates: Int64
    /// Their bytes.
    public var bytes: Int64

    /// Makes a record.
    public init(boardId: String, sender: String, phase: String, updates: Int64, bytes: Int64) {
        self.boardId = boardId
        self.sender = sender
        self.phase = phase
        self.updates = updates
        self.bytes = bytes
    }
}

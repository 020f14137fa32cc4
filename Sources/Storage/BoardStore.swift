import Foundation

/// An update a room has accepted and wants durable before it broadcasts it.
public struct NewBoardUpdate: Sendable, Equatable {
    /// The board it belongs to.
    public var boardId: String
    /// The Yjs v1 update.
    public var data: [UInt8]
    /// Who sent it.
    public var sender: String
    /// The phase in force, when sessions exist.
    public var phase: String?
    /// Acceptance time, epoch milliseconds.
    public var createdAt: Int64

    /// Makes an update to append.
    public init(boardId: String, data: [UInt8], sender: String, phase: String? = nil, createdAt: Int64) {
        self.boardId = boardId
        self.data = data
        self.sender = sender
        self.phase = phase
        self.createdAt = createdAt
    }
}

/// A board's durable history: the updates to replay, oldest first.
public struct StoredBoard: Sendable {
    /// The stored updates in commit order, each with its row id.
    public var updates: [(id: Int64, data: [UInt8])]

    /// Makes a history.
    public init(updates: [(id: Int64, data: [UInt8])]) {
        self.updates = updates
    }
}

/// Where rooms keep their boards: the embedded SQLite database today, PostgreSQL later.
///
/// `append` returns only once the update is committed; concurrent appends from many rooms
/// share one transaction (group commit).
public protocol BoardStore: Sendable {
    /// Reads the history of a board (empty when the board has none).
    func load(boardId: String) async throws -> StoredBoard
    /// Commits an update and returns its row id.
    func append(_ update: NewBoardUpdate) async throws -> Int64
}

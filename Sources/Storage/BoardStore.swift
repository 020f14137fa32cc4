package import Foundation

/// An update a room has accepted and wants durable before it broadcasts it.
package struct NewBoardUpdate: Sendable, Equatable {
    /// The board it belongs to.
    package var boardId: String
    /// The Yjs v1 update.
    package var data: [UInt8]
    /// Who sent it.
    package var sender: String
    /// The phase in force, when sessions exist.
    package var phase: String?
    /// Acceptance time, epoch milliseconds.
    package var createdAt: Int64

    /// Makes an update to append.
    package init(boardId: String, data: [UInt8], sender: String, phase: String? = nil, createdAt: Int64) {
        self.boardId = boardId
        self.data = data
        self.sender = sender
        self.phase = phase
        self.createdAt = createdAt
    }
}

/// A board's durable history: its snapshot, if compacted, then the updates to replay.
package struct StoredBoard: Sendable {
    /// The compacted state, covering every update up to `snapshotThrough`.
    package var snapshot: [UInt8]?
    /// The last update row the snapshot covers (0 without a snapshot).
    package var snapshotThrough: Int64
    /// The updates after the snapshot, in commit order, each with its row id.
    package var updates: [(id: Int64, data: [UInt8])]

    /// Makes a history.
    package init(snapshot: [UInt8]? = nil, snapshotThrough: Int64 = 0, updates: [(id: Int64, data: [UInt8])]) {
        self.snapshot = snapshot
        self.snapshotThrough = snapshotThrough
        self.updates = updates
    }

    /// The snapshot (if any) followed by the updates: what to apply to a fresh document.
    package var replay: [[UInt8]] {
        (snapshot.map { [$0] } ?? []) + updates.map(\.data)
    }

    /// The newest row covered by what `replay` returns.
    package var lastUpdateId: Int64 { updates.last?.id ?? snapshotThrough }
}

/// Where rooms keep their boards: the embedded SQLite database today, PostgreSQL later.
///
/// `append` returns only once the update is committed; concurrent appends from many rooms
/// share one transaction (group commit).
package protocol BoardStore: Sendable {
    /// Reads the history of a board (empty when the board has none).
    func load(boardId: String) async throws -> StoredBoard
    /// Commits an update and returns its row id.
    func append(_ update: NewBoardUpdate) async throws -> Int64
    /// Replaces the board's history up to `throughUpdateId` with `snapshot`, in one transaction
    /// that removes only the updates the snapshot covers and keeps their attribution.
    func compact(boardId: String, snapshot: [UInt8], throughUpdateId: Int64) async throws
}

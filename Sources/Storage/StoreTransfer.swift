package import Foundation

/// Everything a store holds, as rows: what `atelier migrate` copies from one store to another.
package struct StoreContents: Sendable {
    package var settings: [SettingRecord] = []
    package var sessions: [SessionRecord] = []
    /// In creation order.
    package var boards: [BoardRecord] = []
    /// In creation order.
    package var invites: [InviteRecord] = []
    package var audit: [AuditEntryRecord] = []
    /// Per board in position order (`id` is the position).
    package var boardUpdates: [BoardUpdateRecord] = []
    package var boardSnapshots: [BoardSnapshotRecord] = []
    package var contributions: [BoardContributionRecord] = []
    package var clientBindings: [ClientBindingRecord] = []
    package var quarantine: [QuarantineRecord] = []
    package var artifacts: [ArtifactRecord] = []
    package var assets: [AssetRecord] = []
    /// Deleted sessions' board ids, with when they were deleted (epoch milliseconds).
    package var deletedBoards: [DeletedBoardRecord] = []

    /// An empty set of rows.
    package init() {}

    /// How many rows of each kind (what the migration prints and checks).
    package var counts: [String: Int] {
        [
            "settings": settings.count, "sessions": sessions.count, "boards": boards.count, "invites": invites.count,
            "audit": audit.count, "board updates": boardUpdates.count, "board snapshots": boardSnapshots.count,
            "contributions": contributions.count, "client bindings": clientBindings.count,
            "quarantine": quarantine.count, "artifacts": artifacts.count, "assets": assets.count,
            "deleted boards": deletedBoards.count,
        ]
    }
}

/// A Yjs client id bound to a participant on a board.
package struct ClientBindingRecord: Sendable, Equatable {
    package var boardId: String
    package var clientId: UInt64
    package var participant: String

    /// Makes a binding.
    package init(boardId: String, clientId: UInt64, participant: String) {
        self.boardId = boardId
        self.clientId = clientId
        self.participant = participant
    }
}

/// A deleted session's board id (a tombstone).
package struct DeletedBoardRecord: Sendable, Equatable {
    package var id: String
    package var deletedAt: Int64

    /// Makes a tombstone.
    package init(id: String, deletedAt: Int64) {
        self.id = id
        self.deletedAt = deletedAt
    }
}

/// A store whose whole contents can be read and written (`atelier migrate`).
package protocol StoreTransfer: AtelierStore {
    /// Every row.
    func contents() async throws -> StoreContents
    /// Writes every row into this store, which must hold no session yet, in one transaction.
    /// Board positions may be renumbered (keeping each board's order); a board's history
    /// replays to the same document.
    func load(_ contents: StoreContents) async throws
}

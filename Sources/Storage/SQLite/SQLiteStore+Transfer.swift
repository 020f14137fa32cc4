package import Foundation
package import GRDB

extension SQLiteStore: StoreTransfer {
    package func contents() async throws -> StoreContents {
        try await database.reader.read { db in
            var contents = StoreContents()
            contents.settings = try SettingRecord.fetchAll(db)
            contents.sessions = try SessionRecord.order(SessionRecord.Columns.createdAt).fetchAll(db)
            contents.boards = try BoardRecord.order(Column.rowID).fetchAll(db)
            contents.invites = try InviteRecord.order(Column.rowID).fetchAll(db)
            contents.audit = try AuditEntryRecord.order(AuditEntryRecord.Columns.id).fetchAll(db)
            contents.boardUpdates = try BoardUpdateRecord.order(BoardUpdateRecord.Columns.id).fetchAll(db)
            contents.boardSnapshots = try BoardSnapshotRecord.fetchAll(db)
            contents.contributions = try BoardContributionRecord.fetchAll(db)
            contents.clientBindings = try Row.fetchAll(
                db, sql: "SELECT boardId, clientId, participant FROM clientBinding ORDER BY boardId, clientId"
            ).map {
                ClientBindingRecord(
                    boardId: $0["boardId"], clientId: UInt64(bitPattern: $0["clientId"] as Int64),
                    participant: $0["participant"])
            }
            contents.quarantine = try QuarantineRecord.order(QuarantineRecord.Columns.id).fetchAll(db)
            contents.artifacts = try ArtifactRecord.order(ArtifactRecord.Columns.id).fetchAll(db)
            contents.assets = try AssetRecord.fetchAll(db)
            contents.deletedBoards = try Row.fetchAll(db, sql: "SELECT id, deletedAt FROM deletedBoard ORDER BY id").map
            {
                DeletedBoardRecord(id: $0["id"], deletedAt: $0["deletedAt"])
            }
            return contents
        }
    }

    /// Positions are renumbered (SQLite numbers every board's updates in one sequence); each
    /// board keeps its order, and its snapshot covers none of its remaining updates.
    package func load(_ contents: StoreContents) async throws {
        try await database.writer.write { db in
            guard try SessionRecord.fetchCount(db) == 0 else {
                throw StoreError(.notEmpty, "the destination already holds sessions: migrate into an empty store")
            }
            for setting in contents.settings { try setting.save(db) }
            for session in contents.sessions { try session.insert(db) }
            for board in contents.boards { try board.insert(db) }
            for invite in contents.invites { try invite.insert(db) }
            for var line in contents.audit { try line.insert(db) }
            let snapshots = Dictionary(
                contents.boardSnapshots.map { ($0.boardId, $0) }, uniquingKeysWith: { a, _ in a })
            let updates = Dictionary(grouping: contents.boardUpdates, by: \.boardId)
            for board in Set(snapshots.keys).union(updates.keys).sorted() {
                let before = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM boardUpdate") ?? 0
                if var snapshot = snapshots[board] {
                    snapshot.throughUpdateId = before
                    try snapshot.insert(db)
                }
                for var update in (updates[board] ?? []).sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
                    update.id = nil
                    try update.insert(db)
                }
            }
            for contribution in contents.contributions { try contribution.insert(db) }
            for binding in contents.clientBindings {
                try db.execute(
                    sql: "INSERT INTO clientBinding (boardId, clientId, participant) VALUES (?, ?, ?)",
                    arguments: [binding.boardId, Int64(bitPattern: binding.clientId), binding.participant])
            }
            for var entry in contents.quarantine { try entry.insert(db) }
            for var artifact in contents.artifacts { try artifact.insert(db) }
            for asset in contents.assets { try asset.insert(db) }
            for board in contents.deletedBoards {
                try db.execute(
                    sql: "INSERT INTO deletedBoard (id, deletedAt) VALUES (?, ?)",
                    arguments: [board.id, board.deletedAt])
            }
        }
    }
}

package import Foundation
package import GRDB

/// The SQLite `BoardStore`: appends go through a group commit, loads read the WAL pool.
package struct SQLiteBoardStore: BoardStore {
    let database: AppDatabase
    let committer: GroupCommitter

    /// Makes a store over an open database.
    package init(database: AppDatabase) {
        self.database = database
        self.committer = GroupCommitter(writer: database.writer)
    }

    package func load(boardId: String) async throws -> StoredBoard {
        try await database.reader.read { db in
            let snapshot = try BoardSnapshotRecord.fetchOne(db, key: boardId)
            let through = snapshot?.throughUpdateId ?? 0
            let records =
                try BoardUpdateRecord
                .filter(BoardUpdateRecord.Columns.boardId == boardId && BoardUpdateRecord.Columns.id > through)
                .order(BoardUpdateRecord.Columns.id)
                .fetchAll(db)
            return StoredBoard(
                snapshot: snapshot.map { [UInt8]($0.data) }, snapshotThrough: through,
                updates: records.map { (id: $0.id ?? 0, data: [UInt8]($0.data)) })
        }
    }

    package func compact(boardId: String, snapshot: [UInt8], throughUpdateId: Int64) async throws {
        try await database.writer.write { db in
            // Attribution survives: count what each sender contributed per phase before removal.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT sender, COALESCE(phase, '') AS phase, COUNT(*) AS updates, SUM(LENGTH(data)) AS bytes
                    FROM boardUpdate WHERE boardId = ? AND id <= ? GROUP BY sender, COALESCE(phase, '')
                    """, arguments: [boardId, throughUpdateId])
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO boardContribution (boardId, sender, phase, updates, bytes) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (boardId, sender, phase)
                        DO UPDATE SET updates = updates + excluded.updates, bytes = bytes + excluded.bytes
                        """,
                    arguments: [
                        boardId, row["sender"] as String, row["phase"] as String, row["updates"] as Int64,
                        row["bytes"] as Int64,
                    ])
            }
            try BoardSnapshotRecord(
                boardId: boardId, data: Data(snapshot), throughUpdateId: throughUpdateId,
                createdAt: Int64(Date().timeIntervalSince1970 * 1000)
            ).save(db)
            try BoardUpdateRecord
                .filter(BoardUpdateRecord.Columns.boardId == boardId && BoardUpdateRecord.Columns.id <= throughUpdateId)
                .deleteAll(db)
        }
    }

    package func append(_ update: NewBoardUpdate) async throws -> Int64 {
        try await committer.append(update)
    }
}

package import Foundation
package import GRDB

/// The embedded store: one SQLite database (WAL, `synchronous=FULL`) under the data directory.
///
/// Board updates go through a group committer, so the rooms that write at the same moment
/// share one fsync; everything else is one GRDB write transaction per call. For example:
///
/// ```swift
/// let store = SQLiteStore(database: try AppDatabase.open(directory: dataDirectory))
/// let commit = try await store.modifySession(id) { change in change.state = newState }
/// ```
package struct SQLiteStore: Sendable {
    /// The database.
    package let database: AppDatabase
    private let committer: GroupCommitter

    /// A store over an open database.
    package init(database: AppDatabase) {
        self.database = database
        self.committer = GroupCommitter(writer: database.writer)
    }
}

extension SQLiteStore: BoardStore {
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
                updates: records.map { (id: $0.id ?? 0, data: [UInt8]($0.data)) }, senders: records.map(\.sender))
        }
    }

    package func append(_ update: NewBoardUpdate) async throws -> Int64 {
        try await committer.append(update)
    }

    package func compact(boardId: String, snapshot: [UInt8], throughUpdateId: Int64) async throws {
        try await database.writer.write { db in
            if let stored = try BoardSnapshotRecord.fetchOne(db, key: boardId),
                stored.throughUpdateId >= throughUpdateId
            {
                return
            }
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
}

extension SQLiteStore {
    package func updates(boardId: String, after: Int64) async throws -> StoredBoard {
        try await database.reader.read { db in
            let snapshot = try BoardSnapshotRecord.fetchOne(db, key: boardId)
            let compacted = snapshot.map { $0.throughUpdateId > after } ?? false
            let from = compacted ? snapshot?.throughUpdateId ?? after : after
            let records =
                try BoardUpdateRecord
                .filter(BoardUpdateRecord.Columns.boardId == boardId && BoardUpdateRecord.Columns.id > from)
                .order(BoardUpdateRecord.Columns.id)
                .fetchAll(db)
            return StoredBoard(
                snapshot: compacted ? snapshot.map { [UInt8]($0.data) } : nil,
                snapshotThrough: compacted ? from : after,
                updates: records.map { (id: $0.id ?? 0, data: [UInt8]($0.data)) }, senders: records.map(\.sender))
        }
    }

    /// The newest update position of a board (its snapshot's when every update was compacted).
    static func head(of boardId: String, in db: Database) throws -> Int64 {
        let newest = try Int64.fetchOne(
            db, sql: "SELECT MAX(id) FROM boardUpdate WHERE boardId = ?", arguments: [boardId])
        let snapshot = try Int64.fetchOne(
            db, sql: "SELECT throughUpdateId FROM boardSnapshot WHERE boardId = ?", arguments: [boardId])
        return max(newest ?? 0, snapshot ?? 0)
    }
}

extension SQLiteStore: SettingStore {
    package func setting(_ key: String) async throws -> String? {
        try await database.reader.read { db in try SettingRecord.fetchOne(db, key: key)?.value }
    }

    package func setSetting(_ key: String, to value: String) async throws {
        try await database.writer.write { db in try SettingRecord(key: key, value: value).save(db) }
    }
}

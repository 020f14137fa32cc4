package import Foundation
package import GRDB

/// The SQLite database of one Atelier data directory: a WAL pool with `synchronous=FULL`.
///
/// Open it once per process and share it. For example:
///
/// ```swift
/// let database = try AppDatabase.open(directory: URL(fileURLWithPath: "sessions"))
/// let updates = try await database.reader.read { db in try BoardUpdateRecord.fetchAll(db) }
/// ```
package struct AppDatabase: Sendable {
    /// The file name of the database inside the data directory.
    package static let fileName = "atelier.sqlite"

    /// The connection pool every write and read goes through.
    package let writer: any DatabaseWriter

    /// A read-only view of the database.
    package var reader: any DatabaseReader { writer }

    /// Wraps an open writer and runs the migrations on it.
    package init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating when missing) the database file in `directory`.
    package static func open(directory: URL) throws -> AppDatabase {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Deleted rows (a deleted session, an erased name) are overwritten, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: directory.appendingPathComponent(fileName).path, configuration: configuration)
        // Every commit reaches the disk before it returns: a broadcast update survives power loss.
        // Set here, on the writer: the pool turns WAL on after `prepareDatabase` and sets
        // `synchronous=NORMAL` with it (GRDB's default), under which a commit is not synced.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return try AppDatabase(pool)
    }

    /// A database in memory (tests): the same schema, gone when released.
    package static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue())
    }

    /// The tables that hold rows of a board (a `boardId` column).
    static let boardTables = [
        "boardUpdate", "boardSnapshot", "boardContribution", "clientBinding", "quarantine", "asset",
    ]

    /// The schema, one migration per shipped change; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: board updates and settings") { db in
            try db.create(table: "boardUpdate") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("boardId", .text).notNull()
                t.column("data", .blob).notNull()
                t.column("sender", .text).notNull()
                t.column("phase", .text)
                t.column("createdAt", .integer).notNull()
            }
            try db.create(index: "boardUpdate_on_boardId_id", on: "boardUpdate", columns: ["boardId", "id"])
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v2: sessions, invites, audit, quarantine, snapshots") { db in
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("title", .text).notNull()
                t.column("definition", .text).notNull()
                t.column("sprint", .text).notNull()
                t.column("createdAt", .integer).notNull()
                t.column("lastTickAt", .integer)
            }
            try db.create(table: "board") { t in
                t.primaryKey("id", .text)
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("groupId", .text).notNull()
                t.column("kind", .text).notNull()
            }
            try db.create(index: "board_on_sessionId", on: "board", columns: ["sessionId"])
            try db.create(table: "invite") { t in
                t.primaryKey("id", .text)
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("tokenHash", .text).notNull().unique()
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("groupId", .text)
                t.column("jurorId", .text)
                t.column("createdAt", .integer).notNull()
                t.column("revokedAt", .integer)
            }
            try db.create(index: "invite_on_sessionId", on: "invite", columns: ["sessionId"])
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull()
                t.column("at", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("fromPhase", .text)
                t.column("toPhase", .text)
                t.column("reason", .text)
                t.column("detail", .text)
            }
            try db.create(index: "audit_on_sessionId", on: "audit", columns: ["sessionId", "id"])
            try db.create(table: "quarantine") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text)
                t.column("boardId", .text).notNull()
                t.column("data", .blob).notNull()
                t.column("reason", .text).notNull()
                t.column("reasonCode", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("phase", .text)
                t.column("at", .integer).notNull()
                t.column("status", .text).notNull().defaults(to: "pending")
                t.column("ranges", .text).notNull()
            }
            try db.create(index: "quarantine_on_boardId", on: "quarantine", columns: ["boardId", "id"])
            try db.create(table: "boardSnapshot") { t in
                t.primaryKey("boardId", .text)
                t.column("data", .blob).notNull()
                t.column("throughUpdateId", .integer).notNull()
                t.column("createdAt", .integer).notNull()
            }
            try db.create(table: "boardContribution") { t in
                t.column("boardId", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("updates", .integer).notNull()
                t.column("bytes", .integer).notNull()
                t.primaryKey(["boardId", "sender", "phase"])
            }
            try db.create(table: "clientBinding") { t in
                t.column("boardId", .text).notNull()
                t.column("clientId", .integer).notNull()
                t.column("participant", .text).notNull()
                t.primaryKey(["boardId", "clientId"])
            }
        }
        migrator.registerMigration("v3: pitches, jury, deck snapshots") { db in
            try db.alter(table: "session") { t in
                t.add(column: "pitches", .text)
                t.add(column: "jury", .text)
            }
            try db.create(table: "pitchSnapshot") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull()
                t.column("groupId", .text).notNull()
                t.column("boardId", .text).notNull()
                t.column("data", .blob).notNull()
                t.column("slides", .integer).notNull()
                t.column("at", .integer).notNull()
            }
        }
        migrator.registerMigration("v4: session state and version, artifacts") { db in
            // A session's changing parts become one JSON state, changed in one transaction with
            // its version; deck snapshots become artifacts beside checkpoints and records.
            try db.alter(table: "session") { t in
                t.add(column: "state", .text).notNull().defaults(to: "{}")
                t.add(column: "version", .integer).notNull().defaults(to: 1)
            }
            try db.execute(
                sql: """
                    UPDATE session SET state = json_object(
                        'sprint', json(sprint), 'pitches', json(COALESCE(pitches, '{}')),
                        'jury', CASE WHEN jury IS NULL THEN NULL ELSE json(jury) END, 'lastTickAt', lastTickAt)
                    """)
            for column in ["sprint", "pitches", "jury", "lastTickAt"] {
                try db.execute(sql: "ALTER TABLE session DROP COLUMN \(column)")
            }
            try db.create(table: "artifact") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("key", .text).notNull()
                t.column("createdAt", .integer).notNull()
                t.column("meta", .text).notNull()
                t.column("data", .blob).notNull()
            }
            try db.create(index: "artifact_on_sessionId_kind", on: "artifact", columns: ["sessionId", "kind", "id"])
            try db.execute(
                sql: """
                    INSERT INTO artifact (sessionId, kind, key, createdAt, meta, data)
                    SELECT sessionId, 'deck-snapshot', groupId, at, json_object('boardId', boardId, 'slides', slides), data
                    FROM pitchSnapshot ORDER BY id
                    """)
            try db.drop(table: "pitchSnapshot")
            // Refused updates of one editing burst are kept as one entry.
            try db.alter(table: "quarantine") { t in
                t.add(column: "count", .integer).notNull().defaults(to: 1)
                t.add(column: "lastAt", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: "UPDATE quarantine SET lastAt = at")
            // Uploads, for quotas and the collection of unreferenced images.
            try db.create(table: "asset") { t in
                t.column("hash", .text).notNull()
                t.column("boardId", .text).notNull()
                t.column("sessionId", .text)
                t.column("uploader", .text).notNull()
                t.column("bytes", .integer).notNull()
                t.column("type", .text).notNull()
                t.column("createdAt", .integer).notNull()
                t.primaryKey(["hash", "boardId", "uploader"])
            }
            try db.create(index: "asset_on_sessionId", on: "asset", columns: ["sessionId", "uploader"])
        }
        migrator.registerMigration("v5: deleted boards") { db in
            // A deleted session's board ids stay dead: whatever a closing room, a late commit or
            // a reconnecting client still sends for them is not stored.
            try db.create(table: "deletedBoard") { t in
                t.primaryKey("id", .text)
                t.column("deletedAt", .integer).notNull()
            }
            for table in Self.boardTables {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table)_of_deleted_board BEFORE INSERT ON \(table)
                        WHEN EXISTS (SELECT 1 FROM deletedBoard WHERE id = NEW.boardId)
                        BEGIN SELECT RAISE(IGNORE); END
                        """)
            }
        }
        return migrator
    }
}

import Foundation
import GRDB

/// The SQLite database of one Atelier data directory: a WAL pool with `synchronous=FULL`.
///
/// Open it once per process and share it. For example:
///
/// ```swift
/// let database = try AppDatabase.open(directory: URL(fileURLWithPath: "sessions"))
/// let updates = try await database.reader.read { db in try BoardUpdateRecord.fetchAll(db) }
/// ```
public struct AppDatabase: Sendable {
    /// The file name of the database inside the data directory.
    public static let fileName = "atelier.sqlite"

    /// The connection pool every write and read goes through.
    public let writer: any DatabaseWriter

    /// A read-only view of the database.
    public var reader: any DatabaseReader { writer }

    /// Wraps an open writer and runs the migrations on it.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating when missing) the database file in `directory`.
    public static func open(directory: URL) throws -> AppDatabase {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Every commit reaches the disk before it returns: a broadcast update survives power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: directory.appendingPathComponent(fileName).path, configuration: configuration)
        return try AppDatabase(pool)
    }

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
        return migrator
    }
}

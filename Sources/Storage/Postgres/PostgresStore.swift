package import Foundation
package import Logging
import NIOCore
import NIOPosix
package import PostgresNIO
import Synchronization

/// Everything Atelier keeps, in PostgreSQL, for one node or several sharing the database
/// (docs/DEPLOY.md). Implements the same protocols as ``SQLiteStore`` (the storage contract
/// suite runs against both) and ``ClusterStore`` for what nodes share.
///
/// For example:
///
/// ```swift
/// let store = try await PostgresStore.connect(url: "postgresql://atelier@127.0.0.1:5432/atelier", logger: logger)
/// _ = try await store.append(NewBoardUpdate(boardId: "b_1", data: update, sender: "i_1", createdAt: now))
/// ```
package final class PostgresStore: Sendable {
    /// Where the database is.
    package struct Location: Sendable, Equatable {
        package var host: String
        package var port: Int
        package var user: String
        package var password: String?
        package var database: String

        /// Parses `postgresql://USER[:PASS]@HOST[:PORT]/DB` (or `postgres://`).
        package init(url: String) throws {
            guard let components = URLComponents(string: url),
                components.scheme == "postgresql" || components.scheme == "postgres",
                let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
            else {
                throw StoreError(.notFound, "not a PostgreSQL URL (postgresql://USER[:PASS]@HOST:PORT/DB): \(url)")
            }
            self.host = host
            self.port = components.port ?? 5432
            self.user = user.removingPercentEncoding ?? user
            self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            self.database = path.isEmpty ? self.user : path
        }

        /// A single connection's configuration (the cluster's listener, a board's turn).
        var configuration: PostgresConnection.Configuration {
            PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: .disable)
        }

        /// The URL without its password (for logs).
        package var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
    }

    let client: PostgresClient
    /// This node's appends to shared boards, grouped while one is on its way.
    let sharedAppends: SharedAppends
    let location: Location
    let logger: Logger
    package let nodeId: String
    private let runner: Task<Void, Never>
    /// Whether PostgreSQL answers; while it does not, operations fail at once.
    let health = DatabaseHealth()
    private let prober: Task<Void, Never>
    let listener: Mutex<Task<Void, Never>?> = Mutex(nil)
    let subscriber: Mutex<AsyncStream<ClusterMessage>.Continuation?> = Mutex(nil)

    private init(client: PostgresClient, location: Location, nodeId: String, logger: Logger) {
        self.client = client
        let health = self.health
        self.sharedAppends = SharedAppends { [client, logger] query in
            try health.check()
            return try await Self.rows(query, client: client, logger: logger)
        }
        self.location = location
        self.nodeId = nodeId
        self.logger = logger
        self.runner = Task { await client.run() }
        self.prober = Task { await health.watch(location.configuration, logger: logger) }
    }

    /// Connects, creates or migrates the schema, and returns the store.
    package static func connect(url: String, maximumConnections: Int = 16, logger: Logger) async throws
        -> PostgresStore
    {
        let location = try Location(url: url)
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 1
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let store = PostgresStore(
            client: client, location: location, nodeId: "n_" + UUID().uuidString.prefix(8).lowercased(), logger: logger)
        do {
            try await store.migrate()
        } catch {
            await store.shutdown()
            throw error
        }
        return store
    }

    /// Creates a new, empty database named `atelier_<random>` on the server `url` names, and
    /// returns its URL (tests: one database each).
    package static func createScratchDatabase(onServer url: String, logger: Logger) async throws -> String {
        let location = try Location(url: url)
        let name = "atelier_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let client = PostgresClient(
            configuration: .init(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: .disable), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await client.run() }
            defer { tasks.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var components = URLComponents(string: url)
        components?.path = "/" + name
        guard let scratch = components?.string else { throw StoreError(.notFound, "bad URL \(url)") }
        return scratch
    }

    /// Stops the listener and the connection pool.
    package func shutdown() async {
        listener.withLock { $0?.cancel() }
        subscriber.withLock { $0?.finish() }
        prober.cancel()
        _ = await prober.value
        runner.cancel()
        _ = await runner.value
    }

    // MARK: - Schema

    private func migrate() async throws {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.migrationLock))", logger: logger)
            do {
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS atelier_schema (version integer NOT NULL)", logger: logger)
                var applied = 0
                for try await version in try await connection.query(
                    "SELECT COALESCE(MAX(version), 0) FROM atelier_schema", logger: logger
                ).decode(Int.self) {
                    applied = version
                }
                // A database a newer `atelier` migrated: its nodes may speak what this one does not.
                guard applied <= PostgresSchema.migrations.count else {
                    throw StoreError(
                        .database,
                        "the database's schema is version \(applied), newer than this atelier's (\(PostgresSchema.migrations.count)): upgrade the binary"
                    )
                }
                for (index, sql) in PostgresSchema.migrations.enumerated() where index + 1 > applied {
                    try await connection.withTransaction(logger: logger) { transaction in
                        for statement in PostgresSchema.statements(sql) {
                            try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await transaction.query(
                            "INSERT INTO atelier_schema (version) VALUES (\(index + 1))", logger: logger)
                    }
                    logger.notice("PostgreSQL schema migrated", metadata: ["version": "\(index + 1)"])
                }
            } catch {
                _ = try? await connection.query(
                    "SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
                throw Self.unwrap(error)
            }
            try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
        }
    }

    // MARK: - Helpers

    /// Runs `body` in a transaction, rethrowing what it threw (not PostgresNIO's wrapper).
    func transaction<Value: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        try health.check()
        do {
            return try await client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { transaction in try await body(transaction) }
            }
        } catch {
            throw Self.unwrap(error)
        }
    }

    /// Runs one query and collects its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try health.check()
        return try await Self.rows(query, client: client, logger: logger)
    }

    /// Runs one query on a connection of `client`'s pool and collects its rows.
    static func rows(_ query: PostgresQuery, client: PostgresClient, logger: Logger) async throws -> [PostgresRow] {
        do {
            var rows: [PostgresRow] = []
            for try await row in try await client.query(query, logger: logger) { rows.append(row) }
            return rows
        } catch {
            throw unwrap(error)
        }
    }

    /// Runs one query on a connection and collects its rows.
    static func rows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws
        -> [PostgresRow]
    {
        do {
            var rows: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
            return rows
        } catch {
            throw unwrap(error)
        }
    }

    /// The error a transaction's closure threw, or the error itself.
    static func unwrap(_ error: any Error) -> any Error {
        if let wrapped = error as? PostgresTransactionError {
            if let inner = wrapped.closureError { return unwrap(inner) }
            if let inner = wrapped.commitError { return unwrap(inner) }
            if let inner = wrapped.beginError { return unwrap(inner) }
        }
        if let psql = error as? PSQLError {
            if psql.serverInfo?[.sqlState] == "53100" {
                return StoreError(.diskFull, "PostgreSQL is out of disk space")
            }
            // PSQLError hides its details from `description`; the server's own words are what
            // an operator needs in the log (they carry no parameter values).
            let server = psql.serverInfo
            let words = [server?[.sqlState], server?[.message], server?[.detail], server?[.hint]].compactMap { $0 }
            let statement = psql.query.map { " in: \($0.sql.prefix(200))" } ?? ""
            return StoreError(
                .database, words.isEmpty ? "\(psql.code)\(statement)" : words.joined(separator: " · ") + statement)
        }
        return error
    }

    /// A session's advisory lock key.
    static func sessionLockSQL(_ id: String) -> PostgresQuery {
        "SELECT pg_advisory_xact_lock(hashtextextended('atelier-session:' || \(id), 0))"
    }
}

// MARK: - Boards

extension PostgresStore: BoardStore {
    package func load(boardId: String) async throws -> StoredBoard {
        try await updates(boardId: boardId, after: 0)
    }

    package func updates(boardId: String, after: Int64) async throws -> StoredBoard {
        try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: self.logger)
            var snapshot: (data: [UInt8], through: Int64)?
            for try await (data, through) in try await connection.query(
                "SELECT data, through_seq FROM board_snapshots WHERE board_id = \(boardId)", logger: self.logger
            ).decode((ByteBuffer, Int64).self) {
                snapshot = (Array(buffer: data), through)
            }
            let compacted = snapshot.map { $0.through > after } ?? false
            let from = compacted ? snapshot?.through ?? after : after
            var updates: [(id: Int64, data: [UInt8])] = []
            var senders: [String] = []
            for try await (seq, data, sender) in try await connection.query(
                "SELECT seq, data, sender FROM board_updates WHERE board_id = \(boardId) AND seq > \(from) ORDER BY seq",
                logger: self.logger
            ).decode((Int64, ByteBuffer, String).self) {
                updates.append((seq, Array(buffer: data)))
                senders.append(sender)
            }
            return StoredBoard(
                snapshot: compacted ? snapshot?.data : nil, snapshotThrough: from, updates: updates, senders: senders)
        }
    }

    package func append(_ update: NewBoardUpdate) async throws -> Int64 {
        guard case .committed(let position) = try await sharedAppends.append(.init(update: update)) else {
            throw StoreError(.notFound, "the update was not appended")
        }
        return position
    }

    package func compact(boardId: String, snapshot: [UInt8], throughUpdateId: Int64) async throws {
        try await transaction { connection in
            // Nodes may compact the same board: only a snapshot newer than the stored one is written.
            let written = try await Self.rows(
                """
                INSERT INTO board_snapshots AS s (board_id, data, through_seq, created_at)
                VALUES (\(boardId), \(Data(snapshot)), \(throughUpdateId), \(Date().epochMillisecondsForStorage))
                ON CONFLICT (board_id) DO UPDATE SET data = EXCLUDED.data, through_seq = EXCLUDED.through_seq,
                    created_at = EXCLUDED.created_at
                WHERE s.through_seq < EXCLUDED.through_seq
                RETURNING through_seq
                """, on: connection, logger: self.logger)
            guard !written.isEmpty else { return }
            try await connection.query(
                """
                INSERT INTO board_contributions AS c (board_id, sender, phase, updates, bytes)
                SELECT board_id, sender, COALESCE(phase, ''), COUNT(*), SUM(length(data))
                FROM board_updates WHERE board_id = \(boardId) AND seq <= \(throughUpdateId)
                GROUP BY board_id, sender, COALESCE(phase, '')
                ON CONFLICT (board_id, sender, phase)
                DO UPDATE SET updates = c.updates + EXCLUDED.updates, bytes = c.bytes + EXCLUDED.bytes
                """, logger: self.logger)
            try await connection.query(
                "DELETE FROM board_updates WHERE board_id = \(boardId) AND seq <= \(throughUpdateId)",
                logger: self.logger)
        }
    }
}

// MARK: - Settings

extension PostgresStore: SettingStore {
    package func setting(_ key: String) async throws -> String? {
        try await rows("SELECT value FROM settings WHERE key = \(key)").first?.decode(String.self)
    }

    package func setSetting(_ key: String, to value: String) async throws {
        _ = try await rows(
            """
            INSERT INTO settings (key, value) VALUES (\(key), \(value))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            """)
    }
}

extension Date {
    /// Epoch milliseconds.
    var epochMillisecondsForStorage: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

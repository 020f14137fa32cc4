package import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// What nodes share: appends that judge the whole board, one notification channel
/// (`atelier`) for board heads, session versions, live events and presence, and one clock.
///
/// Notifications are hints: a node that missed some (its listener reconnected) is told to
/// resynchronize and reads what it has not seen, so nothing is lost with them.
extension PostgresStore: ClusterStore {
    package func appendShared(_ update: NewBoardUpdate, after: Int64, session: (id: String, version: Int64)?)
        async throws -> SharedAppend
    {
        try await sharedAppends.append(.init(update: update, after: after, session: session))
    }

    /// What `atelier_append` answered.
    static func appended(_ result: Int64?) throws -> SharedAppend {
        guard let result else { throw StoreError(.notFound, "the update was not appended") }
        switch result {
        case -1: return .behind
        case -2: return .stalePolicy
        case -3: throw StoreError(.notFound, "the board was deleted with its session")
        default: return .committed(result)
        }
    }

    package func takeTurn(boardId: String) async throws -> any BoardTurn {
        // A connection of its own: the board's lock is held for the session, and closing the
        // connection (or the node dying) releases it.
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: location.configuration, id: 2,
            logger: logger
        ).get()
        do {
            _ = try await Self.rows("SET lock_timeout = '10s'", on: connection, logger: logger)
            _ = try await Self.rows(
                "SELECT pg_advisory_lock(hashtextextended(\("atelier-board:" + boardId), 0))", on: connection,
                logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        return PostgresBoardTurn(connection: connection, logger: logger)
    }

    package func messages() -> AsyncStream<ClusterMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterMessage.self, bufferingPolicy: .unbounded)
        subscriber.withLock { $0 = continuation }
        let task = Task { [self] in await listen(continuation) }
        listener.withLock { $0 = task }
        return stream
    }

    /// Holds one connection that LISTENs, reconnecting after a failure (and telling the node to
    /// resynchronize each time it is listening again).
    private func listen(_ continuation: AsyncStream<ClusterMessage>.Continuation) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.next(), configuration: location.configuration, id: 1,
                    logger: logger
                ).get()
                do {
                    try await connection.listen(on: "atelier") { notifications in
                        delay = .milliseconds(100)
                        continuation.yield(.resynchronize)
                        for try await notification in notifications {
                            if let message = Self.message(notification.payload) { continuation.yield(message) }
                        }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if Task.isCancelled { break }
                logger.warning("cluster listener lost; reconnecting", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    /// Parses a notification: `b HEAD BOARD`, `u POSITION BOARD SENDER BASE64`, `s VERSION
    /// SESSION`, `d SESSION`, `l ID`, `a NODE BOARD BASE64`.
    static func message(_ payload: String) -> ClusterMessage? {
        if payload.hasPrefix("u ") {
            let parts = payload.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, let position = Int64(parts[1]), let data = Data(base64Encoded: parts[4]) else {
                return nil
            }
            return .boardUpdate(board: parts[2], position: position, sender: parts[3], data: [UInt8](data))
        }
        let parts = payload.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("b", 3): return Int64(parts[1]).map { .boardHead(board: parts[2], head: $0) }
        case ("s", 3): return Int64(parts[1]).map { .session(id: parts[2], version: $0) }
        case ("d", 2): return .sessionDeleted(id: parts[1])
        case ("l", 2): return Int64(parts[1]).map { .live(id: $0) }
        case ("a", 4):
            guard let data = Data(base64Encoded: parts[3]) else { return nil }
            return .awareness(board: parts[2], node: parts[1], data: [UInt8](data))
        default: return nil
        }
    }

    package func publishLive(sessionId: String, version: Int64, audience: String, text: String) async throws {
        _ = try await rows(
            """
            WITH inserted AS (
                INSERT INTO live_events (session_id, version, node, audience, text)
                VALUES (\(sessionId), \(version), \(nodeId), \(audience), \(text)) RETURNING id)
            SELECT pg_notify('atelier', 'l ' || id) FROM inserted
            """)
    }

    package func liveEvents(after id: Int64) async throws -> [LiveEventRecord] {
        try await rows(
            "SELECT id, session_id, version, node, audience, text FROM live_events WHERE id > \(id) ORDER BY id"
        ).map { row in
            let (id, session, version, node, audience, text) = try row.decode(
                (Int64, String, Int64, String, String, String).self)
            return LiveEventRecord(
                id: id, sessionId: session, version: version, node: node, audience: audience, text: text)
        }
    }

    package func forgetLiveEvents(olderThanSeconds seconds: Int) async throws {
        _ = try await rows(
            "DELETE FROM live_events WHERE created_at < now() - make_interval(secs => \(Double(seconds)))")
    }

    package func newestLiveEvent() async throws -> Int64 {
        try await rows("SELECT COALESCE(MAX(id), 0)::bigint FROM live_events").first?.decode(Int64.self) ?? 0
    }

    /// NOTIFY carries at most 8000 bytes: larger presence updates stay on their node.
    package func publishAwareness(board: String, data: [UInt8]) async throws {
        let payload = "a \(nodeId) \(board) \(Data(data).base64EncodedString())"
        guard payload.utf8.count < 7900 else { return }
        _ = try await rows("SELECT pg_notify('atelier', \(payload))")
    }

    package func serverTime() async throws -> Int64 {
        try await rows("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint").first?.decode(Int64.self) ?? 0
    }
}

/// A board's turn: the board's advisory lock, held by a connection of its own.
struct PostgresBoardTurn: BoardTurn {
    let connection: PostgresConnection
    let logger: Logger

    func appendShared(_ update: NewBoardUpdate, after: Int64, session: (id: String, version: Int64)?) async throws
        -> SharedAppend
    {
        let query = try SharedAppends.query([.init(update: update, after: after, session: session)])
        return try PostgresStore.appended(
            try await PostgresStore.rows(query, on: connection, logger: logger).first?.decode(Int64?.self))
    }

    func end() async {
        try? await connection.close()
    }
}

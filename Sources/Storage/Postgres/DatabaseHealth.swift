import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// Whether PostgreSQL answers, from a probe every few seconds: while it does not, the store's
/// operations fail at once with ``StoreError/Code/unavailable`` instead of each waiting in the
/// pool until PostgresNIO gives up on connecting (about a minute), so people get "try again"
/// in seconds (docs/OPERATIONS.md, "When PostgreSQL does not answer").
///
/// The probe is `SELECT 1` on a connection of its own, not one of the pool: a pool whose
/// connections are all busy is a node at work, not a database gone. Two rounds in a row without
/// an answer within ``deadline`` (a refused connection, a query that hangs) make the database
/// "not answering"; the first answer makes it answer again.
final class DatabaseHealth: Sendable {
    /// How often the probe runs, how long it waits for its answer, and how many rounds in a
    /// row must go unanswered.
    static let interval: Duration = .seconds(2)
    static let deadline: Duration = .seconds(3)
    static let missesBeforeDown = 2

    private let answering = Atomic(true)

    /// Whether the database answered lately (true until two rounds in a row did not).
    var isAnswering: Bool { answering.load(ordering: .acquiring) }

    /// Throws ``StoreError/Code/unavailable`` while the database does not answer.
    func check() throws {
        guard isAnswering else {
            throw StoreError(.unavailable, "PostgreSQL does not answer (it is checked again every few seconds)")
        }
    }

    /// Probes the database at `configuration` until the task is cancelled.
    func watch(_ configuration: PostgresConnection.Configuration, logger: Logger) async {
        let probe = Probe(configuration: configuration, logger: logger)
        var misses = 0
        while !Task.isCancelled {
            misses = await probe.round() ? 0 : misses + 1
            let answered = misses < Self.missesBeforeDown
            if answering.exchange(answered, ordering: .acquiringAndReleasing) != answered {
                if answered {
                    logger.notice("PostgreSQL answers again")
                } else {
                    logger.error("PostgreSQL does not answer: requests get 503 until it does")
                }
            }
            try? await Task.sleep(for: Self.interval)
        }
        await probe.close()
    }

    /// The probe's own connection, and the query on its way (one at a time: a round that finds
    /// the last one still waiting counts as unanswered).
    private actor Probe {
        let configuration: PostgresConnection.Configuration
        let logger: Logger
        var connection: PostgresConnection?
        var inFlight: Task<Bool, Never>?

        init(configuration: PostgresConnection.Configuration, logger: Logger) {
            self.configuration = configuration
            self.logger = logger
        }

        /// Whether `SELECT 1` was answered within the deadline.
        func round() async -> Bool {
            let query = inFlight ?? Task { await self.select() }
            inFlight = query
            let outcome = AsyncStream.makeStream(of: Bool.self)
            let waiter = Task {
                outcome.continuation.yield(await query.value)
            }
            let timer = Task {
                try? await Task.sleep(for: DatabaseHealth.deadline)
                outcome.continuation.yield(false)
            }
            var iterator = outcome.stream.makeAsyncIterator()
            let answered = await iterator.next() ?? false
            outcome.continuation.finish()
            timer.cancel()
            waiter.cancel()
            return answered
        }

        /// Connects when needed and asks `SELECT 1`; a failure drops the connection, so the next
        /// round connects again.
        private func select() async -> Bool {
            defer { inFlight = nil }
            do {
                let connection: PostgresConnection
                if let open = self.connection, !open.isClosed {
                    connection = open
                } else {
                    connection = try await PostgresConnection.connect(
                        on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 3,
                        logger: logger)
                    self.connection = connection
                }
                _ = try await connection.query("SELECT 1", logger: logger).collect()
                return true
            } catch {
                try? await self.connection?.close()
                self.connection = nil
                return false
            }
        }

        func close() async {
            inFlight?.cancel()
            try? await connection?.close()
            connection = nil
        }
    }
}

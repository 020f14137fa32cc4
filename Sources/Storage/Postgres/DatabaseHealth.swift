import Logging
import PostgresNIO
import Synchronization

/// Whether PostgreSQL answers, from a probe every few seconds: while it does not, the store's
/// operations fail at once with ``StoreError/Code/unavailable`` instead of each waiting in the
/// pool until PostgresNIO gives up on connecting (about a minute), so people get "try again"
/// in seconds (docs/OPERATIONS.md, "When PostgreSQL does not answer").
///
/// The probe is `SELECT 1` through the pool: it answers as soon as a connection can be had,
/// so a database that comes back is noticed at the next round.
final class DatabaseHealth: Sendable {
    /// How often the probe runs, and how long it waits for its answer.
    static let interval: Duration = .seconds(2)
    static let deadline: Duration = .seconds(4)

    private let answering = Atomic(true)

    /// Whether the last probe was answered in time (true until one was not).
    var isAnswering: Bool { answering.load(ordering: .acquiring) }

    /// Throws ``StoreError/Code/unavailable`` while the database does not answer.
    func check() throws {
        guard isAnswering else {
            throw StoreError(.unavailable, "PostgreSQL does not answer (it is checked again every few seconds)")
        }
    }

    /// Probes `client` until the task is cancelled.
    func watch(_ client: PostgresClient, logger: Logger) async {
        while !Task.isCancelled {
            let answered = await Self.probe(client, logger: logger)
            if answering.exchange(answered, ordering: .acquiringAndReleasing) != answered {
                if answered {
                    logger.notice("PostgreSQL answers again")
                } else {
                    logger.error("PostgreSQL does not answer: requests get 503 until it does")
                }
            }
            try? await Task.sleep(for: Self.interval)
        }
    }

    /// One round: whether `SELECT 1` was answered within ``deadline``. Returns at the deadline
    /// even when the query is still waiting for a connection (it is cancelled, and left to end
    /// on its own).
    private static func probe(_ client: PostgresClient, logger: Logger) async -> Bool {
        let outcome = AsyncStream.makeStream(of: Bool.self)
        let query = Task {
            let rows = try? await PostgresStore.rows("SELECT 1", client: client, logger: logger)
            outcome.continuation.yield(rows != nil)
        }
        let timer = Task {
            try? await Task.sleep(for: deadline)
            outcome.continuation.yield(false)
        }
        var iterator = outcome.stream.makeAsyncIterator()
        let answered = await iterator.next() ?? false
        outcome.continuation.finish()
        query.cancel()
        timer.cancel()
        return answered
    }
}

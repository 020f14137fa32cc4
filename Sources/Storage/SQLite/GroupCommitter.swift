package import Foundation
package import GRDB
import Synchronization

/// Commits board updates in batches: whoever arrives while a transaction is on the disk waits
/// for the next one, which carries every update queued meanwhile.
///
/// With `synchronous=FULL` each commit costs an fsync; batching makes that cost shared by
/// every room that writes at the same moment, while each caller still resumes only once its
/// own update is durable.
///
/// Whoever finds no commit under way writes on its own thread (an event loop, for a board
/// update): the update does not cross to another thread and back, which cost more than the
/// commit itself (docs/DECISIONS.md, "Threads an update crosses"). Updates that arrive during
/// that commit go in one transaction on GRDB's writer queue, which calls back when it is
/// durable, and so on until none waits.
///
/// For example:
/// ```swift
/// let committer = GroupCommitter(writer: database.writer)
/// let id = try await committer.append(update)  // durable when this returns
/// ```
final class GroupCommitter: Sendable {
    private struct Waiter: Sendable {
        let update: NewBoardUpdate
        let continuation: CheckedContinuation<Int64, any Error>
    }

    private struct State {
        var queue: [Waiter] = []
        var isFlushing = false
        var transactions = 0
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())

    /// Transactions written so far (for tests and metrics).
    var transactions: Int { state.withLock { $0.transactions } }

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Appends `update` and returns its id once it is committed.
    func append(_ update: NewBoardUpdate) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.queue.append(Waiter(update: update, continuation: continuation))
                defer { state.isFlushing = true }
                return !state.isFlushing
            }
            if leads { commitHere() }
        }
    }

    /// Commits what waits (the caller's own update, and any queued just before) on the calling
    /// thread, then hands what arrived meanwhile to the writer queue.
    private func commitHere() {
        let batch = takeBatch()
        guard !batch.isEmpty else { return }
        let updates = batch.map(\.update)
        let result = Result { try writer.write { db in try Self.insert(updates, into: db) } }
        finish(batch, result)
        flush()
    }

    /// Writes what waits in one transaction on GRDB's writer queue, then the next group, until
    /// none waits.
    private func flush() {
        let batch = takeBatch()
        guard !batch.isEmpty else { return }
        let updates = batch.map(\.update)
        writer.asyncWrite(
            { db in try Self.insert(updates, into: db) },
            completion: { _, result in
                self.finish(batch, result)
                self.flush()
            })
    }

    /// Takes what waits; when nothing does, the next caller leads again.
    private func takeBatch() -> [Waiter] {
        state.withLock { state in
            defer { state.queue.removeAll(keepingCapacity: true) }
            if state.queue.isEmpty { state.isFlushing = false }
            return state.queue
        }
    }

    /// Resumes a batch's callers with their ids, or with the transaction's error.
    private func finish(_ batch: [Waiter], _ result: Result<[Int64], any Error>) {
        switch result {
        case .success(let ids):
            state.withLock { $0.transactions += 1 }
            for (waiter, id) in zip(batch, ids) { waiter.continuation.resume(returning: id) }
        case .failure(let error):
            for waiter in batch { waiter.continuation.resume(throwing: error) }
        }
    }

    /// Inserts the rows with one cached statement: the record's `Codable` insert cost more than
    /// SQLite's own work for these small rows, on the thread that also serves the sockets.
    private static func insert(_ updates: [NewBoardUpdate], into db: Database) throws -> [Int64] {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO boardUpdate (boardId, data, sender, phase, createdAt) VALUES (?, ?, ?, ?, ?)")
        return try updates.map { update in
            try statement.execute(arguments: [
                update.boardId, Data(update.data), update.sender, update.phase, update.createdAt,
            ])
            return db.lastInsertedRowID
        }
    }
}

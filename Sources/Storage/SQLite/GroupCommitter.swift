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
/// The transaction goes to GRDB's writer queue, which calls back when it is durable: no task or
/// actor sits between the room and the queue, so an update crosses to the writer's thread and
/// back, where an actor, a flushing task and `await writer.write` made it cross four times
/// (docs/DECISIONS.md, "Threads an update crosses").
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
            let start = state.withLock { state in
                state.queue.append(Waiter(update: update, continuation: continuation))
                defer { state.isFlushing = true }
                return !state.isFlushing
            }
            if start { flush() }
        }
    }

    /// Writes what waits in one transaction, then the next group, until none waits.
    private func flush() {
        let batch = state.withLock { state in
            defer { state.queue.removeAll(keepingCapacity: true) }
            if state.queue.isEmpty { state.isFlushing = false }
            return state.queue
        }
        guard !batch.isEmpty else { return }
        let updates = batch.map(\.update)
        writer.asyncWrite(
            { db in
                try updates.map { update in
                    var record = BoardUpdateRecord(
                        boardId: update.boardId, data: Data(update.data), sender: update.sender,
                        phase: update.phase, createdAt: update.createdAt)
                    try record.insert(db)
                    return record.id ?? 0
                }
            },
            completion: { _, result in
                switch result {
                case .success(let ids):
                    self.state.withLock { $0.transactions += 1 }
                    for (waiter, id) in zip(batch, ids) { waiter.continuation.resume(returning: id) }
                case .failure(let error):
                    for waiter in batch { waiter.continuation.resume(throwing: error) }
                }
                self.flush()
            })
    }
}

package import Foundation
package import GRDB

/// Commits board updates in batches: whoever arrives while a transaction is on the disk waits
/// for the next one, which carries every update queued meanwhile.
///
/// With `synchronous=FULL` each commit costs an fsync; batching makes that cost shared by
/// every room that writes at the same moment, while each caller still resumes only once its
/// own update is durable. For example:
///
/// ```swift
/// let committer = GroupCommitter(writer: database.writer)
/// let rowID = try await committer.append(update)  // durable when this returns
/// ```
actor GroupCommitter {
    private struct Waiter {
        let update: NewBoardUpdate
        let continuation: CheckedContinuation<Int64, any Error>
    }

    private let writer: any DatabaseWriter
    private var queue: [Waiter] = []
    private var isFlushing = false

    /// The number of transactions committed so far (for metrics and tests).
    private(set) var transactions = 0

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Appends an update and returns its row id once it is committed.
    func append(_ update: NewBoardUpdate) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Waiter(update: update, continuation: continuation))
            if !isFlushing {
                isFlushing = true
                Task { await self.flush() }
            }
        }
    }

    /// Writes batches until the queue is empty; the only task that touches the disk.
    private func flush() async {
        while !queue.isEmpty {
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            do {
                let ids = try await writer.write { db in
                    try batch.map { waiter in
                        var record = BoardUpdateRecord(
                            boardId: waiter.update.boardId,
                            data: Data(waiter.update.data),
                            sender: waiter.update.sender,
                            phase: waiter.update.phase,
                            createdAt: waiter.update.createdAt
                        )
                        try record.insert(db)
                        return record.id ?? 0
                    }
                }
                transactions += 1
                for (waiter, id) in zip(batch, ids) { waiter.continuation.resume(returning: id) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        isFlushing = false
    }
}

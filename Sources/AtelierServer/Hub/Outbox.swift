import NIOCore
import Synchronization

/// A connection's bounded queue of outgoing messages, drained by that connection's own writer.
///
/// Fan-out only appends here and never waits on a socket, so one slow or stalled client never
/// delays the others. When the queue is full the connection is given up: everything still queued
/// is dropped and a close (4408) takes its place; the client reconnects and resyncs.
final class Outbox: Sendable {
    /// What the writer sends next.
    enum Item: Sendable {
        /// A binary message.
        case message(ByteBuffer)
        /// A text message (the live channel's JSON).
        case text(String)
        /// A close frame with its code and reason; nothing follows it.
        case close(code: UInt16, reason: String)
    }

    /// What happened to a message handed to `push`.
    enum PushResult: Equatable {
        /// Queued.
        case queued
        /// The queue was full: the connection is now closing with 4408.
        case overflowed
        /// The connection is already closing; the message was dropped.
        case closed
    }

    private struct State {
        var items: CircularBuffer<Item> = []
        var waiter: CheckedContinuation<Item?, Never>?
        /// The writer holds an item it has not finished writing.
        var inFlight = false
        var isClosing = false
        var isFinished = false
    }

    private let state = Mutex(State())
    private let limit: Int

    /// Makes an outbox holding at most `limit` messages.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Queues a binary message, or closes the connection with 4408 when the queue is full.
    func push(_ buffer: ByteBuffer) -> PushResult {
        push(item: .message(buffer))
    }

    /// Queues a text message, or closes the connection with 4408 when the queue is full.
    func push(text: String) -> PushResult {
        push(item: .text(text))
    }

    private func push(item: Item) -> PushResult {
        let (result, resume): (PushResult, (CheckedContinuation<Item?, Never>, Item)?) = state.withLock { state in
            if state.isClosing || state.isFinished { return (.closed, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                state.inFlight = true
                return (.queued, (waiter, item))
            }
            if state.items.count >= limit {
                state.items.removeAll()
                state.isClosing = true
                state.items.append(
                    .close(code: CloseCode.outboxOverflow.rawValue, reason: "too slow: outbox overflow, resync"))
                return (.overflowed, nil)
            }
            state.items.append(item)
            return (.queued, nil)
        }
        if let (waiter, item) = resume { waiter.resume(returning: item) }
        return result
    }

    /// Queues a close after what is already queued; later messages are dropped.
    /// Closes with a typed code after what is queued.
    func close(_ code: CloseCode, reason: String) {
        close(code: code.rawValue, reason: reason)
    }

    func close(code: UInt16, reason: String) {
        let waiter: CheckedContinuation<Item?, Never>? = state.withLock { state in
            guard !state.isClosing, !state.isFinished else { return nil }
            state.isClosing = true
            if let waiter = state.waiter {
                state.waiter = nil
                state.inFlight = true
                return waiter
            }
            state.items.append(.close(code: code, reason: reason))
            return nil
        }
        waiter?.resume(returning: .close(code: code, reason: reason))
    }

    /// Ends the queue: the writer's `next()` returns nil once the queue is drained.
    func finish() {
        let waiter: CheckedContinuation<Item?, Never>? = state.withLock { state in
            state.isFinished = true
            defer { state.waiter = nil }
            return state.items.isEmpty ? state.waiter : nil
        }
        waiter?.resume(returning: nil)
    }

    /// The next item to send, waiting for one; nil once finished and drained. One consumer only.
    func next() async -> Item? {
        await withCheckedContinuation { continuation in
            let item: Item?? = state.withLock { state in
                // Asking for the next item means the previous one is written.
                state.inFlight = false
                if let item = state.items.popFirst() {
                    state.inFlight = true
                    return .some(item)
                }
                if state.isFinished { return .some(nil) }
                state.waiter = continuation
                return nil
            }
            if let item { continuation.resume(returning: item) }
        }
    }

    /// Whether a message may bypass the queue and go straight to the socket: nothing queued,
    /// nothing being written, not closing. Fan-out uses it to skip the writer task when the
    /// connection keeps up; order is kept because everything after a queued item queues too.
    func canBypass() -> Bool {
        state.withLock { !$0.inFlight && $0.items.isEmpty && !$0.isClosing && !$0.isFinished }
    }

    /// Whether a close is queued or sent: the connection takes no more messages.
    var isClosing: Bool { state.withLock { $0.isClosing } }

    /// Messages waiting to be written (for tests and metrics).
    var count: Int { state.withLock { $0.items.count } }
}

import NIOCore
import Synchronization

/// A connection's bounded queue of outgoing messages, drained by the connection's socket
/// (``WebSocketPeer``) on its event loop.
///
/// Fan-out only appends here and never waits on a socket, so one slow or stalled client never
/// delays the others. When the queue is full the connection is given up: everything still queued
/// is dropped and a close (4408) takes its place; the client reconnects and resyncs.
///
/// The writer is woken (``setWriter(_:)``) when a message arrives at an idle queue, and then owns
/// the queue until ``take()`` finds it empty: further messages only append.
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
        /// Wakes the writer; nil until one is attached.
        var wake: (@Sendable () -> Void)?
        /// The writer was woken and has not yet found the queue empty.
        var draining = false
        var isClosing = false
        var isFinished = false

        /// Marks the queue as draining and returns the writer to wake, if it is idle.
        mutating func wakeIfIdle() -> (@Sendable () -> Void)? {
            guard !draining, let wake else { return nil }
            draining = true
            return wake
        }
    }

    private let state = Mutex(State())
    private let limit: Int

    /// Makes an outbox holding at most `limit` messages.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Attaches the writer: `wake` is called, outside any lock, whenever messages wait for an idle
    /// writer — at once if some already do.
    func setWriter(_ wake: @escaping @Sendable () -> Void) {
        let resume = state.withLock { state -> (@Sendable () -> Void)? in
            state.wake = wake
            return state.items.isEmpty ? nil : state.wakeIfIdle()
        }
        resume?()
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
        let (result, wake) = state.withLock { state -> (PushResult, (@Sendable () -> Void)?) in
            if state.isClosing || state.isFinished { return (.closed, nil) }
            if state.items.count >= limit {
                state.items.removeAll()
                state.isClosing = true
                state.items.append(
                    .close(code: CloseCode.outboxOverflow.rawValue, reason: "too slow: outbox overflow, resync"))
                return (.overflowed, state.wakeIfIdle())
            }
            state.items.append(item)
            return (.queued, state.wakeIfIdle())
        }
        wake?()
        return result
    }

    /// Closes with a typed code after what is queued; later messages are dropped.
    func close(_ code: CloseCode, reason: String) {
        close(code: code.rawValue, reason: reason)
    }

    /// Queues a close after what is already queued; later messages are dropped.
    func close(code: UInt16, reason: String) {
        let wake = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.isClosing, !state.isFinished else { return nil }
            state.isClosing = true
            state.items.append(.close(code: code, reason: reason))
            return state.wakeIfIdle()
        }
        wake?()
    }

    /// The socket is gone: what is queued is dropped, nothing more is taken, and the writer is
    /// let go (it holds the socket's handler, which holds this outbox).
    func finish() {
        let writer = state.withLock { state in
            state.isFinished = true
            state.items.removeAll()
            defer { state.wake = nil }
            return state.wake
        }
        _ = writer  // released outside the lock
    }

    /// The next item for the writer, or nil when the queue is empty: the writer is then idle
    /// until woken again. Only the woken writer calls it.
    func take() -> Item? {
        state.withLock { state in
            if let item = state.items.popFirst() { return item }
            state.draining = false
            return nil
        }
    }

    /// Whether a message may bypass the queue and go straight to the socket: nothing queued,
    /// the writer idle, not closing. Fan-out uses it on the socket's event loop, where the writer
    /// also runs, to skip the queue when the connection keeps up; order is kept because
    /// everything after a queued item queues too.
    func canBypass() -> Bool {
        state.withLock { !$0.draining && $0.items.isEmpty && !$0.isClosing && !$0.isFinished }
    }

    /// Whether the server queued or sent a close: the connection takes no more messages, and
    /// what its client sent after is not read. (A client that closed, or a socket that is gone,
    /// finishes the outbox instead: what the client sent before is still handled.)
    var isClosing: Bool { state.withLock { $0.isClosing } }

    /// Messages waiting to be written (for tests and metrics).
    var count: Int { state.withLock { $0.items.count } }
}

import NIOCore
import Synchronization

/// A socket's events, handed to its session in order, one at a time, by a task that runs only
/// while events wait: an idle socket holds no task (and none of a task's memory).
///
/// When more than ``highWater`` events wait, the peer stops reading the socket until the
/// session has caught up to ``lowWater`` (``onResume``), so a fast sender is slowed down by TCP
/// rather than buffered without bound.
final class SocketInbox: Sendable {
    /// What the session is handed.
    enum Event: Sendable {
        case open
        case message(SocketMessage)
        case refuse(CloseCode, String)
        case closed
    }

    /// Reading pauses above this many waiting events…
    static let highWater = 32
    /// …and resumes at this many.
    static let lowWater = 8

    private struct State {
        var events: CircularBuffer<Event> = []
        var running = false
        var paused = false
    }

    private let state = Mutex(State())
    private let session: any SocketSession
    private let executor: EventLoopExecutor
    private let tasks: SocketTasks
    private let onResume: @Sendable () -> Void

    /// An inbox for `session` whose task runs on `loop` (the socket's event loop) and is
    /// counted in `tasks`; `onResume` is called (from any thread) when reading may resume.
    init(
        session: any SocketSession, loop: any EventLoop, tasks: SocketTasks,
        onResume: @escaping @Sendable () -> Void
    ) {
        self.session = session
        self.executor = tasks.executor(on: loop)
        self.tasks = tasks
        self.onResume = onResume
    }

    /// Queues an event, starting the task that hands them over if none runs. Past
    /// ``highWater`` waiting events the inbox is paused (``isPaused``).
    func push(_ event: Event) {
        let start = state.withLock { state in
            state.events.append(event)
            if state.events.count > Self.highWater { state.paused = true }
            defer { state.running = true }
            return !state.running
        }
        if start {
            tasks.started()
            Task(executorPreference: executor) {
                await self.run()
                self.tasks.ended()
            }
        }
    }

    /// Whether reading is paused.
    var isPaused: Bool { state.withLock { $0.paused } }

    private func run() async {
        while let event = next() {
            switch event {
            case .open:
                await session.open()
            case .message(let message):
                // After a close is queued (a refusal, an overflow) the rest is dropped unread.
                if !session.outbox.isClosing { await session.receive(message) }
            case .refuse(let code, let reason):
                if !session.outbox.isClosing { await session.refuse(code, reason: reason) }
            case .closed:
                await session.closed()
            }
        }
    }

    /// The next event, or nil (and the task ends) when none waits.
    private func next() -> Event? {
        let (event, resume) = state.withLock { state -> (Event?, Bool) in
            guard let event = state.events.popFirst() else {
                state.running = false
                return (nil, false)
            }
            if state.paused, state.events.count <= Self.lowWater {
                state.paused = false
                return (event, true)
            }
            return (event, false)
        }
        if resume { onResume() }
        return event
    }
}

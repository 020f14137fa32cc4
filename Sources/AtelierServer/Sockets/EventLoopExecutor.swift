import NIOCore
import Synchronization

/// Runs a task's jobs on a NIO event loop: a socket's session work starts on the thread that
/// read its message, and the room it calls (a default actor) runs there too, so a message does
/// not wake a thread of the cooperative pool on its way in, and the broadcast to the sockets of
/// that loop is queued on the thread already awake (docs/DECISIONS.md, "Threads an update
/// crosses").
///
/// What runs here runs between the loop's reads and writes, as in Node: a long job (decoding a
/// large board) delays the loop's other sockets for its duration. Once the server stops
/// (``SocketTasks/close(within:)``), jobs go to the global executor instead: the loops are
/// about to shut down, and a loop that has shut down takes no job.
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop
    private let tasks: SocketTasks

    init(loop: any EventLoop, tasks: SocketTasks) {
        self.loop = loop
        self.tasks = tasks
    }

    func enqueue(_ job: consuming ExecutorJob) {
        guard !tasks.isClosing else {
            globalConcurrentExecutor.enqueue(job)
            return
        }
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}

/// The session tasks of one server's sockets (``SocketInbox``): counted, so the server can let
/// them finish — a closing socket leaves its room — before its event loops shut down.
final class SocketTasks: Sendable {
    private let closing = Atomic(false)
    private let running = Atomic(0)

    /// Whether the server is stopping: session work no longer goes to the event loops.
    var isClosing: Bool { closing.load(ordering: .acquiring) }

    /// Session tasks running now.
    var count: Int { running.load(ordering: .relaxed) }

    /// An executor on `loop` for a socket's session task.
    func executor(on loop: any EventLoop) -> EventLoopExecutor {
        EventLoopExecutor(loop: loop, tasks: self)
    }

    func started() { running.add(1, ordering: .relaxed) }
    func ended() { running.subtract(1, ordering: .relaxed) }

    /// Sends session work off the event loops from now on, and waits up to `timeout` for the
    /// running session tasks to end.
    func close(within timeout: Duration) async {
        closing.store(true, ordering: .releasing)
        let deadline = ContinuousClock.now + timeout
        while count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

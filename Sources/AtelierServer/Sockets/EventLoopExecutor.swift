import NIOCore

/// Runs a task's jobs on a NIO event loop: a socket's session work starts on the thread that
/// read its message, and the room it calls (a default actor) runs there too, so a message does
/// not wake a thread of the cooperative pool on its way in, and the broadcast to the sockets of
/// that loop is queued on the thread already awake (docs/DECISIONS.md, "Threads an update
/// crosses").
///
/// What runs here runs between the loop's reads and writes, as in Node: a long job (decoding a
/// large board) delays the loop's other sockets for its duration.
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}

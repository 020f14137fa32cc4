import Foundation
import Synchronization

/// A program the tests start (the server, the peers), with `posix_spawn` and nothing of
/// Foundation's `Process`.
///
/// Why not `Process`: under load, in this suite's hundreds of parallel spawns, a peer was once
/// started with a standard output it could not write to (`print` failed with EBADF), and once
/// one never saw its standard input close — descriptors of the test process crossed between
/// spawns. Here the child opens its own output files (`addopen`), the only descriptor the
/// parent makes for it is a close-on-exec pipe for its standard input, and every other
/// descriptor is closed in the child at the spawn itself (`addclosefrom_np`), not from a list
/// made before. The parent reaps the child with `waitpid`.
final class ChildProcess: Sendable {
    /// What the child's standard output and error are: files it opens itself.
    struct Output: Sendable {
        let standardOutput: String
        /// Nil: the same file as the standard output.
        let standardError: String?
        /// Append to the files instead of truncating them.
        let append: Bool
    }

    private struct State {
        var pid: pid_t = 0
        var status: Int32?
        /// The writing end of the child's standard input.
        var input: Int32 = -1
    }

    private let executable: String
    private let arguments: [String]
    private let environment: [String: String]
    private let directory: String?
    private let output: Output
    private let state = Mutex(State())

    init(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String?,
        output: Output
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.output = output
    }

    /// Starts the child; its standard input is a pipe until ``closeInput()``.
    func start() throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ends: [Int32] = [-1, -1]
        guard Self.libc.pipe2(&ends, O_CLOEXEC) == 0 else { throw TestFailure("pipe2 failed: errno \(errno)") }
        defer { close(ends[0]) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        let mode = O_WRONLY | O_CREAT | (output.append ? O_APPEND : O_TRUNC)
        posix_spawn_file_actions_addopen(&actions, 1, output.standardOutput, mode, 0o644)
        if let standardError = output.standardError {
            posix_spawn_file_actions_addopen(&actions, 2, standardError, mode, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        if let directory { _ = Self.libc.addChdir(&actions, directory) }
        if Self.libc.addCloseFrom(&actions, 3) != 0 { throw TestFailure("addclosefrom_np failed") }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, as `Process` did: a ^C in a terminal reaches the test runner only.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(ends[1])
            throw TestFailure("could not start \(executable): \(String(cString: strerror(spawned)))")
        }
        state.withLock {
            $0.pid = pid
            $0.input = ends[1]
        }
    }

    var processIdentifier: pid_t { state.withLock { $0.pid } }

    /// Whether the child still runs (reaps it once it has exited).
    var isRunning: Bool {
        state.withLock { state in
            guard state.status == nil, state.pid > 0 else { return false }
            var status: Int32 = 0
            let waited = waitpid(state.pid, &status, WNOHANG)
            if waited == 0 { return true }
            state.status = waited == state.pid ? Self.exitStatus(status) : -1
            return false
        }
    }

    /// The exit status, or the signal that ended the child (as `Process` gave it); -1 while it runs.
    var status: Int32 {
        _ = isRunning
        return state.withLock { $0.status ?? -1 }
    }

    /// Closes the child's standard input.
    func closeInput() {
        state.withLock { state in
            if state.input >= 0 { close(state.input) }
            state.input = -1
        }
    }

    /// Sends a signal while the child runs.
    func signal(_ number: Int32) {
        if isRunning { kill(processIdentifier, number) }
    }

    deinit {
        state.withLock { state in
            if state.input >= 0 { close(state.input) }
            guard state.pid > 0, state.status == nil else { return }
            kill(state.pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(state.pid, &status, 0) == -1 && errno == EINTR {}
        }
    }

    /// `WEXITSTATUS`, or `WTERMSIG` for a child a signal ended.
    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }

    /// The GNU functions Glibc declares only under `_GNU_SOURCE`, looked up once.
    private struct LibC: Sendable {
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
            -> Int32
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        let pipe2: Pipe2
        let addChdir: AddChdir
        let addCloseFrom: AddCloseFrom

        init() {
            let handle = dlopen(nil, RTLD_NOW)
            func symbol<T>(_ name: String, as type: T.Type) -> T {
                guard let pointer = dlsym(handle, name) else { fatalError("\(name) is not in this libc") }
                return unsafeBitCast(pointer, to: type)
            }
            pipe2 = symbol("pipe2", as: Pipe2.self)
            addChdir = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
            addCloseFrom = symbol("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)
        }
    }

    private static let libc = LibC()
}

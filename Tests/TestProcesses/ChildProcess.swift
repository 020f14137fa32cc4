import Glibc
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
package final class ChildProcess: Sendable {
    /// What the child's standard output and error are: files it opens itself.
    package struct Output: Sendable {
        /// Where the standard error goes.
        package enum Errors: Sendable {
            /// Where the standard output goes.
            case withOutput
            /// To a file of its own.
            case file(String)
            /// Where the test runner's goes.
            case inherited
        }

        let standardOutput: String
        let standardError: Errors
        /// Append to the files instead of truncating them.
        let append: Bool

        package init(standardOutput: String, standardError: Errors, append: Bool = false) {
            self.standardOutput = standardOutput
            self.standardError = standardError
            self.append = append
        }

        /// Both to `/dev/null`.
        package static let discarded = Output(standardOutput: "/dev/null", standardError: .withOutput)
    }

    /// What the child's standard input is.
    package enum Input: Sendable {
        /// A file it opens itself (`/dev/null` unless said otherwise).
        case file(String)
        /// A close-on-exec pipe from the parent, open until ``closeInput()``.
        case pipe
    }

    /// Why a child could not be started.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    private struct State {
        var pid: pid_t = 0
        var status: Int32?
        /// The writing end of the child's standard input.
        var input: Int32 = -1
    }

    private let executable: String
    private let arguments: [String]
    private let environment: [String: String]?
    private let directory: String?
    private let output: Output
    private let input: Input
    private let state = Mutex(State())

    /// A child of `executable` (a path) in `directory`, with `environment` (nil: the test
    /// runner's own).
    package init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        output: Output, input: Input = .file("/dev/null")
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.output = output
        self.input = input
    }

    /// Starts the child.
    package func start() throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ends: [Int32] = [-1, -1]
        switch input {
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .pipe:
            guard Self.libc.pipe2(&ends, O_CLOEXEC) == 0 else { throw Failure(description: "pipe2: errno \(errno)") }
            posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        }
        defer { if ends[0] >= 0 { close(ends[0]) } }
        let mode = O_WRONLY | O_CREAT | (output.append ? O_APPEND : O_TRUNC)
        posix_spawn_file_actions_addopen(&actions, 1, output.standardOutput, mode, 0o644)
        switch output.standardError {
        case .withOutput: posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 2, path, mode, 0o644)
        case .inherited: break
        }
        if let directory, Self.libc.addChdir(&actions, directory) != 0 {
            throw Failure(description: "addchdir_np failed")
        }
        if Self.libc.addCloseFrom(&actions, 3) != 0 { throw Failure(description: "addclosefrom_np failed") }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, as `Process` did: a ^C in a terminal reaches the test runner only.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for pointer in argv + (envp ?? []) { free(pointer) } }
        var pid: pid_t = 0
        let spawned =
            envp == nil
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            : posix_spawn(&pid, executable, &actions, &attributes, argv, &envp!)
        guard spawned == 0 else {
            if ends[1] >= 0 { close(ends[1]) }
            throw Failure(description: "could not start \(executable): \(String(cString: strerror(spawned)))")
        }
        state.withLock {
            $0.pid = pid
            $0.input = ends[1]
        }
    }

    package var processIdentifier: Int32 { state.withLock { $0.pid } }

    /// Whether the child still runs (reaps it once it has exited).
    package var isRunning: Bool {
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
    package var status: Int32 {
        _ = isRunning
        return state.withLock { $0.status ?? -1 }
    }

    /// Waits for the child to exit, blocking the calling thread; its status.
    package func waitUntilExit() -> Int32 {
        let pid = processIdentifier
        guard pid > 0 else { return -1 }
        var raw: Int32 = 0
        var waited: Int32
        repeat { waited = waitpid(pid, &raw, 0) } while waited == -1 && errno == EINTR
        return state.withLock { state in
            // Reaped here, or already by `isRunning` (then this wait found no child).
            if state.status == nil { state.status = waited == pid ? Self.exitStatus(raw) : -1 }
            return state.status ?? -1
        }
    }

    /// Closes the child's standard input.
    package func closeInput() {
        state.withLock { state in
            if state.input >= 0 { close(state.input) }
            state.input = -1
        }
    }

    /// Sends a signal while the child runs.
    package func signal(_ number: Int32) {
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

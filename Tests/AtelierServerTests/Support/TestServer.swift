import Foundation
import Synchronization
import TestProcesses
import Testing

/// The real `atelier` binary, started on a free loopback port with its own data directory.
///
/// Tests drive it as a user would: over HTTP and WebSockets, and with signals (SIGTERM, SIGKILL).
final class TestServer: @unchecked Sendable {
    /// The package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary under test: `ATELIER_BIN`, else the debug build.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ATELIER_BIN"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/atelier")
    }

    let token = "test-facilitator-token-0123456789abcdef"
    let dataDirectory: URL
    let extraArguments: [String]
    /// A command the binary is started through (e.g. `prlimit --nofile=64:64`).
    let launcher: [String]
    /// The environment's facilitator token (nil: none, so one is generated).
    let adminToken: String?
    private(set) var port: Int = 0
    private var process: ChildProcess?
    private let logURL: URL

    /// Starts a server; `arguments` are passed to `atelier serve`.
    init(
        arguments: [String] = [], dataDirectory: URL? = nil, launcher: [String] = [],
        adminToken: String? = "test-facilitator-token-0123456789abcdef", waitForHealth: Bool = true
    ) async throws {
        self.launcher = launcher
        self.adminToken = adminToken
        self.dataDirectory =
            dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("atelier-test-\(UUID().uuidString)")
        self.extraArguments = arguments
        self.logURL = self.dataDirectory.appendingPathComponent("server.log")
        try FileManager.default.createDirectory(at: self.dataDirectory, withIntermediateDirectories: true)
        try await start(waitForHealth: waitForHealth)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var wsURL: String { "ws://127.0.0.1:\(port)" }

    /// Starts (or restarts) the process on a fresh free port, and waits until `/healthz` answers.
    ///
    /// The free port comes from the kernel's ephemeral range, which outgoing connections (other
    /// tests' clients and peers) use too: one may take it before the server binds it. A server
    /// that exits saying so is started again on another port; one that exits for another reason
    /// fails the test at once with its log.
    func start(waitForHealth: Bool = true) async throws {
        for attempt in 1...5 {
            try launch()
            guard waitForHealth, let process else { return }
            var exited = false
            var lastAnswer = "none"
            do {
                try await waitUntil("server answers /healthz", timeout: .seconds(60)) {
                    if !process.isRunning {
                        exited = true
                        return true
                    }
                    do {
                        let status = try await HTTP.get("\(self.baseURL)/healthz").status
                        lastAnswer = "status \(status)"
                        return status == 200
                    } catch {
                        lastAnswer = "\(error)"
                        return false
                    }
                }
            } catch {
                // The test's directory (and its log) goes with the test: say what the log says now.
                throw TestFailure(
                    "\(error) (pid \(process.processIdentifier) on port \(port), running: \(process.isRunning), "
                        + "last answer: \(lastAnswer)); the server's log ends: \(serverLog.suffix(2_000))")
            }
            guard exited else { return }
            self.process = nil
            guard serverLog.contains("Address already in use"), attempt < 5 else {
                throw TestFailure(
                    "the server exited (\(process.status)) before answering: \(serverLog.suffix(2_000))")
            }
        }
    }

    /// What the server has written to its log so far.
    private var serverLog: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Runs the process on a fresh free port.
    private func launch() throws {
        port = try Self.freePort()
        let arguments =
            ["serve", "--port", "\(port)", "--data-dir", dataDirectory.path, "--log-level", "notice"] + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["ATELIER_ADMIN_TOKEN"] = adminToken
        let command = launcher.isEmpty ? [Self.binary.path] : launcher + [Self.binary.path]
        let process = ChildProcess(
            command[0], Array(command.dropFirst()) + arguments, environment: environment,
            directory: Self.packageRoot.path,
            output: .init(standardOutput: logURL.path, standardError: .withOutput, append: true))
        try process.start()
        self.process = process
    }

    /// Stops with SIGTERM (graceful) and waits for the exit status.
    @discardableResult
    func stop() async -> Int32 {
        guard let process else { return 0 }
        process.signal(SIGTERM)
        await waitForExit(process)
        self.process = nil
        return process.status
    }

    /// The names of the process's threads, from `/proc` (`NIO-SGLTN-1-#0`: a loop of NIO's
    /// singleton group).
    func threadNames() throws -> [String] {
        guard let pid else { throw TestFailure("the server does not run") }
        return try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").compactMap { task in
            try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)
        }
    }

    /// The process id (signals from tests).
    var pid: Int32? { process?.processIdentifier }

    /// Whether the process runs.
    var isRunning: Bool { process?.isRunning ?? false }

    /// Waits for the process to exit on its own; its status.
    func waitForExit(timeout: Duration) async throws -> Int32 {
        guard let process else { return 0 }
        try await waitUntil("server exits", timeout: timeout) { !process.isRunning }
        self.process = nil
        return process.status
    }

    /// Kills with SIGKILL: no flush, no goodbye.
    func kill() async {
        guard let process else { return }
        process.signal(SIGKILL)
        await waitForExit(process)
        self.process = nil
    }

    /// The server's output so far (for failure messages).
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    deinit {
        process = nil  // killed and reaped before its directory goes
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    private func waitForExit(_ process: ChildProcess) async {
        try? await waitUntil("server exits", timeout: .seconds(60)) { !process.isRunning }
    }

    /// Ports handed out in this process. Tests run in parallel, and the kernel may give the
    /// same free port to two probes before either server binds it: the second server then
    /// fails to start, its health check is answered by the first, and it vanishes mid-test
    /// when the first one stops (seen once in CI as "Connection refused").
    private static let handedOut = Mutex<Set<Int>>([])

    /// A free loopback TCP port, never one handed out before in this process.
    static func freePort() throws -> Int {
        for _ in 0..<1_000 {
            let port = try probePort()
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw TestFailure("no free port that was not handed out already")
    }

    /// A port the kernel says is free now.
    private static func probePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A failure with a message, for test helpers.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds, failing after `timeout` (generous: CI machines are slow).
func waitUntil(
    _ what: String, timeout: Duration = .seconds(30), poll: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: poll)
    }
    // A stalled process (a busy machine) must not turn a finished wait into a timeout.
    if try await condition() { return }
    throw TestFailure("timed out waiting until \(what)")
}

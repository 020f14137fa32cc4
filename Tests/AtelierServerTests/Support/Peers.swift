import Foundation
import TestProcesses

/// Independent peers the interop tests drive: Python (pycrdt, websockets, selenium) and Node.
enum Peers {
    /// The close code the server sends a socket it refuses right after the upgrade, read by
    /// an independent client (Python's `websockets`): the Swift client can miss a close frame
    /// that arrives with the upgrade's answer. Nil when the socket stayed open for 10 s.
    static func refusalCode(_ url: String) async throws -> Int? {
        let output = try await run(python, [script("Interop/server/ws_probe.py"), url, "--timeout", "10"])
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return json?["code"] as? Int
    }

    static let root = TestServer.packageRoot

    /// The venv's Python (`ATELIER_PYTHON` overrides).
    static var python: String {
        ProcessInfo.processInfo.environment["ATELIER_PYTHON"] ?? root.appendingPathComponent(".venv/bin/python").path
    }

    /// Debian's node.
    static var node: String { ProcessInfo.processInfo.environment["ATELIER_NODE"] ?? "/usr/bin/node" }

    /// A script under `Tests/`.
    static func script(_ relativePath: String) -> String {
        root.appendingPathComponent("Tests").appendingPathComponent(relativePath).path
    }

    /// Runs a program to completion and returns its standard output; throws on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws
        -> String
    {
        let process = PeerProcess(executable, arguments)
        try process.start()
        try await waitUntil(
            "\(URL(fileURLWithPath: arguments.first ?? executable).lastPathComponent) finishes", timeout: timeout
        ) {
            !process.isRunning
        }
        let output = process.output
        guard process.status == 0 else {
            throw TestFailure(
                "\(arguments.first ?? executable) exited \(process.status)\nstdout: \(output)\nstderr: \(process.errors)"
            )
        }
        return output
    }
}

/// A child process whose output is collected to files (no pipe can fill up and block it).
final class PeerProcess: Sendable {
    private let child: ChildProcess
    private let outURL: URL
    private let errURL: URL

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) {
        var env = ProcessInfo.processInfo.environment
        env["NODE_PATH"] = "/usr/share/nodejs"
        env["PYTHONUNBUFFERED"] = "1"
        for (key, value) in environment { env[key] = value }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString)")
        outURL = base.appendingPathExtension("out")
        errURL = base.appendingPathExtension("err")
        child = ChildProcess(
            executable, arguments, environment: env, directory: Peers.root.path,
            output: .init(standardOutput: outURL.path, standardError: .file(errURL.path)), input: .pipe)
    }

    func start() throws {
        try child.start()
    }

    var isRunning: Bool { child.isRunning }
    var status: Int32 { child.status }
    var output: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Output lines parsed as JSON objects (lines that are not JSON are skipped).
    var jsonLines: [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Closes the child's standard input (peers that hold until stdin closes then finish).
    func closeInput() {
        child.closeInput()
    }

    func terminate() {
        child.signal(SIGTERM)
    }

    /// Sends a signal (e.g. SIGUSR1, which some peers answer with a line).
    func signal(_ number: Int32) {
        child.signal(number)
    }

    deinit {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
}

/// Close code and reason as seen by an independent WebSocket client.
struct ProbeResult: Decodable {
    let code: Int?
    let reason: String
    let received: Int

    static func probe(_ url: String, sendHex: [String] = []) async throws -> ProbeResult {
        let output = try await Peers.run(
            Peers.python, [Peers.script("Interop/server/ws_probe.py"), url] + sendHex.flatMap { ["--send-hex", $0] })
        return try JSONDecoder().decode(ProbeResult.self, from: Data(output.utf8))
    }
}

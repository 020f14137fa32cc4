import Foundation
import TestProcesses

/// Helpers shared by YCore tests: locating fixtures, running tools, hashing.
enum TestSupport {
    /// The repository's `Tests/Fixtures` (data the suite needs; it never reads `../shared`).
    static var fixturesDirectory: URL {
        // #filePath is …/Tests/YCoreTests/TestSupport.swift; Tests/ is one level up.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    /// Runs an executable and returns its standard output (and exit status). It is started with
    /// the tests' `ChildProcess` (posix_spawn; input and output through files), its errors going
    /// to the test runner's.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil
    )
        throws -> (output: Data, status: Int32)
    {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ycore-run-\(UUID().uuidString)")
        let (outURL, inURL) = (base.appendingPathExtension("out"), base.appendingPathExtension("in"))
        defer { for url in [outURL, inURL] { try? FileManager.default.removeItem(at: url) } }
        if let stdin { try stdin.write(to: inURL) }
        let child = ChildProcess(
            executable, arguments, environment: env,
            output: .init(standardOutput: outURL.path, standardError: .inherited),
            input: .file(stdin == nil ? "/dev/null" : inURL.path))
        try child.start()
        let status = child.waitUntilExit()
        return (try Data(contentsOf: outURL), status)
    }

    /// Whether node with Debian's Yjs is available.
    static var hasNode: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/node")
            && FileManager.default.fileExists(atPath: "/usr/share/nodejs/yjs")
    }

    /// Runs a CommonJS script with `NODE_PATH=/usr/share/nodejs`.
    static func node(_ script: String) throws -> String {
        let (data, status) = try run(
            "/usr/bin/node", ["-e", script], environment: ["NODE_PATH": "/usr/share/nodejs"])
        precondition(status == 0, "node failed")
        return String(decoding: data, as: UTF8.self)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        while let a = it.next(), let b = it.next() { out.append(nibble(a) << 4 | nibble(b)) }
        return out
    }
}

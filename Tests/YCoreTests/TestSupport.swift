import Foundation

/// Helpers shared by YCore tests: locating fixtures, running tools, hashing.
enum TestSupport {
    /// The repository's `Tests/Fixtures` (data the suite needs; it never reads `../shared`).
    static var fixturesDirectory: URL {
        // #filePath is …/Tests/YCoreTests/TestSupport.swift; Tests/ is one level up.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    /// Runs an executable and returns its standard output (and exit status). Input and output
    /// go through files, not pipes: Foundation's pipes do not close on exec, so a process
    /// another test spawns at the same moment could inherit a pipe's writing end and keep
    /// this one's output from ever ending.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil
    )
        throws -> (output: Data, status: Int32)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ycore-run-\(UUID().uuidString)")
        let (outURL, inURL) = (base.appendingPathExtension("out"), base.appendingPathExtension("in"))
        defer { for url in [outURL, inURL] { try? FileManager.default.removeItem(at: url) } }
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        defer { try? out.close() }
        process.standardOutput = out
        if let stdin {
            try stdin.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        }
        try process.run()
        process.waitUntilExit()
        try (process.standardInput as? FileHandle)?.close()
        return (try Data(contentsOf: outURL), process.terminationStatus)
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

import Foundation
import Testing

/// `atelier ydoc json` against what Debian's Yjs prints for the same updates.
@Suite("atelier ydoc json")
struct YDocCommandTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ydoc-\(UUID().uuidString)")

    func fixtures() async throws -> [String: Any] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = try await Peers.run(Peers.node, [Peers.script("Interop/server/ydoc_fixture.cjs"), directory.path])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    }

    func ydoc(_ arguments: [String]) async throws -> PeerProcess {
        let process = PeerProcess(TestServer.binary.path, ["ydoc", "json"] + arguments)
        try process.start()
        try await waitUntil("ydoc finishes") { !process.isRunning }
        return process
    }

    @Test("prints the same JSON as Yjs, byte for byte")
    func sameAsYjs() async throws {
        let expected = try #require(try await fixtures()["full"] as? String)
        let run = try await ydoc([
            "--root", "x=xml", directory.appendingPathComponent("full.bin").path,
        ])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.trimmingCharacters(in: .newlines) == expected)
        let parts = try await ydoc([
            "--root", "x=xml", directory.appendingPathComponent("part1.bin").path,
            directory.appendingPathComponent("part2.bin").path,
        ])
        #expect(parts.output.trimmingCharacters(in: .newlines) == expected)
    }

    @Test("a --root absent from the document prints as empty")
    func absentRoot() async throws {
        _ = try await fixtures()
        let run = try await ydoc([
            "--root", "none=array", "--root", "nothing=text", "--root", "x=xml",
            directory.appendingPathComponent("part1.bin").path,
        ])
        #expect(run.status == 0)
        #expect(run.output.contains(#""none":[]"#))
        #expect(run.output.contains(#""nothing":"""#))
    }

    @Test("malformed input exits 1 with the file and offset")
    func malformed() async throws {
        _ = try await fixtures()
        let full = try Data(contentsOf: directory.appendingPathComponent("full.bin"))
        let truncated = directory.appendingPathComponent("truncated.bin")
        try full.prefix(full.count / 2).write(to: truncated)
        let run = try await ydoc([truncated.path])
        #expect(run.status == 1)
        #expect(run.errors.contains("truncated.bin"))
        #expect(run.errors.contains("offset"))
        #expect(run.errors.split(separator: "\n").count == 1)
    }

    @Test("missing dependencies: exit 0 with what integrated and a warning naming the ranges")
    func missingDependencies() async throws {
        _ = try await fixtures()
        let run = try await ydoc([directory.appendingPathComponent("late.bin").path])
        #expect(run.status == 0)
        #expect(run.output.trimmingCharacters(in: .newlines) == "{}")
        #expect(run.errors.contains("43:"))
    }
}

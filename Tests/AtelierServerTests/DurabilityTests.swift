import Foundation
import Testing

/// An update the server broadcast survives SIGKILL: 20 clients write while the server is killed,
/// several times over; after each restart every update any client had received is on the board.
@Suite("Durability", .serialized)
struct DurabilityTests {
    @Test("every broadcast update survives SIGKILL, over several kills")
    func survivesKill() async throws {
        let server = try await TestServer()
        let board = "crash-board"
        var everything = Set<String>()
        for round in 1...3 {
            let writers = PeerProcess(
                Peers.python,
                [
                    Peers.script("Interop/server/durability_peers.py"), "write", server.wsURL, server.token, board,
                    "--clients", "20", "--prefix", "r\(round)",
                ])
            try writers.start()
            defer { writers.terminate() }
            // Kill once a good number of updates has been broadcast (the count varies per run).
            try await waitUntil("writers receive broadcasts", timeout: .seconds(90)) {
                let received = writers.jsonLines.last { $0["event"] as? String == "progress" }?["received"] as? Int ?? 0
                return received >= 3000 * round || !writers.isRunning
            }
            await server.kill()
            try await waitUntil("writers notice the crash", timeout: .seconds(90)) { !writers.isRunning }
            let done = try #require(
                writers.jsonLines.first { $0["event"] as? String == "done" },
                "writers: \(writers.output) \(writers.errors)")
            let received = Set(done["received"] as? [String] ?? [])
            #expect(
                received.count > 0,
                "round \(round): the writers received nothing before the kill; writers: \(writers.errors.suffix(2000)); server: \(server.log.suffix(2000))"
            )
            everything.formUnion(received)

            try await server.start()
            let state = try await Peers.run(
                Peers.python,
                [Peers.script("Interop/server/durability_peers.py"), "read", server.wsURL, server.token, board])
            let line = try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any]
            let stored = Set(line?["keys"] as? [String] ?? [])
            let lost = everything.subtracting(stored)
            #expect(
                lost.isEmpty,
                "round \(round): \(lost.count) broadcast updates lost, e.g. \(lost.prefix(5)); \(stored.count) stored; server: \(server.log.suffix(3000))"
            )
            print(
                "durability round \(round): \(received.count) updates received before the kill, \(stored.count) stored")
        }
        await server.stop()
    }
}

import Foundation
import Logging
import Testing

@testable import Storage

/// A node whose PostgreSQL goes away answers "try again" in seconds, not after PostgresNIO's
/// minute of reconnecting, and serves again once it is back (docs/OPERATIONS.md, "When
/// PostgreSQL does not answer"). The line to the database goes through a relay the test cuts.
@Suite("PostgreSQL outage", .serialized, .enabled(if: ClusterSupport.available))
struct DatabaseOutageTests {
    /// A relay to the test's PostgreSQL, listening on `port` (or one the system picks).
    static func relay(to database: URLComponents, port: Int? = nil) async throws -> (PeerProcess, Int) {
        let relay = PeerProcess(
            Peers.python,
            [
                Peers.script("Interop/server/tcp_relay.py"), database.host ?? "127.0.0.1",
                String(database.port ?? 5432),
            ] + (port.map { [String($0)] } ?? []))
        try relay.start()
        try await waitUntil("the relay listens") {
            Int(relay.output.trimmingCharacters(in: .whitespacesAndNewlines)) != nil
        }
        return (relay, try #require(Int(relay.output.trimmingCharacters(in: .whitespacesAndNewlines))))
    }

    @Test("with PostgreSQL gone, links and writes answer 503 unavailable within seconds; once back, everything works")
    func outage() async throws {
        let url = try await PostgresStore.createScratchDatabase(
            onServer: try #require(ClusterSupport.serverURL), logger: Logger(label: "test"))
        let database = try #require(URLComponents(string: url))
        var (relay, port) = try await Self.relay(to: database)
        var relayed = database
        relayed.port = port
        let node = try await TestServer(arguments: ["--database", try #require(relayed.string)])
        let api = API(server: node)
        let session = try await ClusterSupport.session(through: api, board: "empathy-map")
        let participant = try #require(session.participants.first?.token)
        #expect(try await HTTP.get(node.baseURL + "/api/v1/me", token: participant).status == 200)

        relay.signal(SIGKILL)
        try await waitUntil("the node notices", timeout: .seconds(30)) {
            node.log.contains("PostgreSQL does not answer")
        }
        let start = ContinuousClock.now
        let link = try await HTTP.get(node.baseURL + "/api/v1/me", token: participant)
        let write = try await HTTP.send(
            node.baseURL + "/api/v1/sessions", method: .POST, token: node.token,
            body: try JSONSerialization.data(withJSONObject: try API.exampleDefinition()))
        #expect(ContinuousClock.now - start < .seconds(10), "the answers took \(ContinuousClock.now - start)")
        for reply in [link, write] {
            #expect(reply.status == 503, "\(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
            #expect(reply.header("Retry-After") == "5")
            let body = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            #expect((body?["error"] as? [String: Any])?["code"] as? String == "unavailable", "\(body ?? [:])")
        }

        (relay, _) = try await Self.relay(to: database, port: port)
        try await waitUntil("the node serves again", timeout: .seconds(60)) {
            (try? await HTTP.get(node.baseURL + "/api/v1/me", token: participant))?.status == 200
        }
        _ = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        relay.signal(SIGKILL)
        _ = await node.stop()
    }
}

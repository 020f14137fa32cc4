import Foundation
import Testing

/// Independent Yjs peers in one room of the real server: Debian's Yjs under Node, two pycrdt
/// (Rust yrs) clients and headless Chromium running the web app. They edit a Y.Map, a Y.Array
/// and a Y.Text concurrently and must converge; the Node peer's awareness must reach the
/// browser and be removed when it disconnects.
@Suite("Interop", .serialized)
struct InteropTests {
    @Test("Node, two pycrdt clients and Chromium converge in one room; awareness comes and goes")
    func fourPeersConverge() async throws {
        let server = try await TestServer()
        let threads = try Self.nioThreads(of: server)
        #expect(
            threads.contains("SGLTN") && !threads.contains("ELT"), "sockets on the loops that run the tasks: \(threads)"
        )
        try await Self.fourPeers(node: server, pycrdt: [server, server], browser: server)
    }

    @Test("on Swift's own thread pool (--no-tasks-on-event-loops) the same four peers converge")
    func fourPeersConvergeOnThePool() async throws {
        let server = try await TestServer(arguments: ["--no-tasks-on-event-loops"])
        let threads = try Self.nioThreads(of: server)
        #expect(threads.contains("ELT"), "sockets on loops of their own: \(threads)")
        try await Self.fourPeers(node: server, pycrdt: [server, server], browser: server)
    }

    /// The kinds of NIO threads the server's process has, from their names in /proc
    /// (`NIO-SGLTN-1-#1`: a loop of NIO's singleton, `NIO-ELT-1-#1`: of a group of its own).
    static func nioThreads(of server: TestServer) throws -> Set<String> {
        Set(
            try server.threadNames().filter { $0.hasPrefix("NIO-") }.map {
                String($0.dropFirst(4).prefix { $0 != "-" })
            })
    }

    /// The Node peer connects to `node`, the pycrdt peers to `pycrdt`, the browser to `browser`
    /// (one server, or nodes of a cluster).
    static func fourPeers(
        node nodeServer: TestServer, pycrdt pycrdtServers: [TestServer], browser browserServer: TestServer
    )
        async throws
    {
        let board = "interop-\(UInt32.random(in: 0...UInt32.max))"
        let names = ["NodePeer", "py1", "py2", "Browser"]
        let expected = names.joined(separator: ",")
        let expectedJSON = browserServer.dataDirectory.appendingPathComponent("expected-\(board).json")

        let browser = PeerProcess(
            Peers.python,
            [
                Peers.script("Browser/demo_board_check.py"), "--url", browserServer.baseURL, "--token",
                browserServer.token,
                "--board", board, "--name", "Browser", "--item", "from Browser", "--map-key", "Browser",
                "--map-value", "from Browser", "--text", "Browser ", "--wait-for-json", expectedJSON.path,
                "--wait-for-awareness-name", "NodePeer", "--wait-no-awareness-name", "NodePeer", "--timeout", "120",
            ])
        let node = PeerProcess(
            Peers.node,
            [
                Peers.script("Interop/server/node_peer.cjs"), nodeServer.wsURL, nodeServer.token, board, "NodePeer",
                expected,
            ])
        let pycrdt = zip(["py1", "py2"], pycrdtServers).map { name, server in
            PeerProcess(
                Peers.python,
                [Peers.script("Interop/server/pycrdt_peer.py"), server.wsURL, server.token, board, name, expected])
        }
        for peer in [browser, node] + pycrdt { try peer.start() }
        defer { for peer in [browser, node] + pycrdt { peer.terminate() } }

        // The Node peer's converged document is what the browser must reach too.
        try await waitUntil("the Node peer converges", timeout: .seconds(150)) {
            node.jsonLines.contains { $0["event"] as? String == "converged" } || !node.isRunning
        }
        let nodeDoc = try #require(
            node.jsonLines.first { $0["event"] as? String == "converged" }?["doc"] as? [String: Any],
            "node peer: \(node.output) \(node.errors)")
        try JSONSerialization.data(withJSONObject: nodeDoc).write(to: expectedJSON)

        // Once the browser has seen the Node peer's presence, the Node peer leaves.
        try await waitUntil("the browser sees the Node peer's awareness", timeout: .seconds(150)) {
            browser.jsonLines.contains { $0["event"] as? String == "present" } || !browser.isRunning
        }
        node.closeInput()
        try await waitUntil("the browser finishes", timeout: .seconds(150)) { !browser.isRunning }
        #expect(browser.status == 0, "browser: \(browser.output)\n\(browser.errors)")
        let report = try #require(browser.jsonLines.first { $0["event"] as? String == "ready" }, "\(browser.output)")
        let awarenessNames = (report["awareness"] as? [[String: Any]] ?? []).compactMap {
            (($0["state"] as? [String: Any])?["user"] as? [String: Any])?["name"] as? String
        }
        #expect(!awarenessNames.contains("NodePeer"))
        #expect(awarenessNames.contains("Browser"))

        for peer in pycrdt {
            try await waitUntil("a pycrdt peer finishes", timeout: .seconds(150)) { !peer.isRunning }
            #expect(peer.status == 0, "pycrdt: \(peer.output)\n\(peer.errors)")
        }
        let docs: [Any] =
            [nodeDoc, report["doc"] as Any]
            + pycrdt.compactMap { $0.jsonLines.first { $0["event"] as? String == "converged" }?["doc"] }
        #expect(docs.count == 4)
        for doc in docs {
            #expect(NSDictionary(dictionary: doc as? [String: Any] ?? [:]).isEqual(to: nodeDoc), "\(doc) vs \(nodeDoc)")
        }
        let map = try #require(nodeDoc["map"] as? [String: String])
        #expect(Set(map.keys) == Set(names))
        #expect((nodeDoc["list"] as? [String])?.count == 4)
    }
}

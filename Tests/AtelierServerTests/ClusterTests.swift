import Foundation
import Logging
import NIOHTTP1
import Testing
import YCore
import YSync

@testable import Storage

/// Several real `atelier` processes on one real PostgreSQL (the server `ATELIER_TEST_DATABASE_URL`
/// names; script/test starts a throwaway one). Each test gets a database of its own.
enum ClusterSupport {
    static var serverURL: String? {
        let url = ProcessInfo.processInfo.environment["ATELIER_TEST_DATABASE_URL"]
        return url?.isEmpty == false ? url : nil
    }

    static var available: Bool { serverURL != nil }

    /// `count` nodes on a new database, sharing one data directory (uploaded images).
    /// The close code `socket` gets within a minute; a failure says which socket stayed open,
    /// with both nodes' logs.
    static func closeCode(of socket: TestSocket, _ what: String, nodes: [TestServer]) async throws -> Int? {
        do {
            return try await socket.closeFrame("\(what) closes", timeout: .seconds(60))?.closeCode.number
        } catch {
            Issue.record(
                "\(error)\n--- node A:\n\(nodes[0].log.suffix(4000))\n--- node B:\n\(nodes[1].log.suffix(4000))")
            throw error
        }
    }

    /// A session from the example, created through `api`: its id, group g1's board of `kind`,
    /// and g1's participants (invite id and token).
    static func session(through api: API, board kind: String) async throws -> (
        id: String, board: String, participants: [(id: String, token: String)]
    ) {
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let session = try #require(created["id"] as? String)
        let g1 = try #require((created["groups"] as? [[String: Any]])?.first { $0["id"] as? String == "g1" })
        let board = try #require(
            (g1["boards"] as? [[String: Any]])?.first { $0["kind"] as? String == kind }?["id"] as? String)
        let participants = (created["invites"] as? [[String: Any]] ?? []).filter {
            $0["role"] as? String == "participant" && $0["group"] as? String == "g1"
        }.compactMap { invite -> (id: String, token: String)? in
            guard let id = invite["id"] as? String, let token = invite["token"] as? String else { return nil }
            return (id, token)
        }
        return (session, board, participants)
    }

    static func nodes(_ count: Int, arguments: [String] = []) async throws -> [TestServer] {
        let database = try await PostgresStore.createScratchDatabase(
            onServer: try #require(serverURL), logger: Logger(label: "test"))
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-cluster-\(UUID())")
        var nodes: [TestServer] = []
        for _ in 0..<count {
            nodes.append(try await TestServer(arguments: ["--database", database] + arguments, dataDirectory: shared))
        }
        return nodes
    }
}

@Suite("Several nodes on one PostgreSQL", .serialized, .enabled(if: ClusterSupport.available))
struct ClusterTests {
    @Test("three nodes: peers on each converge with every update delivered once, and see each other's presence")
    func convergence() async throws {
        let nodes = try await ClusterSupport.nodes(3)
        let api = API(server: nodes[0])
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let g1 = try #require((created["groups"] as? [[String: Any]])?.first { $0["id"] as? String == "g1" })
        let board = try #require(
            (g1["boards"] as? [[String: Any]])?.first { $0["kind"] as? String == "empathy-map" }?["id"] as? String)
        let urls = nodes.map(\.wsURL).joined(separator: ",")
        let output = try await Peers.run(
            Peers.python,
            [
                Peers.script("Interop/server/cluster_peers.py"), "converge", "--urls", urls, "--token",
                nodes[0].token, "--board", board, "--peers", "6", "--updates", "40",
            ], timeout: .seconds(240))
        let done = try #require(Self.lastJSON(output), "\(output)")
        #expect(done["converged"] as? Bool == true, "\(output)")
        let expected = try #require(done["expectedFrames"] as? Int)
        for peer in done["peers"] as? [[String: Any]] ?? [] {
            #expect(peer["frames"] as? Int == expected, "every update once: \(peer)")
            #expect((peer["presence"] as? [String])?.count == 6, "presence of every peer: \(peer)")
        }
        // How often a node lost the race to append three times in a row and took the board's turn.
        var turns: [String] = []
        for node in nodes {
            let metrics = try await HTTP.get(node.baseURL + "/metrics", token: nil).text
            turns.append(
                metrics.split(separator: "\n")
                    .filter { $0.hasPrefix("atelier_board_turns_total") || $0.hasPrefix("atelier_updates_total") }
                    .joined(separator: ", "))
        }
        print("cluster convergence: boards' turns taken per node: \(turns)")
        // The board as stored holds every key, read through any node.
        for node in nodes {
            let export = try await HTTP.get(node.baseURL + "/api/v1/boards/\(board)/export.json", token: node.token)
            let items = (try export.json() as? [String: Any])?["m"] as? [String: Any]
            #expect(items?.count == 240, "\(node.baseURL)")
        }
    }

    @Test(
        "three nodes: Node's y-websocket client, pycrdt and Chromium, each on its own node, converge and see presence come and go"
    )
    func independentPeersOnThreeNodes() async throws {
        let nodes = try await ClusterSupport.nodes(3)
        try await InteropTests.fourPeers(node: nodes[0], pycrdt: [nodes[1], nodes[1]], browser: nodes[2])
    }

    @Test(
        "a session deleted through one node: the other's sockets close (4404), its board stays dead there, archive holds"
    )
    func deletionAcrossNodes() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let (a, b) = (API(server: nodes[0]), nodes[1])
        let (session, board, participants) = try await ClusterSupport.session(through: a, board: "empathy-map")
        let participant = try #require(participants.first?.token)
        // Archived through A: B refuses writes too.
        _ = try await a.post("/api/v1/sessions/\(session)/archive")
        try await waitUntil("node B holds the archived session") {
            let state = try await API(server: b).get("/api/v1/sessions/\(session)")
            return state["archivedAt"] != nil
        }
        #expect(
            try await API(server: b).refusal(
                .PUT, "/api/v1/sessions/\(session)/groups/g1/problem", ["text": "?"], token: participant, status: 409)
                == "session-archived")
        _ = try await a.post("/api/v1/sessions/\(session)/unarchive")
        // Sockets on B; the deletion through A.
        let sync = try await TestSocket("\(b.wsURL)/sync/\(board)?token=\(participant)")
        try await sync.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        let live = try await TestSocket("\(b.wsURL)/live/\(session)?token=\(participant)")
        _ = try await live.waitForEvent("hello")
        let deleted = try await HTTP.send(
            nodes[0].baseURL + "/api/v1/sessions/\(session)", method: .DELETE, token: nodes[0].token)
        #expect(deleted.status == 204)
        func closed(_ socket: TestSocket, _ what: String) async throws -> Int? {
            try await ClusterSupport.closeCode(of: socket, what, nodes: nodes)
        }
        #expect(try await closed(sync, "node B's board socket") == 4404)
        #expect(try await closed(live, "node B's live channel") == 4404)
        #expect(try await HTTP.get(b.baseURL + "/api/v1/sessions/\(session)", token: b.token).status == 404)
        #expect(try await Peers.refusalCode("\(b.wsURL)/sync/\(board)?token=\(b.token)") == 4404)
    }

    @Test("a person revoked, reissued or moved through one node loses their sockets on the other at once")
    func lostAccessAcrossNodes() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let (a, b) = (API(server: nodes[0]), nodes[1])
        let (session, board, people) = try await ClusterSupport.session(through: a, board: "empathy-map")
        #expect(people.count >= 3)
        func closed(_ socket: TestSocket, _ what: String) async throws -> Int? {
            try await ClusterSupport.closeCode(of: socket, what, nodes: nodes)
        }
        // The change, the close code of the board socket, whether the live channel closes too.
        let changes: [(HTTPMethod, String, [String: Any], Int, Bool)] = [
            (.POST, "invites/{invite}/revoke", [:], 4401, true),
            (.POST, "invites/{invite}/reissue", [:], 4401, true),
            (.PATCH, "people/{invite}", ["group": "g2"], 4403, false),
        ]
        for ((method, route, body, code, liveCloses), (invite, token)) in zip(changes, people) {
            let sync = try await TestSocket("\(b.wsURL)/sync/\(board)?token=\(token)")
            try await sync.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
            let live = try await TestSocket("\(b.wsURL)/live/\(session)?token=\(token)")
            _ = try await live.waitForEvent("hello")
            let path = "/api/v1/sessions/\(session)/" + route.replacingOccurrences(of: "{invite}", with: invite)
            _ = try await a.send(method, path, body)
            #expect(try await closed(sync, "node B's board socket after \(route)") == code, "\(route)")
            if liveCloses {
                #expect(try await closed(live, "node B's live channel after \(route)") == 4401, "\(route)")
            } else {
                await live.close()
            }
        }
    }

    @Test("applies on one node and discards on the other of one quarantine entry at once: one wins, board agrees")
    func quarantineDecisionsAcrossNodes() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let a = API(server: nodes[0])
        // The "how might we" board is locked in the first phase: a participant's note is kept.
        let (session, board, participants) = try await ClusterSupport.session(through: a, board: "hmw")
        let participant = try #require(participants.first?.token)
        let sync = try await TestSocket("\(nodes[0].wsURL)/sync/\(board)?token=\(participant)")
        try await sync.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        func pending() async throws -> [[String: Any]] {
            (try await a.get("/api/v1/sessions/\(session)/quarantine")["entries"] as? [[String: Any]] ?? [])
        }
        for round in 0..<5 {
            try await sync.send(
                .update(YjsUpdates.note(clientID: UInt64(800 + round), id: "q\(round)", text: "refusé \(round)")))
            try await waitUntil("the note is quarantined") { try await pending().count == round + 1 }
            let qid = try #require(try await pending().first { $0["status"] as? String == "pending" }?["id"] as? Int)
            let answers = try await withThrowingTaskGroup(of: (String, Int).self) { tasks in
                for (index, node) in nodes.enumerated() {
                    let decision = index == 0 ? "apply" : "discard"
                    for _ in 0..<3 {
                        tasks.addTask {
                            let reply = try await HTTP.send(
                                "\(node.baseURL)/api/v1/sessions/\(session)/quarantine/\(qid)/\(decision)",
                                method: .POST,
                                token: node.token)
                            return (decision, reply.status)
                        }
                    }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            let winners = answers.filter { $0.1 == 200 }.map(\.0)
            #expect(winners.count == 1, "round \(round): \(answers)")
            #expect(answers.allSatisfy { $0.1 == 200 || $0.1 == 409 }, "round \(round): \(answers)")
            let applied = winners.first == "apply"
            let status = try await pending().first { $0["id"] as? Int == qid }?["status"] as? String
            #expect(status == (applied ? "applied" : "discarded"), "round \(round)")
            let items = try await a.get("/api/v1/boards/\(board)/export.json")["items"] as? [String: Any]
            #expect((items?["q\(round)"] != nil) == applied, "round \(round): \(winners)")
        }
        await sync.close()
    }

    @Test("a participant typing on one node while the session changes on the other keeps typing: nothing closes")
    func typingThroughSessionChanges() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let (a, b) = (API(server: nodes[0]), nodes[1])
        let (session, board, participants) = try await ClusterSupport.session(through: a, board: "empathy-map")
        let participant = try #require(participants.first?.token)
        let sync = try await TestSocket("\(b.wsURL)/sync/\(board)?token=\(participant)")
        try await sync.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        // Each note goes to node B while node A renames another group: every update then meets
        // a session newer than the one its room judged it under.
        let doc = Doc(clientID: 9_100)
        var updates: [[UInt8]] = []
        let observer = doc.onUpdate { bytes, _ in updates.append(bytes) }
        defer { observer.cancel() }
        let notes = 30
        for index in 0..<notes {
            doc.transact { _ in
                doc.getMap("items").set("n\(index)", .map([("type", "note"), ("text", .text("idée \(index)"))]))
            }
            try await sync.send(.update(updates[index]))
            _ = try await a.send(.PATCH, "/api/v1/sessions/\(session)/groups/g2", ["name": "Groupe 2 · \(index)"])
        }
        do {
            try await waitUntil("every note is on the board, read through node A") {
                let export = try await a.get("/api/v1/boards/\(board)/export.json")
                return (export["items"] as? [String: Any])?.count == notes
            }
        } catch {
            let export = try await a.get("/api/v1/boards/\(board)/export.json")
            let landed = (export["items"] as? [String: Any])?.keys.sorted() ?? []
            let logs = "--- node A:\n\(nodes[0].log.suffix(3000))\n--- node B:\n\(nodes[1].log.suffix(3000))"
            Issue.record("\(landed) of \(notes); socket: \(sync.messages.suffix(5))\n\(logs)")
            throw error
        }
        let refusals = sync.messages.filter { if case .permissionDenied = $0 { true } else { false } }
        #expect(refusals.isEmpty, "\(refusals)")
        await sync.close()
    }

    @Test("a phase move on one node reaches a participant's live channel on another; two advances at once move it once")
    func sessionsAcrossNodes() async throws {
        let nodes = try await ClusterSupport.nodes(3)
        let (a, c) = (API(server: nodes[0]), nodes[2])
        let created = try await a.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let session = try #require(created["id"] as? String)
        let participant = try #require(
            (created["invites"] as? [[String: Any]])?.first { $0["role"] as? String == "participant" }?["token"]
                as? String)
        // The participant on node C listens; the facilitator moves the phase on node A.
        let live = try await TestSocket("\(c.wsURL)/live/\(session)?token=\(participant)")
        _ = try await a.post("/api/v1/sessions/\(session)/phase", ["action": "advance"])
        let event = try await live.waitForEvent("phase") { ($0["to"] as? String) == "define" }
        #expect(event["from"] as? String == "empathize")
        await live.close()
        // Node C answers with the new phase too.
        let state = try await API(server: c).get("/api/v1/sessions/\(session)", token: participant)
        #expect((state["phase"] as? [String: Any])?["id"] as? String == "define")

        // Two facilitators on two nodes press "advance" from define at the same instant
        // (the problem statements approved first, so that define may end).
        for group in ["g1", "g2", "g3", "g4"] {
            _ = try await a.send(.PUT, "/api/v1/sessions/\(session)/groups/\(group)/problem", ["text": "Comment ?"])
            _ = try await a.post("/api/v1/sessions/\(session)/groups/\(group)/problem/approve")
        }
        for round in 0..<5 {
            let phase = try #require(
                ((try await a.get("/api/v1/sessions/\(session)"))["phase"] as? [String: Any])?["id"] as? String)
            let replies = try await withThrowingTaskGroup(of: HTTP.Reply.self) { tasks in
                for node in nodes.prefix(2) {
                    tasks.addTask {
                        try await HTTP.send(
                            node.baseURL + "/api/v1/sessions/\(session)/phase", method: .POST, token: node.token,
                            body: try JSONSerialization.data(withJSONObject: ["action": "advance", "from": phase]))
                    }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            let statuses = replies.map(\.status)
            #expect(statuses.sorted() == [200, 409], "round \(round): \(statuses)")
            // The one who lost learns that the phase moved, not why the next move would be refused.
            let lost = replies.first { $0.status == 409 }
            #expect(lost?.text.contains("phase-changed") == true, "round \(round): \(lost?.text ?? "")")
            let audit = try await a.get("/api/v1/sessions/\(session)/audit")
            let moves = (audit["entries"] as? [[String: Any]] ?? []).filter { $0["from"] as? String == phase }
            #expect(moves.count == 1, "round \(round): the phase moved once from \(phase)")
            if (try await a.get("/api/v1/sessions/\(session)")["phase"] as? [String: Any])?["id"] as? String
                == "pitch"
            {
                break
            }
        }
    }

    @Test("two clients on two nodes each add a 10th slide to a 9-slide deck at once: the deck ends with 10")
    func slideLimitAcrossNodes() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let api = API(server: nodes[0])
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let session = try #require(created["id"] as? String)
        _ = try await api.post(
            "/api/v1/sessions/\(session)/phase",
            ["action": "goto", "phase": "prototype", "override": true, "reason": "deck test"])
        let invites = try #require(created["invites"] as? [[String: Any]])
        let presenters = invites.filter { $0["group"] as? String == "g1" && $0["role"] as? String == "participant" }
            .compactMap { $0["token"] as? String }
        let g1 = try #require((created["groups"] as? [[String: Any]])?.first { $0["id"] as? String == "g1" })
        let deck = try #require(
            (g1["boards"] as? [[String: Any]])?.first { $0["kind"] as? String == "deck" }?["id"] as? String)
        let peer = Peers.script("Interop/server/deck_peer.py")
        _ = try await Peers.run(Peers.python, [peer, nodes[0].wsURL, presenters[0], deck, "--add", "9"])
        // Both nodes have the deck's room loaded at 9 slides before the race.
        for node in nodes {
            try await waitUntil("node sees 9 slides") {
                let export = try await HTTP.get(node.baseURL + "/api/v1/boards/\(deck)/export.json", token: node.token)
                return ((try export.json() as? [String: Any])?["slides"] as? [Any])?.count == 9
            }
        }
        async let first = Peers.run(Peers.python, [peer, nodes[0].wsURL, presenters[1], deck, "--add", "1"])
        async let second = Peers.run(Peers.python, [peer, nodes[1].wsURL, presenters[2], deck, "--add", "1"])
        _ = try await (first, second)
        for node in nodes {
            try await waitUntil("node \(node.baseURL) has the deck at 10 slides") {
                let export = try await HTTP.get(node.baseURL + "/api/v1/boards/\(deck)/export.json", token: node.token)
                return ((try export.json() as? [String: Any])?["slides"] as? [Any])?.count == 10
            }
        }
        let stored = try await api.get("/api/v1/boards/\(deck)/export.json")
        #expect((stored["slides"] as? [Any])?.count == 10)
        let quarantine = try await api.get("/api/v1/sessions/\(session)/quarantine")
        #expect(
            (quarantine["entries"] as? [[String: Any]] ?? []).contains {
                $0["reasonCode"] as? String == "slide-limit"
            }, "the refused slide is kept in quarantine")
    }

    @Test("failover: node A is killed three times while 20 writers write through A and B; nothing broadcast is lost")
    func failover() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let (a, b) = (nodes[0], nodes[1])
        let board = "failover-board"
        let seed = UInt64(ProcessInfo.processInfo.environment["ATELIER_TEST_SEED"] ?? "") ?? .random(in: 1...1_000_000)
        print("cluster failover seed=\(seed) (replay: ATELIER_TEST_SEED=\(seed))")
        var random = SeededRandom(seed: seed)
        var everything = Set<String>()
        for round in 1...3 {
            let stop = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID())").path
            let writers = PeerProcess(
                Peers.python,
                [
                    Peers.script("Interop/server/cluster_peers.py"), "failover", "--urls", "\(a.wsURL),\(b.wsURL)",
                    "--token", a.token, "--board", board, "--clients", "20", "--prefix", "r\(round)",
                    "--stop-file", stop,
                ])
            try writers.start()
            defer { writers.terminate() }
            func progress(_ key: String) -> Int {
                writers.jsonLines.last { $0["event"] as? String == "progress" }?[key] as? Int ?? 0
            }
            // Kill A at a random moment, once some updates went round.
            let target = Int.random(in: 300...2_000, using: &random)
            try await waitUntil("writers receive \(target) broadcasts", timeout: .seconds(120)) {
                progress("received") >= target || !writers.isRunning
            }
            await a.kill()
            // A's writers carry on through B.
            let before = progress("received")
            try await waitUntil("writers carry on through B", timeout: .seconds(120)) {
                progress("reconnects") >= 10 && progress("received") >= before + 1_000
            }
            FileManager.default.createFile(atPath: stop, contents: nil)
            try await waitUntil("writers stop", timeout: .seconds(60)) { !writers.isRunning }
            let done = try #require(
                writers.jsonLines.first { $0["event"] as? String == "done" }, "writers: \(writers.errors.suffix(2000))")
            everything.formUnion(done["received"] as? [String] ?? [])
            try await a.start()
            for node in [a, b] {
                let state = try await Peers.run(
                    Peers.python,
                    [Peers.script("Interop/server/durability_peers.py"), "read", node.wsURL, node.token, board])
                let line = try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any]
                let stored = Set(line?["keys"] as? [String] ?? [])
                let lost = everything.subtracting(stored)
                #expect(
                    lost.isEmpty,
                    "round \(round), \(node.baseURL): \(lost.count) broadcast updates lost, e.g. \(lost.prefix(5))")
            }
            print("cluster failover round \(round): \(everything.count) keys broadcast so far, all stored")
        }
    }

    @Test("atelier migrate moves a sprint from SQLite to PostgreSQL and back, and nothing differs")
    func migration() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let session = try #require(created["id"] as? String)
        let base = "/api/v1/sessions/\(session)"
        let invites = try #require(created["invites"] as? [[String: Any]])
        let alice = try #require(
            invites.first { $0["role"] as? String == "participant" && $0["group"] as? String == "g1" }?["token"]
                as? String)
        let juror = try #require(invites.first { $0["role"] as? String == "juror" }?["token"] as? String)
        let groups = try #require(created["groups"] as? [[String: Any]])
        let boards = groups.flatMap { ($0["boards"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        let empathy = try #require(
            (groups[0]["boards"] as? [[String: Any]])?.first { $0["kind"] as? String == "empathy-map" }?["id"]
                as? String)
        // A sprint's worth: notes, the phases, problem statements, a pitch, Q&A, scores.
        try await Peers.run(
            Peers.python,
            [Peers.script("Interop/server/board_peer.py"), server.wsURL, alice, empathy, "--note", "n1=Persona"])
        _ = try await api.post("\(base)/phase", ["action": "advance"])
        for group in ["g1", "g2", "g3", "g4"] {
            _ = try await api.send(.PUT, "\(base)/groups/\(group)/problem", ["text": "Comment \(group) ?"])
            _ = try await api.post("\(base)/groups/\(group)/problem/approve")
        }
        _ = try await api.post(
            "\(base)/phase", ["action": "goto", "phase": "pitch", "override": true, "reason": "migration test"])
        _ = try await api.post("\(base)/groups/g1/pitch/start")
        _ = try await api.post("\(base)/groups/g1/pitch/stop")
        _ = try await api.send(
            .POST, "\(base)/groups/g1/qa", ["kind": "question", "text": "Combien ?"], token: juror, expect: 201)
        _ = try await api.send(
            .PUT, "\(base)/groups/g1/scores", ["scores": ["a14-problem": ["score": 4, "comment": "clair"]]],
            token: juror)
        // An uploaded image: a row in the store, a file in the data directory's assets/.
        let image = TestImages.png(filler: Data("migrated image".utf8))
        let uploaded = try await HTTP.send(
            server.baseURL + "/api/v1/boards/\(empathy)/assets", method: .POST, token: server.token, body: image,
            contentType: "image/png")
        #expect(uploaded.status == 201, "\(uploaded.text)")
        let hash = try #require((try uploaded.json() as? [String: Any])?["hash"] as? String)
        let original = try await Self.observe(server, session: session, boards: boards)
        await server.stop()

        // SQLite → PostgreSQL.
        let database = try await PostgresStore.createScratchDatabase(
            onServer: try #require(ClusterSupport.serverURL), logger: Logger(label: "test"))
        let there = try await Self.atelier(["migrate", "--from", server.dataDirectory.path, "--to", database])
        #expect(there.status == 0, "\(there.output)")
        #expect(there.output.contains("verified"))
        #expect(there.output.contains("images: 1 files checked"), "\(there.output)")
        let onPostgres = try await TestServer(arguments: ["--database", database])
        #expect(try await Self.observe(onPostgres, session: session, boards: boards) == original)
        await onPostgres.stop()

        // PostgreSQL → a new SQLite data directory.
        // The images are files the nodes share, not rows: without their folder nothing is copied.
        let back = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-back-\(UUID())")
        let blind = try await Self.atelier(["migrate", "--from", database, "--to", back.path])
        #expect(blind.status != 0 && blind.output.contains("--assets-from"), "\(blind.output)")
        let assets = server.dataDirectory.appendingPathComponent("assets").path
        let home = try await Self.atelier(["migrate", "--from", database, "--to", back.path, "--assets-from", assets])
        #expect(home.status == 0, "\(home.output)")
        #expect(home.output.contains("images: 1 files in"), "\(home.output)")
        let onSQLite = try await TestServer(dataDirectory: back)
        #expect(try await Self.observe(onSQLite, session: session, boards: boards) == original)
        let served = try await HTTP.get(onSQLite.baseURL + "/assets/\(hash)", token: onSQLite.token)
        let stored = try Data(contentsOf: URL(fileURLWithPath: assets).appendingPathComponent(hash))
        #expect(served.status == 200 && served.body == stored)
        // Into a store that already holds sessions: refused, nothing written.
        await onSQLite.stop()
        let twice = try await Self.atelier(["migrate", "--from", database, "--to", back.path, "--assets-from", assets])
        #expect(twice.status != 0 && twice.output.contains("not-empty"), "\(twice.output)")
    }

    /// What a person sees of a session through the API (nothing that depends on the time of asking).
    static func observe(_ server: TestServer, session: String, boards: [String]) async throws -> [String] {
        var seen: [String] = []
        for path in [
            "/api/v1/sessions/\(session)/audit", "/api/v1/sessions/\(session)/invites",
            "/api/v1/sessions/\(session)/results", "/api/v1/sessions/\(session)/quarantine",
            "/api/v1/sessions/\(session)/groups/g1/pitch", "/api/v1/sessions/\(session)/deliberation",
        ] + boards.map({ "/api/v1/boards/\($0)/export.json" })
            + boards.prefix(1).map({ "/api/v1/boards/\($0)/checkpoints" })
        {
            let reply = try await HTTP.get(server.baseURL + path, token: server.token)
            let object = try reply.json()
            let canonical = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            seen.append("\(path) \(reply.status) \(String(decoding: canonical, as: UTF8.self))")
        }
        return seen
    }

    /// Runs the `atelier` binary with `arguments`; its status and output.
    static func atelier(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = PeerProcess(TestServer.binary.path, arguments)
        try process.start()
        try await waitUntil("atelier \(arguments.first ?? "") finishes", timeout: .seconds(300)) { !process.isRunning }
        return (process.status, process.output + process.errors)
    }

    /// The last JSON line of a peer's output.
    static func lastJSON(_ output: String) -> [String: Any]? {
        output.split(separator: "\n").reversed().lazy.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.first
    }
}

/// A seeded random generator (SplitMix64), so a random test can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import NIOHTTP1
import Testing

/// Private mode on the wire (issue 15; DESIGN, "Private mode"), on the real server with
/// independent pycrdt peers: while a board is private, a participant's new note, their edit
/// to a shared note and their presence reach no other participant — watching, reconnecting or joining late, over
/// a restart too — every frame searched; the author and the facilitator have them; after the
/// reveal everyone does and the documents are equal.
@Suite("Private mode")
struct PrivateModeTests {
    @Test(
        "while private, a participant's new note and edit reach only them and the facilitator; revealed, everyone converges"
    )
    func privateOnTheWire() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await IdeateSession(on: api)
        let session = created.id
        let ideas = try created.board("ideas")
        let tokens = created.participants("g1").map(\.token)
        let (alice, bob, carol) = (tokens[0], tokens[1], tokens[2])
        let juror = try created.token(of: "juror")

        _ = try await Peers.history(server.wsURL, alice, ideas, ["--add", "s1=shared idea"])
        let mode = "/api/v1/boards/\(ideas)/mode"
        _ = try await api.refusal(.POST, mode, ["mode": "private"], token: alice, status: 403)
        _ = try await api.refusal(.POST, mode, ["mode": "secret"], status: 422)
        let live = try await TestSocket("\(server.wsURL)/live/\(session)?token=\(bob)")
        _ = try await live.waitForEvent("hello")
        _ = try await api.post(mode, ["mode": "private"])
        _ = try await live.waitForEvent("board-mode") { $0["mode"] as? String == "private" }

        // Bob watches while Alice adds a private note and edits the shared one.
        let secrets = ["private idea", "p1", "shared idea, refined", "Alice typing in private"]
        let bobWatch = try await Peers.watch(server.wsURL, bob, ideas, secrets.flatMap { ["--needle", $0] })
        let aliceSaw = try await Peers.history(
            server.wsURL, alice, ideas,
            [
                "--add", "p1=private idea", "--edit", "s1=shared idea, refined", "--presence",
                "Alice typing in private",
            ])
        #expect(Set(aliceSaw.keys) == ["s1", "p1"])

        // Alice, reconnecting with nothing kept, gets her private work back; Carol, joining
        // late, and a juror get none of it.
        let aliceBack = try await Peers.history(server.wsURL, alice, ideas)
        #expect(aliceBack["p1"]?["text"] as? String == "private idea")
        #expect(aliceBack["s1"]?["text"] as? String == "shared idea, refined")
        let carolWatch = try await Peers.watch(server.wsURL, carol, ideas, secrets.flatMap { ["--needle", $0] })
        let jurorWatch = try await Peers.watch(server.wsURL, juror, ideas, secrets.flatMap { ["--needle", $0] })
        // The facilitator sees everything.
        let export = try await api.get("/api/v1/boards/\(ideas)/export.json")
        let items = try #require(export["items"] as? [String: [String: Any]])
        #expect(items["p1"]?["text"] as? String == "private idea")

        // Over a restart, the board is still private and split the same way.
        let bobReport = try await Peers.report(bobWatch)
        let carolReport = try await Peers.report(carolWatch)
        let jurorReport = try await Peers.report(jurorWatch)
        await live.close()
        #expect(await server.stop() == 0)
        try await server.start()
        let carolAfter = try await Peers.watch(server.wsURL, carol, ideas, secrets.flatMap { ["--needle", $0] })
        let carolAfterReport = try await Peers.report(carolAfter)
        let aliceAfterRestart = try await Peers.history(server.wsURL, alice, ideas)
        #expect(aliceAfterRestart["p1"]?["text"] as? String == "private idea")
        for (who, report) in [
            ("Bob, watching", bobReport), ("Carol, joining late", carolReport), ("a juror", jurorReport),
            ("Carol, after a restart", carolAfterReport),
        ] {
            let needles = report["needles"] as? [String: Bool] ?? [:]
            #expect(needles.values.allSatisfy { !$0 } && needles.count == 4, "\(who) saw withheld work: \(report)")
            #expect((report["texts"] as? [String: Any])?["s1"] as? String == "shared idea", "\(who): \(report)")
        }

        // Revealed: Bob's open peer gets it all, Carol's fresh one too, and every copy is equal.
        let bobOpen = try await Peers.watch(server.wsURL, bob, ideas, ["--wait-item", "p1"])
        _ = try await api.post(mode, ["mode": "shared"])
        try await waitUntil("Bob's peer has the revealed note") { !bobOpen.isRunning }
        let bobFinal = try #require(bobOpen.jsonLines.last?["texts"] as? [String: String?])
        let carolFinal = try await Peers.history(server.wsURL, carol, ideas)
        let exported = try #require(
            try await api.get("/api/v1/boards/\(ideas)/export.json")["items"] as? [String: [String: Any]])
        let expected = exported.mapValues { $0["text"] as? String }
        #expect(bobFinal.mapValues { $0 } == expected, "\(bobFinal) vs \(expected)")
        #expect(carolFinal.mapValues { $0["text"] as? String } == expected)
        #expect(expected == ["s1": "shared idea, refined", "p1": "private idea"])
        let audit = try await api.get("/api/v1/sessions/\(session)/audit")
        let actions = (audit["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions.contains("board.private") && actions.contains("board.shared"))
    }

    @Test(
        "while private, export.json and checkpoints' exports and comparisons give each reader what their sync gives"
    )
    func privateOverREST() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await IdeateSession(on: api)
        let ideas = try created.board("ideas")
        let tokens = created.participants("g1").map(\.token)
        let (alice, bob) = (tokens[0], tokens[1])
        let juror = try created.token(of: "juror")
        _ = try await Peers.history(server.wsURL, alice, ideas, ["--add", "s1=shared idea"])
        _ = try await api.post("/api/v1/boards/\(ideas)/mode", ["mode": "private"])
        _ = try await Peers.history(
            server.wsURL, alice, ideas, ["--add", "p1=private idea", "--edit", "s1=shared idea, refined"])

        // The texts of an export (the board's, or a checkpoint's) as `token` reads it.
        func texts(_ path: String, _ token: String? = nil) async throws -> [String: String] {
            let items = try await api.get(path, token: token)["items"] as? [String: [String: Any]] ?? [:]
            return items.compactMapValues { $0["text"] as? String }
        }
        let theirs = ["s1": "shared idea"]
        let hers = ["s1": "shared idea, refined", "p1": "private idea"]
        let board = try #require(
            try await api.post("/api/v1/boards/\(ideas)/checkpoints", ["label": "mid"], expect: 201)["id"] as? String)
        let all = try await api.post("/api/v1/sessions/\(created.id)/checkpoints", ["label": "all"], expect: 201)
        let session = try #require(
            (all["checkpoints"] as? [[String: Any]])?.first { $0["board"] as? String == ideas }?["id"] as? String)
        for path in [
            "/api/v1/boards/\(ideas)/export.json", "/api/v1/boards/\(ideas)/checkpoints/\(board)/export.json",
            "/api/v1/boards/\(ideas)/checkpoints/\(session)/export.json",
        ] {
            #expect(try await texts(path, bob) == theirs, "Bob: \(path)")
            #expect(try await texts(path, juror) == theirs, "a juror: \(path)")
            #expect(try await texts(path, alice) == hers, "Alice: \(path)")
            #expect(try await texts(path) == hers, "the facilitator: \(path)")
        }
        // Compared with now, nothing of Alice's private work shows to Bob.
        let comparison = try await api.get("/api/v1/boards/\(ideas)/checkpoints/\(board)/compare?to=now", token: bob)
        #expect(!"\(comparison)".contains("private idea") && !"\(comparison)".contains("refined"), "\(comparison)")

        // Revealed, the checkpoint shows everyone everything it holds.
        _ = try await api.post("/api/v1/boards/\(ideas)/mode", ["mode": "shared"])
        #expect(try await texts("/api/v1/boards/\(ideas)/checkpoints/\(board)/export.json", bob) == hers)
        #expect(try await texts("/api/v1/boards/\(ideas)/export.json", bob) == hers)
    }

    @Test(
        "votes while private: shared notes' counts reach every fresh sync, others' private notes are neither listed nor voted on; revealed, all counts show"
    )
    func votesWhilePrivate() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await IdeateSession(on: api)
        let ideas = try created.board("ideas")
        let people = created.participants("g1")
        let (alice, bob, carol) = (people[0], people[1], people[2])
        let votes = "/api/v1/boards/\(ideas)/votes"
        _ = try await Peers.history(server.wsURL, bob.token, ideas, ["--add", "s1=shared idea"])
        _ = try await api.post("/api/v1/boards/\(ideas)/mode", ["mode": "private"])
        _ = try await Peers.history(server.wsURL, alice.token, ideas, ["--add", "p1=private idea"])

        // Alice votes on her own private note, Carol on the shared one; Bob cannot vote on p1.
        _ = try await api.post(votes, ["item": "p1"], token: alice.token, expect: 201)
        _ = try await api.post(votes, ["item": "s1"], token: carol.token, expect: 201)
        _ = try await api.refusal(.POST, votes, ["item": "p1"], token: bob.token, status: 404)
        #expect(try await api.get(votes, token: bob.token)["counts"] as? [String: Int] == ["s1": 1])
        #expect(try await api.get(votes, token: alice.token)["mine"] as? [String] == ["p1"])
        #expect(try await api.get(votes)["counts"] as? [String: Int] == ["s1": 1, "p1": 1])

        // Bob, syncing afresh, has Carol's dot on the shared note, and nothing of p1.
        let fresh = try await Peers.report(
            try await Peers.watch(server.wsURL, bob.token, ideas, ["--needle", "private idea"]))
        let seen = fresh["votes"] as? [String: Any]
        #expect((seen?["s1"] as? [String: Any])?[carol.id] as? Bool == true, "\(fresh)")
        #expect(seen?["p1"] == nil && (fresh["needles"] as? [String: Bool])?["private idea"] == false, "\(fresh)")

        // Revealed: the private note's dots are written too, and reach everyone.
        _ = try await api.post("/api/v1/boards/\(ideas)/mode", ["mode": "shared"])
        let after = try await Peers.report(try await Peers.watch(server.wsURL, bob.token, ideas))
        let all = after["votes"] as? [String: Any]
        #expect((all?["p1"] as? [String: Any])?[alice.id] as? Bool == true, "\(after)")
        #expect((all?["s1"] as? [String: Any])?[carol.id] as? Bool == true, "\(after)")
        #expect(try await api.get(votes, token: bob.token)["counts"] as? [String: Int] == ["s1": 1, "p1": 1])
    }
}

import Foundation
import NIOHTTP1
import Testing

/// Running the room on the real server (issue 15): activity timers and follow-me over the live
/// channel, to the right people only; votes counted by the server, with the budget held under
/// parallel requests and the board's `votes` refused to clients (pycrdt peers).
@Suite("Facilitation")
struct FacilitationTests {
    /// A session in `ideate`, with its ids and the tokens of g1's and g2's participants.
    struct Room {
        let server: TestServer
        let api: API
        let session: String
        let ideas: String
        let g1: [(id: String, token: String)]
        let g2: [(id: String, token: String)]
        let jurorToken: String
    }

    func setup() async throws -> Room {
        let server = try await TestServer()
        let session = try await IdeateSession(on: API(server: server))
        return Room(
            server: server, api: session.api, session: session.id, ideas: try session.board("ideas"),
            g1: session.participants("g1"), g2: session.participants("g2"), jurorToken: try session.token(of: "juror"))
    }

    func live(_ room: Room, _ token: String) async throws -> TestSocket {
        let socket = try await TestSocket("\(room.server.wsURL)/live/\(room.session)?token=\(token)")
        _ = try await socket.waitForEvent("hello")
        return socket
    }

    @Test(
        "activity timers: a group's timer reaches its group and the facilitator only; pause, add time, stop; time's up signalled"
    )
    func activityTimers() async throws {
        let room = try await setup()
        let base = "/api/v1/sessions/\(room.session)/timers"
        let alice = try await live(room, room.g1[0].token)
        let bob = try await live(room, room.g2[0].token)

        let group = try await room.api.post(base, ["label": "Crazy 8", "seconds": 480, "group": "g1"], expect: 201)
        let groupID = try #require(group["id"] as? String)
        #expect(group["status"] as? String == "running" && group["limitMs"] as? Int == 480_000)
        let seen = try await alice.waitForEvent("activity-timer") {
            ($0["timer"] as? [String: Any])?["id"] as? String == groupID
        }
        #expect((seen["timer"] as? [String: Any])?["label"] as? String == "Crazy 8")

        // Paused, the time left stands still; resumed, the deadline moves by the pause.
        let paused = try await room.api.post("\(base)/\(groupID)/pause")
        #expect(paused["status"] as? String == "paused")
        #expect(try await room.api.refusal(.POST, "\(base)/\(groupID)/pause", status: 409) == "timer-paused")
        let left = try #require(paused["remainingMs"] as? Int)
        let still = try await room.api.get(base)
        #expect(((still["timers"] as? [[String: Any]])?.first?["remainingMs"] as? Int) == left)
        let resumed = try await room.api.post("\(base)/\(groupID)/resume")
        #expect(resumed["status"] as? String == "running")
        #expect(try #require(resumed["deadline"] as? Int) >= (group["deadline"] as? Int ?? 0))
        let longer = try await room.api.post("\(base)/\(groupID)/add", ["seconds": 60])
        #expect(longer["limitMs"] as? Int == 540_000)
        let stopped = try await room.api.post("\(base)/\(groupID)/stop")
        #expect(stopped["status"] as? String == "stopped")
        _ = try await alice.waitForEvent("activity-timer") {
            ($0["timer"] as? [String: Any])?["status"] as? String == "stopped"
        }

        // A session-wide timer of one second reaches everyone, and signals time's up.
        let short = try await room.api.post(base, ["label": "Stretch", "seconds": 1], expect: 201)
        let shortID = try #require(short["id"] as? String)
        for socket in [alice, bob] {
            _ = try await socket.waitForEvent("activity-timer") {
                ($0["timer"] as? [String: Any])?["id"] as? String == shortID && $0["signal"] as? String == "timeup"
            }
        }
        // Bob (g2) got the session's timer after g1's, and none of g1's.
        let bobTimers = bob.events.filter { $0["type"] as? String == "activity-timer" }
        #expect(!bobTimers.contains { ($0["timer"] as? [String: Any])?["id"] as? String == groupID })
        let bobGets = try await room.api.get(base, token: room.g2[0].token)
        #expect((bobGets["timers"] as? [[String: Any]])?.map { $0["id"] as? String } == [shortID])

        // Only a facilitator runs timers; bad numbers are refused with 422.
        #expect(
            try await room.api.refusal(
                .POST, base, ["label": "x", "seconds": 60], token: room.g1[0].token, status: 403)
                == "not-facilitator")
        for seconds in [0, -5, 86_401, Int(Int32.max)] {
            _ = try await room.api.refusal(.POST, base, ["label": "x", "seconds": seconds], status: 422)
        }
        _ = try await room.api.refusal(.POST, base, ["label": "x", "seconds": 1e300], status: 422)
        _ = try await room.api.refusal(.POST, base, ["label": "", "seconds": 60], status: 422)
        _ = try await room.api.refusal(.POST, "\(base)/\(shortID)/add", ["seconds": Int.max], status: 422)
        _ = try await room.api.refusal(.POST, "\(base)/t_nothing/stop", status: 404)
        await alice.close()
        await bob.close()
    }

    @Test(
        "follow me: a group's lead reaches its participants and the facilitator, not the other groups; hello carries it"
    )
    func followMe() async throws {
        let room = try await setup()
        let path = "/api/v1/sessions/\(room.session)/follow"
        let alice = try await live(room, room.g1[0].token)
        let bob = try await live(room, room.g2[0].token)
        let view: [String: Any] = ["x": 120.5, "y": -40, "zoom": 1.5]

        let lead = try await room.api.post(path, ["board": room.ideas, "view": view, "group": "g1"])
        #expect(lead["kind"] as? String == "ideas" && lead["group"] as? String == "g1")
        let followed = try await alice.waitForEvent("follow") { $0["lead"] is [String: Any] }
        #expect((followed["lead"] as? [String: Any])?["board"] as? String == room.ideas)
        #expect(((followed["lead"] as? [String: Any])?["view"] as? [String: Any])?["zoom"] as? Double == 1.5)

        // The whole session next: Bob gets that one, and never g1's.
        _ = try await room.api.post(path, ["board": room.ideas, "view": view])
        let everyone = try await bob.waitForEvent("follow") { $0["lead"] is [String: Any] }
        #expect(everyone["group"] is NSNull)
        #expect(bob.events.filter { $0["type"] as? String == "follow" }.count == 1)

        // A late joiner of g1 gets both leads in hello; one of g2 gets the session's only.
        let carol = try await TestSocket("\(room.server.wsURL)/live/\(room.session)?token=\(room.g1[1].token)")
        let hello = try await carol.waitForEvent("hello")
        #expect(((hello["session"] as? [String: Any])?["follows"] as? [[String: Any]])?.count == 2)
        let dave = try await TestSocket("\(room.server.wsURL)/live/\(room.session)?token=\(room.g2[1].token)")
        let daveHello = try await dave.waitForEvent("hello")
        #expect(((daveHello["session"] as? [String: Any])?["follows"] as? [[String: Any]])?.count == 1)

        try await room.api.send(.POST, "\(path)/stop", ["group": "g1"], expect: 204)
        _ = try await alice.waitForEvent("follow") { $0["lead"] is NSNull }

        // Refusals: a participant, an unknown board, a view no app can show.
        _ = try await room.api.refusal(
            .POST, path, ["board": room.ideas, "view": view], token: room.g1[0].token, status: 403)
        _ = try await room.api.refusal(.POST, path, ["board": "b_nothing", "view": view], status: 404)
        for bad in [["x": 1e300, "y": 0, "zoom": 1], ["x": 0, "y": 0, "zoom": 0], ["x": 0, "y": 0, "zoom": 1e9]] {
            _ = try await room.api.refusal(.POST, path, ["board": room.ideas, "view": bad], status: 422)
        }
        for socket in [alice, bob, carol, dave] { await socket.close() }
    }

    /// Runs the vote peer; returns what it printed.
    func votePeer(_ room: Room, _ token: String, _ arguments: [String]) async throws -> String {
        try await Peers.run(
            Peers.python,
            [Peers.script("Interop/server/vote_peer.py"), room.server.wsURL, token, room.ideas] + arguments)
    }

    /// Adds notes to the ideas board from a pycrdt peer (with the schema's empty `votes`).
    func addNotes(_ room: Room, _ ids: [String]) async throws {
        for id in ids {
            try await Peers.run(
                Peers.python,
                [
                    Peers.script("Interop/server/board_peer.py"), room.server.wsURL, room.g1[0].token, room.ideas,
                    "--note", "\(id)=idea \(id)",
                ])
        }
    }

    func exportedVotes(_ room: Room) async throws -> [String: [String: Any]] {
        let export = try await room.api.get("/api/v1/boards/\(room.ideas)/export.json")
        let items = try #require(export["items"] as? [String: [String: Any]])
        return items.mapValues { $0["votes"] as? [String: Any] ?? [:] }
    }

    @Test(
        "votes: the budget holds under parallel requests, the server writes who voted, a forged vote is refused and counted nowhere"
    )
    func namedVotes() async throws {
        let room = try await setup()
        try await addNotes(room, ["n1", "n2", "n3", "n4", "n5"])
        let (alice, bob) = (room.g1[0], room.g1[1])
        let path = "/api/v1/boards/\(room.ideas)/votes"

        // Ten parallel votes of Alice on five notes, twice each: three land (the default budget).
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<10 {
                group.addTask {
                    let body = try JSONSerialization.data(withJSONObject: ["item": "n\(index % 5 + 1)"])
                    return try await HTTP.send(
                        room.server.baseURL + path, method: .POST, token: alice.token, body: body
                    ).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 3, "\(statuses.sorted())")
        #expect(statuses.allSatisfy { [200, 201, 409].contains($0) }, "\(statuses.sorted())")
        let mine = try await room.api.get(path, token: alice.token)
        #expect(mine["used"] as? Int == 3 && mine["budget"] as? Int == 3)
        let chosen = try #require(mine["mine"] as? [String])
        let free = try #require(["n1", "n2", "n3", "n4", "n5"].first { !chosen.contains($0) })
        #expect(
            try await room.api.refusal(.POST, path, ["item": free], token: alice.token, status: 409) == "vote-budget")

        // The board says who voted, as the server wrote it.
        try await waitUntil("the board shows Alice's three votes") {
            let votes = (try? await exportedVotes(room)) ?? [:]
            return votes.values.filter { $0[alice.id] as? Bool == true }.count == 3
        }
        // Withdrawn, the vote leaves the board; a second withdrawal is 404.
        try await room.api.send(.DELETE, "\(path)/\(chosen[0])", token: alice.token)
        _ = try await room.api.refusal(.DELETE, "\(path)/\(chosen[0])", token: alice.token, status: 404)
        try await waitUntil("Alice's withdrawn vote leaves the board") {
            ((try? await exportedVotes(room)) ?? [:])[chosen[0]]?[alice.id] == nil
        }

        // A raw pycrdt write into the counts is refused (and kept for the facilitator), and
        // counted nowhere: not on the board, not in the vote API.
        let forged = try await votePeer(room, bob.token, ["--forge", "\(free)=\(bob.id)"])
        #expect(forged.contains(#""event": "denied""#) && forged.contains("server-owned"), "\(forged)")
        let quarantine = try await room.api.get("/api/v1/sessions/\(room.session)/quarantine")
        let entries = quarantine["entries"] as? [[String: Any]] ?? []
        #expect(entries.contains { $0["reasonCode"] as? String == "server-owned" }, "\(entries)")
        #expect(try await exportedVotes(room)[free]?[bob.id] == nil)
        let bobs = try await room.api.get(path, token: bob.token)
        #expect(bobs["used"] as? Int == 0)
        #expect((bobs["counts"] as? [String: Int])?[free] == nil)

        // Others may not vote; an unknown item is 404; a board without votes is 409.
        _ = try await room.api.refusal(.POST, path, ["item": "n1"], token: room.g2[0].token, status: 403)
        _ = try await room.api.refusal(.POST, path, ["item": "n1"], token: room.jurorToken, status: 403)
        _ = try await room.api.refusal(.POST, path, ["item": "nope"], token: bob.token, status: 404)
    }

    @Test("a new item whose votes is a plain JSON object, not a map, is refused and kept; nobody receives it")
    func plainVotesAreServerOwned() async throws {
        let room = try await setup()
        let (alice, bob) = (room.g1[0], room.g1[1])
        let watcher = try await Peers.watch(room.server.wsURL, alice.token, room.ideas, ["--needle", "vote me"])
        let forged = try await votePeer(room, bob.token, ["--forge-plain", "forged=\(alice.id)"])
        #expect(forged.contains(#""event": "denied""#) && forged.contains("server-owned"), "\(forged)")
        let entries = try await room.api.get("/api/v1/sessions/\(room.session)/quarantine")["entries"]
        #expect(
            (entries as? [[String: Any]])?.map { $0["reasonCode"] as? String } == ["server-owned"], "\(entries ?? [])")
        let items = try await room.api.get("/api/v1/boards/\(room.ideas)/export.json")["items"] as? [String: Any]
        #expect(items?["forged"] == nil)
        let report = try await Peers.report(watcher)
        #expect((report["needles"] as? [String: Bool])?["vote me"] == false, "\(report)")
    }

    @Test(
        "anonymous votes: no participant's received bytes name a voter; counts reach everyone at reveal; reset clears")
    func anonymousVotes() async throws {
        let room = try await setup()
        try await addNotes(room, ["n1", "n2"])
        let (alice, bob) = (room.g1[0], room.g1[1])
        let path = "/api/v1/boards/\(room.ideas)/votes"
        let settings = "/api/v1/boards/\(room.ideas)/vote"
        _ = try await room.api.post(settings, ["anonymous": true])

        // Bob watches the board over the whole vote with his own pycrdt peer.
        let watcher = try await Peers.watch(
            room.server.wsURL, bob.token, room.ideas, ["--needle", alice.id, "--wait-count", "n1=2"])

        _ = try await room.api.post(path, ["item": "n1"], token: alice.token, expect: 201)
        _ = try await room.api.post(path, ["item": "n2"], token: alice.token, expect: 201)
        _ = try await room.api.post(path, ["item": "n1"], token: bob.token, expect: 201)
        // Alice sees her own dots; Bob sees his, and no counts before the reveal.
        let hers = try await room.api.get(path, token: alice.token)
        #expect(hers["mine"] as? [String] == ["n1", "n2"] && hers["counts"] == nil)
        // The names cannot come from settings that change once people voted.
        _ = try await room.api.refusal(.POST, settings, ["anonymous": false], status: 409)

        _ = try await room.api.post(settings, ["reveal": true])
        try await waitUntil("the counts are on the board") {
            let votes = (try? await exportedVotes(room)) ?? [:]
            return votes["n1"]?["count"] as? Int == 2 && votes["n2"]?["count"] as? Int == 1
        }
        let revealed = try await room.api.get(path, token: bob.token)
        #expect((revealed["counts"] as? [String: Int]) == ["n1": 2, "n2": 1])
        try await waitUntil("Bob's peer has the counts and reports") { !watcher.isRunning }
        let report = try #require(watcher.jsonLines.last)
        #expect((report["needles"] as? [String: Bool])?[alice.id] == false, "\(report)")
        #expect(((report["votes"] as? [String: Any])?["n1"] as? [String: Any])?["count"] as? Double == 2, "\(report)")

        // Reset: the counts leave the board and everyone has their budget again.
        _ = try await room.api.post("\(settings)/reset")
        try await waitUntil("the reset empties the votes") {
            ((try? await exportedVotes(room)) ?? [:]).values.allSatisfy(\.isEmpty)
        }
        #expect(try await room.api.get(path, token: alice.token)["used"] as? Int == 0)
    }
}

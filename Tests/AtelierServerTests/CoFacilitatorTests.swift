import Foundation
import NIOHTTP1
import Testing

/// Co-facilitators on the real server: an invite with the facilitator's rights on its session
/// only. They run the room (phases, pitches, people, quarantine, boards past the phase lock),
/// the audit names them, the administrator's own routes stay closed to them, another session
/// refuses them as it refuses that session's participants, and revoking them closes their
/// sockets.
@Suite("Co-facilitators")
struct CoFacilitatorTests {
    /// A server with one session whose definition names a co-facilitator, Marc.
    struct Fixture {
        let server: TestServer
        let api: API
        let created: [String: Any]
        let id: String
        /// Marc's token and invite id.
        let marc: String
        let marcID: String
        /// A participant of g1.
        let alice: String
        let aliceID: String

        static func make() async throws -> Fixture {
            let server = try await TestServer()
            let api = API(server: server)
            var definition = try API.exampleDefinition()
            definition["coFacilitators"] = ["Marc Dupont"]
            let created = try await api.post("/api/v1/sessions", definition, expect: 201)
            let invites = try #require(created["invites"] as? [[String: Any]])
            let marc = try #require(invites.first { $0["role"] as? String == "facilitator" })
            #expect(marc["name"] as? String == "Marc Dupont")
            #expect(marc["group"] is NSNull)
            #expect((marc["url"] as? String)?.contains("/join/") == true)
            let alice = try #require(
                invites.first { $0["role"] as? String == "participant" && $0["group"] as? String == "g1" })
            return Fixture(
                server: server, api: api, created: created, id: try #require(created["id"] as? String),
                marc: try #require(marc["token"] as? String), marcID: try #require(marc["id"] as? String),
                alice: try #require(alice["token"] as? String), aliceID: try #require(alice["id"] as? String))
        }

        /// A board of a group of a created session.
        static func board(_ session: [String: Any], group: String, kind: String) throws -> String {
            let groups = session["groups"] as? [[String: Any]] ?? []
            let boards = groups.first { $0["id"] as? String == group }?["boards"] as? [[String: Any]] ?? []
            return try #require(boards.first { $0["kind"] as? String == kind }?["id"] as? String)
        }
    }

    @Test(
        "a co-facilitator moves the phase, runs a pitch, writes a locked board, applies quarantine; the audit names them"
    )
    func runsTheirSession() async throws {
        let f = try await Fixture.make()
        let other = try await f.api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)

        // Who they are: a facilitator of this session, by name.
        let me = try await f.api.get("/api/v1/me", token: f.marc)
        #expect(me["role"] as? String == "facilitator")
        #expect(me["name"] as? String == "Marc Dupont")
        #expect((me["session"] as? [String: Any])?["id"] as? String == f.id)
        // They see their session with its invites, and only their session in the list.
        let state = try await f.api.get("/api/v1/sessions/\(f.id)", token: f.marc)
        #expect((state["invites"] as? [[String: Any]])?.isEmpty == false)
        let list = try await f.api.get("/api/v1/sessions", token: f.marc)
        #expect((list["sessions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [f.id])
        let all = try await f.api.get("/api/v1/sessions")
        #expect((all["sessions"] as? [[String: Any]])?.count == 2)

        // The phase moves on (to define: the ideas board is locked for participants).
        let moved = try await f.api.post("/api/v1/sessions/\(f.id)/phase", ["action": "advance"], token: f.marc)
        #expect((moved["phase"] as? [String: Any])?["id"] as? String == "define")

        // A pitch outside the pitch phase, with an override, started and stopped.
        _ = try await f.api.post(
            "/api/v1/sessions/\(f.id)/groups/g1/pitch/start", ["override": true, "reason": "rehearsal"], token: f.marc)
        _ = try await f.api.post("/api/v1/sessions/\(f.id)/groups/g1/pitch/stop", token: f.marc)

        // Over the sync socket, past the phase lock like the facilitator: their note on g1's
        // ideas reaches Alice, and they read it back; Alice's own note is refused and kept.
        let ideas = try Fixture.board(f.created, group: "g1", kind: "ideas")
        let peer = Peers.script("Interop/server/board_peer.py")
        try await Peers.run(Peers.python, [peer, f.server.wsURL, f.marc, ideas, "--note", "n1=Crazy 8"])
        let seen = try await Peers.run(Peers.python, [peer, f.server.wsURL, f.alice, ideas, "--wait-note", "n1"])
        #expect(seen.contains(#""event": "seen""#))
        try await Peers.run(Peers.python, [peer, f.server.wsURL, f.marc, ideas, "--wait-note", "n1"])
        let refused = try await Peers.run(
            Peers.python, [peer, f.server.wsURL, f.alice, ideas, "--note", "n2=Too early", "--expect", "denied"])
        #expect(refused.contains(#""event": "denied""#))
        let export = try await HTTP.get(f.server.baseURL + "/api/v1/boards/\(ideas)/export.json", token: f.marc)
        #expect(export.status == 200 && export.text.contains("Crazy 8") && !export.text.contains("Too early"))

        // The quarantine is theirs to apply.
        let quarantine = try await f.api.get("/api/v1/sessions/\(f.id)/quarantine", token: f.marc)
        let entry = try #require((quarantine["entries"] as? [[String: Any]])?.first)
        #expect(entry["sender"] as? String == f.aliceID)
        let qid = try #require(entry["id"] as? Int)
        _ = try await f.api.post("/api/v1/sessions/\(f.id)/quarantine/\(qid)/apply", token: f.marc)

        // They add a co-facilitator, with a link like anyone's.
        let added = try await f.api.post(
            "/api/v1/sessions/\(f.id)/people", ["name": "Léa Martin", "role": "facilitator"], token: f.marc,
            expect: 201)
        let lea = try #require(added["invite"] as? [String: Any])
        #expect(lea["role"] as? String == "facilitator")
        #expect((lea["url"] as? String)?.contains("/join/") == true)

        // The audit names Marc for what he did, with his name; never "facilitator".
        let audit = try await f.api.get("/api/v1/sessions/\(f.id)/audit", token: f.marc)
        let lines = try #require(audit["entries"] as? [[String: Any]])
        for action in ["phase.advance", "pitch.start", "pitch.stop", "quarantine.apply", "person.add"] {
            let line = lines.first { $0["action"] as? String == action }
            #expect(line?["actor"] as? String == f.marcID, "\(action): \(String(describing: line))")
            #expect(line?["actorName"] as? String == "Marc Dupont", "\(action): \(String(describing: line))")
        }
        #expect(
            lines.filter { $0["actor"] as? String == "facilitator" }.compactMap { $0["action"] as? String }
                == ["session.create"])

        // The administrator's own routes stay closed to them.
        _ = try await f.api.post("/api/v1/sessions", try API.exampleDefinition(), token: f.marc, expect: 403)
        try await f.api.send(.DELETE, "/api/v1/sessions/\(f.id)", token: f.marc, expect: 403)
        _ = try await f.api.get("/api/v1/sessions/\(f.id)/people/\(f.aliceID)/export", token: f.marc, expect: 403)
        _ = try await f.api.post("/api/v1/sessions/\(f.id)/people/\(f.aliceID)/erase", token: f.marc, expect: 403)
        _ = try await f.api.get("/api/v1/records", token: f.marc, expect: 403)
        _ = try await f.api.post("/api/v1/assets/collect", token: f.marc, expect: 403)
        _ = try await f.api.get("/api/v1/sessions/\(try #require(other["id"] as? String))", token: f.marc, expect: 403)
    }

    @Test("a co-facilitator gives participants new links, but not jurors: a juror's link signs the record")
    func jurorLinksStayWithTheAdministrator() async throws {
        let f = try await Fixture.make()
        let invites = try #require(try await f.api.get("/api/v1/sessions/\(f.id)")["invites"] as? [[String: Any]])
        let juror = try #require(invites.first { $0["role"] as? String == "juror" }?["id"] as? String)
        let participant = try #require(invites.first { $0["role"] as? String == "participant" }?["id"] as? String)
        _ = try await f.api.post("/api/v1/sessions/\(f.id)/invites/\(participant)/reissue", token: f.marc)
        #expect(
            try await f.api.refusal(
                .POST, "/api/v1/sessions/\(f.id)/invites/\(juror)/reissue", token: f.marc, status: 403)
                == "administrator-only")
        _ = try await f.api.post("/api/v1/sessions/\(f.id)/invites/\(juror)/reissue")
    }

    @Test("another session refuses a co-facilitator exactly as it refuses that session's participants")
    func otherSessions() async throws {
        let f = try await Fixture.make()
        let other = try await f.api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let otherID = try #require(other["id"] as? String)
        let otherInvite = try #require((other["invites"] as? [[String: Any]])?.first?["id"] as? String)
        let otherBoard = try Fixture.board(other, group: "g1", kind: "empathy-map")
        let calls: [(HTTPMethod, String, Any?)] = [
            (.GET, "/api/v1/sessions/\(otherID)", nil),
            (.POST, "/api/v1/sessions/\(otherID)/phase", ["action": "advance"]),
            (.GET, "/api/v1/sessions/\(otherID)/audit", nil),
            (.GET, "/api/v1/sessions/\(otherID)/invites", nil),
            (.POST, "/api/v1/sessions/\(otherID)/invites/\(otherInvite)/revoke", nil),
            (.POST, "/api/v1/sessions/\(otherID)/people", ["name": "Intruder", "role": "facilitator"]),
            (.POST, "/api/v1/sessions/\(otherID)/archive", nil),
            (.GET, "/api/v1/sessions/\(otherID)/quarantine", nil),
            (.POST, "/api/v1/sessions/\(otherID)/groups/g1/pitch/start", ["override": true, "reason": "x"]),
            (.GET, "/api/v1/boards/\(otherBoard)/export.json", nil),
        ]
        for (method, path, body) in calls {
            let participant = try await HTTP.send(
                f.server.baseURL + path, method: method, token: f.alice,
                body: try body.map { try JSONSerialization.data(withJSONObject: $0) })
            let coFacilitator = try await HTTP.send(
                f.server.baseURL + path, method: method, token: f.marc,
                body: try body.map { try JSONSerialization.data(withJSONObject: $0) })
            #expect(participant.status == 403, "\(method) \(path) as a participant: \(participant.text)")
            #expect(coFacilitator.status == participant.status, "\(method) \(path): \(coFacilitator.text)")
        }
        for path in ["/sync/\(otherBoard)", "/live/\(otherID)"] {
            let participant = try await ProbeResult.probe("\(f.server.wsURL)\(path)?token=\(f.alice)")
            let coFacilitator = try await ProbeResult.probe("\(f.server.wsURL)\(path)?token=\(f.marc)")
            #expect(participant.code == 4403)
            #expect(coFacilitator.code == participant.code, "\(path): \(coFacilitator)")
        }
        // The other session did not move.
        let state = try await f.api.get("/api/v1/sessions/\(otherID)")
        #expect((state["phase"] as? [String: Any])?["id"] as? String == "empathize")
        #expect(state["archivedAt"] == nil)
    }

    @Test("revoking a co-facilitator (by another) closes their live and sync sockets, audited under who revoked")
    func revoke() async throws {
        let f = try await Fixture.make()
        let added = try await f.api.post(
            "/api/v1/sessions/\(f.id)/people", ["name": "Léa Martin", "role": "facilitator"], token: f.marc,
            expect: 201)
        let lea = try #require(added["invite"] as? [String: Any])
        let leaToken = try #require(lea["token"] as? String)
        let leaID = try #require(lea["id"] as? String)
        let ideas = try Fixture.board(f.created, group: "g1", kind: "ideas")

        let live = try await TestSocket("\(f.server.wsURL)/live/\(f.id)?token=\(leaToken)")
        let hello = try await live.waitForEvent("hello")
        #expect((hello["you"] as? [String: Any])?["name"] as? String == "Léa Martin")
        #expect((hello["you"] as? [String: Any])?["role"] as? String == "facilitator")
        let sync = try await TestSocket("\(f.server.wsURL)/sync/\(ideas)?token=\(leaToken)")
        try await sync.send(.syncStep1(stateVector: [0]))
        try await sync.waitForMessage("the board syncs") {
            if case .syncStep2 = $0 { return true }
            return false
        }

        _ = try await f.api.post("/api/v1/sessions/\(f.id)/invites/\(leaID)/revoke", token: f.marc)
        #expect(try await live.closeFrame("Léa's live channel closes")?.closeCode.number == 4401)
        #expect(try await sync.closeFrame("Léa's board socket closes")?.closeCode.number == 4401)
        _ = try await f.api.get("/api/v1/me", token: leaToken, expect: 401)

        let audit = try await f.api.get("/api/v1/sessions/\(f.id)/audit")
        let line = (audit["entries"] as? [[String: Any]])?.first { $0["action"] as? String == "invite.revoke" }
        #expect(line?["actor"] as? String == f.marcID)
        #expect(line?["actorName"] as? String == "Marc Dupont")
    }
}

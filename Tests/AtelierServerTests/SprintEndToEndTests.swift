import Foundation
import Testing

/// The sprint on the real server: a session from the example definition, two participants of
/// one group editing with pycrdt, the phase moving on, a refused edit kept in quarantine and
/// re-applied by the facilitator.
@Suite("Sprint end to end", .serialized)
struct SprintEndToEndTests {
    @Test("a phase-locked edit is refused, quarantined with its reason, and can be re-applied")
    func phaseLockAndQuarantine() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let sessionID = try #require(created["id"] as? String)
        #expect(created["phase"] as? String == "empathize")
        let groups = try #require(created["groups"] as? [[String: Any]])
        #expect(groups.count == 4)
        let g1Boards = try #require(groups.first { $0["id"] as? String == "g1" }?["boards"] as? [[String: Any]])
        #expect(g1Boards.count == 10)
        let empathy = try #require(g1Boards.first { $0["kind"] as? String == "empathy-map" }?["id"] as? String)
        let invites = try #require(created["invites"] as? [[String: Any]])
        let g1 = invites.filter { $0["group"] as? String == "g1" && $0["role"] as? String == "participant" }
        #expect(g1.count >= 2)
        let alice = try #require(g1[0]["token"] as? String)
        let aliceID = try #require(g1[0]["id"] as? String)
        let bruno = try #require(g1[1]["token"] as? String)
        let other = try #require(invites.first { $0["group"] as? String == "g2" }?["token"] as? String)
        #expect(invites.filter { $0["role"] as? String == "juror" }.count == 3)

        // In empathize, Alice's note reaches Bruno.
        let peer = Peers.script("Interop/server/board_peer.py")
        try await Peers.run(
            Peers.python, [peer, server.wsURL, alice, empathy, "--note", "n1=Ce que dit l'utilisateur"])
        let seen = try await Peers.run(Peers.python, [peer, server.wsURL, bruno, empathy, "--wait-note", "n1"])
        #expect(seen.contains(#""event": "seen""#))

        // Another group's participant may not even open the board.
        let probe = try await ProbeResult.probe("\(server.wsURL)/sync/\(empathy)?token=\(other)")
        #expect(probe.code == 4403)

        // The facilitator moves to define, where each group's problem statement must be approved
        // before the sprint leaves it; then to ideate, and the empathy map locks.
        _ = try await api.post("/api/v1/sessions/\(sessionID)/phase", ["action": "advance"])
        let early = try await api.post("/api/v1/sessions/\(sessionID)/phase", ["action": "advance"], expect: 409)
        #expect((early["error"] as? [String: Any])?["code"] as? String == "problem-not-approved")
        for group in ["g1", "g2", "g3", "g4"] {
            let reply = try await HTTP.send(
                server.baseURL + "/api/v1/sessions/\(sessionID)/groups/\(group)/problem", method: .PUT,
                token: group == "g1" ? alice : server.token,
                body: try JSONSerialization.data(withJSONObject: ["text": "Comment aider \(group) ?"]))
            #expect(reply.status == 200, "\(reply.text)")
            _ = try await api.post("/api/v1/sessions/\(sessionID)/groups/\(group)/problem/approve")
        }
        let state = try await api.post("/api/v1/sessions/\(sessionID)/phase", ["action": "advance"])
        #expect((state["phase"] as? [String: Any])?["id"] as? String == "ideate")
        let before = try await HTTP.get(server.baseURL + "/api/v1/boards/\(empathy)/export.json", token: server.token)
        #expect(before.text.contains("n1"))

        // Alice tries again: refused with a reason, the board is unchanged, the edit is in quarantine.
        let refused = try await Peers.run(
            Peers.python, [peer, server.wsURL, alice, empathy, "--note", "n2=Trop tard", "--expect", "denied"])
        #expect(refused.contains(#""event": "denied""#))
        let after = try await HTTP.get(server.baseURL + "/api/v1/boards/\(empathy)/export.json", token: server.token)
        #expect(after.text == before.text)
        let quarantine = try await api.get("/api/v1/sessions/\(sessionID)/quarantine")
        let entries = try #require(quarantine["entries"] as? [[String: Any]])
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry["boardId"] as? String == empathy)
        #expect(entry["reasonCode"] as? String == "phase-locked")
        #expect(entry["sender"] as? String == aliceID)
        #expect(entry["status"] as? String == "pending")
        #expect((entry["reason"] as? String)?.isEmpty == false)

        // The facilitator re-applies it: the note is on the board.
        let qid = try #require(entry["id"] as? Int)
        let applied = try await api.post("/api/v1/sessions/\(sessionID)/quarantine/\(qid)/apply")
        #expect((applied["entry"] as? [String: Any])?["status"] as? String == "applied")
        let restored = try await HTTP.get(server.baseURL + "/api/v1/boards/\(empathy)/export.json", token: server.token)
        #expect(restored.text.contains("Trop tard"))
        let audit = try await api.get("/api/v1/sessions/\(sessionID)/audit")
        let actions = (audit["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        let problems: [String] = (0..<4).flatMap { _ in ["problem.write", "problem.approve"] }
        let expected: [String] =
            ["session.create", "phase.advance"] + problems + ["phase.advance", "quarantine.apply"]
        #expect(actions == expected)
    }
}

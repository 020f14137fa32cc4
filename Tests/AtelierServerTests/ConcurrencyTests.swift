import Foundation
import NIOHTTP1
import Testing

/// Every confirmed write survives concurrency (issue 10): parallel Q&A posts, three jurors
/// saving their sheets at the same moment, and phase moves in the same burst, round after
/// round; afterwards, and after a restart, every write that was answered 2xx is there.
@Suite("Concurrent writes", .serialized)
struct ConcurrencyTests {
    /// One 2xx answer and what it promised.
    private enum Confirmed: Sendable {
        case qa(id: String, text: String)
        case score(juror: Int, group: String, criterion: String, comment: String)
        case phase(to: String)
    }

    @Test("30 parallel Q&A posts, 3 jurors × 20 parallel sheet saves and phase moves, 20 rounds: nothing lost")
    func everyConfirmedWriteIsKept() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let sessionID = try #require(created["id"] as? String)
        let invites = try #require(created["invites"] as? [[String: Any]])
        let jurors = invites.filter { $0["role"] as? String == "juror" }.compactMap { $0["token"] as? String }
        #expect(jurors.count == 3)
        let groups = ["g1", "g2", "g3", "g4"]
        let criteria = PitchEndToEndTests.juryCriteria
        // Each juror writes 20 distinct (group, criterion) cells per round.
        let cells = groups.flatMap { group in criteria.map { (group, $0) } }
        let phases = ["empathize", "define", "ideate", "synthesize", "prototype", "test", "pitch"]
        var expectedComments: [String: String] = [:]  // "juror|group|criterion" → comment
        var expectedQA: [String: String] = [:]  // entry id → text
        var confirmedMoves = 0

        for round in 0..<20 {
            let outcomes = try await withThrowingTaskGroup(of: Confirmed?.self) { tasks in
                // Each group's log holds 200 entries: the rounds take the groups in turn.
                let qaGroup = groups[round % groups.count]
                for index in 0..<30 {
                    let text = "round \(round) question \(index)"
                    let juror = jurors[index % 3]
                    tasks.addTask {
                        let reply = try await HTTP.send(
                            server.baseURL + "/api/v1/sessions/\(sessionID)/groups/\(qaGroup)/qa", method: .POST,
                            token: juror,
                            body: try JSONSerialization.data(withJSONObject: ["kind": "question", "text": text]))
                        guard reply.status == 201, let id = (try reply.json() as? [String: Any])?["id"] as? String
                        else { throw TestFailure("Q&A post → \(reply.status): \(reply.text)") }
                        return .qa(id: "\(qaGroup)/\(id)", text: text)
                    }
                }
                for (jurorIndex, juror) in jurors.enumerated() {
                    for save in 0..<20 {
                        let (group, criterion) = cells[(save + jurorIndex * 7) % cells.count]
                        let comment = "r\(round) j\(jurorIndex) s\(save)"
                        tasks.addTask {
                            let body: [String: Any] = ["scores": [criterion: ["score": 3.5, "comment": comment]]]
                            let reply = try await HTTP.send(
                                server.baseURL + "/api/v1/sessions/\(sessionID)/groups/\(group)/scores", method: .PUT,
                                token: juror, body: try JSONSerialization.data(withJSONObject: body))
                            guard reply.status == 200 else {
                                throw TestFailure("PUT scores → \(reply.status): \(reply.text)")
                            }
                            return .score(juror: jurorIndex, group: group, criterion: criterion, comment: comment)
                        }
                    }
                }
                for move in 0..<3 {
                    let target = phases[(round * 3 + move) % phases.count]
                    tasks.addTask {
                        let reply = try await HTTP.send(
                            server.baseURL + "/api/v1/sessions/\(sessionID)/phase", method: .POST, token: server.token,
                            body: try JSONSerialization.data(withJSONObject: [
                                "action": "goto", "phase": target, "override": true, "reason": "burst \(round)",
                            ]))
                        guard reply.status == 200 else { throw TestFailure("phase → \(reply.status): \(reply.text)") }
                        return .phase(to: target)
                    }
                }
                var outcomes: [Confirmed] = []
                for try await outcome in tasks { if let outcome { outcomes.append(outcome) } }
                return outcomes
            }
            for outcome in outcomes {
                switch outcome {
                case .qa(let id, let text): expectedQA[id] = text
                case .score(let juror, let group, let criterion, let comment):
                    expectedComments["\(juror)|\(group)|\(criterion)"] = comment
                case .phase: confirmedMoves += 1
                }
            }
            #expect(outcomes.count == 30 + 60 + 3, "round \(round): \(outcomes.count) confirmed")
            try await verify(api, sessionID, jurors, expectedQA, expectedComments, round: round)
        }
        // Every move that changed the phase is in the audit log (a goto to the current phase is a no-op).
        let audit = try await api.get("/api/v1/sessions/\(sessionID)/audit")
        let overrides = (audit["entries"] as? [[String: Any]] ?? []).filter {
            $0["action"] as? String == "phase.override"
        }
        #expect(overrides.count <= confirmedMoves && overrides.count >= confirmedMoves / 2)

        await server.stop()
        try await server.start()
        try await verify(api, sessionID, jurors, expectedQA, expectedComments, round: -1)
        let after = try await api.get("/api/v1/sessions/\(sessionID)/audit")
        #expect((after["entries"] as? [[String: Any]])?.count == (audit["entries"] as? [[String: Any]])?.count)
    }

    @Test("A Q&A post retried with its Idempotency-Key, 10 times in parallel and after a restart, is logged once")
    func aRetriedQAPostIsLoggedOnce() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let sessionID = try #require(created["id"] as? String)
        let invites = try #require(created["invites"] as? [[String: Any]])
        let jurors = invites.filter { $0["role"] as? String == "juror" }.compactMap { $0["token"] as? String }
        func post(_ token: String, _ text: String, key: String, kind: String = "question") async throws -> HTTP.Reply {
            try await HTTP.send(
                server.baseURL + "/api/v1/sessions/\(sessionID)/groups/g1/qa", method: .POST, token: token,
                body: try JSONSerialization.data(withJSONObject: ["kind": kind, "text": text]),
                headers: ["Idempotency-Key": key])
        }
        let replies = try await withThrowingTaskGroup(of: HTTP.Reply.self) { tasks in
            for _ in 0..<10 { tasks.addTask { try await post(jurors[0], "Quel budget ?", key: "b7f0c2d4-retry") } }
            var replies: [HTTP.Reply] = []
            for try await reply in tasks { replies.append(reply) }
            return replies
        }
        #expect(replies.allSatisfy { $0.status == 201 }, "\(replies.map(\.status))")
        let ids = Set(replies.compactMap { (try? $0.json() as? [String: Any])?["id"] as? String })
        #expect(ids == ["qa-1"])
        #expect(replies.filter { $0.header("Idempotent-Replayed") == "true" }.count == 9)
        // Another juror may choose the same key; the same key with another text is refused.
        #expect(try await post(jurors[1], "Quel budget ?", key: "b7f0c2d4-retry").status == 201)
        let reused = try await post(jurors[0], "Et le RGPD ?", key: "b7f0c2d4-retry")
        #expect(reused.status == 422 && reused.text.contains("idempotency-key-reused"), "\(reused.text)")
        for bad in ["", String(repeating: "k", count: 201), "two words"] {
            let reply = try await post(jurors[0], "Q", key: bad)
            #expect(reply.status == 400 && reply.text.contains("bad_idempotency_key"), "\(bad): \(reply.status)")
        }
        await server.stop()
        try await server.start()
        let again = try await post(jurors[0], "Quel budget ?", key: "b7f0c2d4-retry")
        #expect(again.status == 201 && again.header("Idempotent-Replayed") == "true")
        let pitch = try await api.get("/api/v1/sessions/\(sessionID)/groups/g1/pitch")
        let entries = ((pitch["qa"] as? [String: Any])?["entries"] as? [[String: Any]]) ?? []
        #expect(entries.map { $0["id"] as? String } == ["qa-1", "qa-2"])
        // Extra time too: one grant however often it is sent.
        let grants = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for _ in 0..<6 {
                tasks.addTask {
                    try await HTTP.send(
                        server.baseURL + "/api/v1/sessions/\(sessionID)/groups/g2/pitch/extra-time", method: .POST,
                        token: server.token,
                        body: try JSONSerialization.data(withJSONObject: ["seconds": 120, "reason": "projector"]),
                        headers: ["Idempotency-Key": "grant-1"]
                    ).status
                }
            }
            var statuses: [Int] = []
            for try await status in tasks { statuses.append(status) }
            return statuses
        }
        #expect(grants.allSatisfy { $0 == 200 }, "\(grants)")
        let g2 = try await api.get("/api/v1/sessions/\(sessionID)/groups/g2/pitch")
        #expect((g2["extraTime"] as? [Any])?.count == 1)
        // The keys are the server's bookkeeping: no view shows them.
        let raw = try await HTTP.send(
            server.baseURL + "/api/v1/sessions/\(sessionID)/groups/g1/pitch", method: .GET, token: server.token)
        #expect(!raw.text.contains("b7f0c2d4"))
    }

    /// Every confirmed Q&A entry and the newest confirmed comment of every juror's cell are stored.
    private func verify(
        _ api: API, _ sessionID: String, _ jurors: [String], _ qa: [String: String], _ comments: [String: String],
        round: Int
    ) async throws {
        var stored: [String: String] = [:]  // "group/entry id" → text
        for group in ["g1", "g2", "g3", "g4"] {
            let pitch = try await api.get("/api/v1/sessions/\(sessionID)/groups/\(group)/pitch")
            for entry in ((pitch["qa"] as? [String: Any])?["entries"] as? [[String: Any]]) ?? [] {
                if let id = entry["id"] as? String { stored["\(group)/\(id)"] = entry["text"] as? String ?? "" }
            }
        }
        #expect(stored.count == qa.count, "round \(round): \(stored.count) Q&A entries stored, \(qa.count) confirmed")
        for (id, text) in qa { #expect(stored[id] == text, "round \(round): Q&A \(id) lost") }
        for (index, juror) in jurors.enumerated() {
            for group in ["g1", "g2", "g3", "g4"] {
                let sheet = try await api.get("/api/v1/sessions/\(sessionID)/groups/\(group)/scores", token: juror)
                let entries = sheet["entries"] as? [String: [String: Any]] ?? [:]
                for (key, comment) in comments where key.hasPrefix("\(index)|\(group)|") {
                    let criterion = String(key.split(separator: "|")[2])
                    #expect(
                        entries[criterion]?["comment"] as? String == comment,
                        "round \(round): juror \(index) \(group) \(criterion) lost \(comment)")
                }
            }
        }
    }
}

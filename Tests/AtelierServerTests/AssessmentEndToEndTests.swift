import Foundation
import NIOHTTP1
import Testing

/// The certification's path on the real server: 4 groups × 4 candidates × 3 jurors, the
/// president recused from one group and replaced there by an acting president, a criterion
/// the facilitator assesses, overrides, submissions, a deliberation with one departure from
/// the proposal, signatures and the close; then a record that refuses every write, is
/// published to each candidate alone, agrees across JSON, CSV and HTML, and whose hash an
/// independent RFC 8785 implementation (PyPI `rfc8785`) recomputes.
@Suite("Assessment end to end", .serialized)
struct AssessmentEndToEndTests {
    static let groups = ["g1", "g2", "g3", "g4"]

    /// A juror's group score for a criterion: varied, on the half-point scale.
    static func score(juror: Int, group: Int, criterion: Int) -> Double {
        let step: Int = (juror * 3 + group * 5 + criterion * 7) % 7 + 3
        return Double(step) / 2  // 1.5 … 4.5
    }

    @Test("score, deliberate, sign, close, publish: every copy agrees and the hash verifies")
    func certificationPath() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let sessionID = try #require(created["id"] as? String)
        let base = "/api/v1/sessions/\(sessionID)"
        let invites = try #require(created["invites"] as? [[String: Any]])
        let createdGroups = try #require(created["groups"] as? [[String: Any]])

        // Who is who: candidates from the creation answer, each participant's from /me.
        var candidates: [String: [(id: String, name: String)]] = [:]
        for group in createdGroups {
            let list = try #require(group["candidates"] as? [[String: Any]])
            candidates[group["id"] as? String ?? ""] = list.map {
                ($0["id"] as? String ?? "", $0["name"] as? String ?? "")
            }
        }
        #expect(candidates.values.map(\.count) == [4, 4, 4, 4])
        #expect(Set(candidates.values.flatMap { $0.map(\.id) }).count == 16)
        var participantToken: [String: String] = [:]  // candidate id → token
        for invite in invites where invite["role"] as? String == "participant" {
            let token = try #require(invite["token"] as? String)
            let me = try await api.get("/api/v1/me", token: token)
            participantToken[try #require(me["candidate"] as? String)] = token
        }
        #expect(participantToken.count == 16)
        var jurorToken: [String: String] = [:]
        for invite in invites where invite["role"] as? String == "juror" {
            let token = try #require(invite["token"] as? String)
            let me = try await api.get("/api/v1/me", token: token)
            jurorToken[try #require(me["jurorId"] as? String)] = token
            #expect((me["president"] as? Bool) == (me["jurorId"] as? String == "j1"))
        }
        let (j1, j2, j3) = (jurorToken["j1"]!, jurorToken["j2"]!, jurorToken["j3"]!)
        let g1 = try #require(candidates["g1"])
        let alice = g1[0]
        func boardID(_ group: String, _ kind: String) throws -> String {
            let boards = createdGroups.first { $0["id"] as? String == group }?["boards"] as? [[String: Any]] ?? []
            return try #require(boards.first { $0["kind"] as? String == kind }?["id"] as? String)
        }

        // The sprint: Alice writes on the empathy map; the problem statements are written and
        // approved in define; the phases move on to the pitch (a checkpoint at every move).
        let boardPeer = Peers.script("Interop/server/board_peer.py")
        try await Peers.run(
            Peers.python,
            [
                boardPeer, server.wsURL, participantToken[alice.id]!, try boardID("g1", "empathy-map"),
                "--note", "n1=Persona : usager du bus de nuit",
            ])
        var phase = "empathize"
        while phase != "pitch" {
            if phase == "define" {
                for group in Self.groups {
                    let writer = participantToken[candidates[group]![1].id]!
                    try await api.send(
                        .PUT, "\(base)/groups/\(group)/problem", ["text": "Comment rassurer les usagers de \(group) ?"],
                        token: writer)
                    try await api.send(.POST, "\(base)/groups/\(group)/problem/approve")
                }
            }
            if phase == "prototype" {
                let deckPeer = Peers.script("Interop/server/deck_peer.py")
                try await Peers.run(
                    Peers.python,
                    [deckPeer, server.wsURL, participantToken[alice.id]!, try boardID("g1", "deck"), "--add", "3"])
            }
            let state = try await api.post("\(base)/phase", ["action": "advance"])
            phase = try #require((state["phase"] as? [String: Any])?["id"] as? String)
        }
        let checkpoints = try await api.get("/api/v1/boards/\(try boardID("g1", "empathy-map"))/checkpoints")
        #expect((checkpoints["checkpoints"] as? [Any])?.count == 6)

        // The president is recused from g4 before scoring; g2's third candidate has extra time.
        try await api.send(.POST, "\(base)/groups/g4/conflict", ["reason": "a encadré ce groupe"], token: j1)
        let recused = try await api.refusal(.GET, "\(base)/groups/g4/scores", token: j1, status: 403)
        #expect(recused == "conflict-of-interest")
        let g2Third = candidates["g2"]![2]
        try await api.send(
            .POST, "\(base)/groups/g2/pitch/extra-time",
            ["seconds": 120, "candidate": g2Third.id, "reason": "tiers-temps reconnu"])

        // Each group pitches (g1 with the three-slide deck it wrote in prototype), then a question answered by a candidate.
        for (index, group) in Self.groups.enumerated() {
            try await api.send(.POST, "\(base)/groups/\(group)/pitch/start")
            try await api.send(.POST, "\(base)/groups/\(group)/pitch/stop")
            try await api.send(.POST, "\(base)/groups/\(group)/qa/start")
            let entry = try await api.send(
                .POST, "\(base)/groups/\(group)/qa",
                ["kind": "question", "text": "Quel modèle économique pour \(group) ?"],
                token: j2, expect: 201)
            let entryID = try #require(entry["id"] as? String)
            try await api.send(
                .PATCH, "\(base)/groups/\(group)/qa/\(entryID)",
                [
                    "answer": "Un abonnement porté par la collectivité",
                    "answeredBy": [candidates[group]![index % 4].id],
                ],
                token: j2)
            try await api.send(.POST, "\(base)/groups/\(group)/qa/stop")
        }

        // Scores: each active juror's group sheet (the seven jury criteria), overrides for two
        // of g1's candidates and one of g3's, the facilitator's collaboration score for each
        // candidate; a facilitator criterion refused to a juror and the reverse.
        let jury = PitchEndToEndTests.juryCriteria
        for (jIndex, juror) in ["j1", "j2", "j3"].enumerated() {
            for (gIndex, group) in Self.groups.enumerated() where !(juror == "j1" && group == "g4") {
                var scores: [String: Any] = [:]
                for (cIndex, criterion) in jury.enumerated() {
                    scores[criterion] = [
                        "score": Self.score(juror: jIndex, group: gIndex, criterion: cIndex),
                        "comment": "=grille \(juror)",
                    ]
                }
                try await api.send(.PUT, "\(base)/groups/\(group)/scores", ["scores": scores], token: jurorToken[juror])
            }
        }
        let overrides: [(juror: String, group: String, candidate: Int, criterion: String, score: Double)] = [
            ("j2", "g1", 0, "a14-problem", 5), ("j3", "g1", 1, "a15-dialogue", 0.5),
            ("j3", "g3", 2, "a15-viability", 5),
        ]
        for o in overrides {
            let cid = candidates[o.group]![o.candidate].id
            let sheet = try await api.send(
                .PUT, "\(base)/groups/\(o.group)/candidates/\(cid)/scores",
                ["scores": [o.criterion: ["score": o.score, "comment": "individuel"]]], token: jurorToken[o.juror])
            #expect(sheet["by"] as? String == o.juror)
        }
        let wrongForJuror = try await api.refusal(
            .PUT, "\(base)/groups/g1/candidates/\(alice.id)/scores", ["scores": ["a14-collaboration": ["score": 3]]],
            token: j2, status: 422)
        #expect(wrongForJuror == "wrong-assessor")
        let wrongForFacilitator = try await api.refusal(
            .PUT, "\(base)/groups/g1/candidates/\(alice.id)/scores", ["scores": ["a14-problem": ["score": 3]]],
            status: 422)
        #expect(wrongForFacilitator == "wrong-assessor")
        for (gIndex, group) in Self.groups.enumerated() {
            for (cIndex, candidate) in candidates[group]!.enumerated() {
                try await api.send(
                    .PUT, "\(base)/groups/\(group)/candidates/\(candidate.id)/scores",
                    [
                        "scores": [
                            "a14-collaboration": ["score": Double((gIndex + cIndex) % 5 + 1), "comment": "posture"]
                        ]
                    ])
            }
        }
        for juror in ["j1", "j2", "j3"] {
            for group in Self.groups where !(juror == "j1" && group == "g4") {
                try await api.send(.POST, "\(base)/groups/\(group)/scores/submit", token: jurorToken[juror])
            }
        }

        // Deliberation: j2 presides g4 (named by the facilitator); j1 departs from one proposal.
        let results = try await api.get("\(base)/results")
        let resultCandidates = try #require(results["candidates"] as? [[String: Any]])
        #expect(resultCandidates.count == 16)
        func block(_ candidate: [String: Any]?, _ name: String) -> [String: Any]? {
            (candidate?["blocks"] as? [[String: Any]])?.first { $0["block"] as? String == name }
        }
        let aliceA14 = try #require(block(resultCandidates.first { $0["id"] as? String == alice.id }, "A14"))
        let aliceProposal = try #require(aliceA14["proposal"] as? String)
        let departure = aliceProposal == "validated" ? "not-validated" : "validated"
        let g4First = candidates["g4"]![0]
        let g4Proposal = try #require(
            block(resultCandidates.first { $0["id"] as? String == g4First.id }, "A15")?["proposal"] as? String)
        let noPresident = try await api.refusal(
            .POST, "\(base)/deliberation/decisions", ["candidate": g4First.id, "block": "A15", "decision": g4Proposal],
            token: j1, status: 403)
        #expect(noPresident == "not-president")
        try await api.send(
            .POST, "\(base)/deliberation/acting-president", ["group": "g4", "juror": "j2", "reason": "j1 récusée"])
        try await api.send(
            .POST, "\(base)/deliberation/decisions", ["candidate": g4First.id, "block": "A15", "decision": g4Proposal],
            token: j2)
        let unjustified = try await api.refusal(
            .POST, "\(base)/deliberation/decisions", ["candidate": alice.id, "block": "A14", "decision": departure],
            token: j1, status: 422)
        #expect(unjustified == "justification-required")
        let justification = "Le jury retient l'entretien individuel"
        try await api.send(
            .POST, "\(base)/deliberation/decisions",
            ["candidate": alice.id, "block": "A14", "decision": departure, "justification": justification], token: j1)

        // Nothing reaches a participant before publication.
        let aliceToken = participantToken[alice.id]!
        for path in ["\(base)/results", "\(base)/results.csv", "\(base)/candidates.csv"] {
            #expect(try await api.refusal(.GET, path, token: aliceToken, status: 403) == "not-published")
        }

        // Signatures, then the close.
        try await api.send(.POST, "\(base)/deliberation/sign", token: j1)
        try await api.send(.POST, "\(base)/deliberation/sign", token: j2)
        #expect(try await api.refusal(.POST, "\(base)/deliberation/close", token: j1, status: 409) == "unsigned")
        try await api.send(.POST, "\(base)/deliberation/sign", token: j3)
        #expect(try await api.refusal(.POST, "\(base)/deliberation/close", token: j2, status: 403) == "not-president")
        let closed = try await api.send(.POST, "\(base)/deliberation/close", token: j1)
        #expect(closed["closedVersion"] as? Int == 1)

        // Every write of the jury's work now answers 409 record-closed.
        let g1Entry = try #require(
            ((try await api.get("\(base)/groups/g1/pitch"))["qa"] as? [String: Any]).flatMap {
                ($0["entries"] as? [[String: Any]])?.first?["id"] as? String
            })
        let writes: [(HTTPMethod, String, Any?, String?)] = [
            (.PUT, "\(base)/groups/g1/scores", ["scores": ["a14-problem": ["score": 1]]], j2),
            (.PUT, "\(base)/groups/g1/candidates/\(alice.id)/scores", ["scores": ["a14-problem": ["score": 1]]], j2),
            (
                .PUT, "\(base)/groups/g1/candidates/\(alice.id)/scores",
                ["scores": ["a14-collaboration": ["score": 1]]], nil
            ),
            (.POST, "\(base)/groups/g1/scores/submit", nil, j2),
            (.POST, "\(base)/groups/g2/conflict", ["reason": "late"], j3),
            (.POST, "\(base)/groups/g1/qa", ["kind": "remark", "text": "après coup"], j2),
            (.PATCH, "\(base)/groups/g1/qa/\(g1Entry)", ["answer": "réécrit"], j2),
            (
                .POST, "\(base)/deliberation/decisions",
                ["candidate": alice.id, "block": "A15", "decision": "absent", "justification": "x"], j1
            ),
            (.POST, "\(base)/deliberation/sign", nil, j2),
            (.POST, "\(base)/deliberation/acting-president", ["group": "g3", "juror": "j3"], nil),
            (.POST, "\(base)/deliberation/close", nil, j1),
            (.POST, "\(base)/groups/g1/pitch/start", nil, nil),
            (.POST, "\(base)/groups/g1/pitch/reset", ["reason": "après coup"], nil),
            (.POST, "\(base)/groups/g3/pitch/extra-time", ["seconds": 60, "reason": "après coup"], nil),
            (.POST, "\(base)/groups/g1/qa/start", nil, j2),
            // A new candidate or juror would change what the record graded and who signed it.
            (.POST, "\(base)/people", ["name": "Late Juror", "role": "juror"], nil),
            (.POST, "\(base)/people", ["name": "Late Candidate", "role": "participant", "group": "g1"], nil),
        ]
        for (method, path, body, token) in writes {
            let code = try await api.refusal(method, path, body, token: token, status: 409)
            #expect(code == "record-closed", "\(method) \(path)")
        }

        // The record: its hash recomputed independently; JSON, CSV and HTML agree.
        let recordReply = try await HTTP.get(server.baseURL + "\(base)/record.json", token: server.token)
        #expect(recordReply.status == 200)
        let record = try #require(try recordReply.json() as? [String: Any])
        let hash = try #require(record["sha256"] as? String)
        #expect(try await Self.rfc8785Verifies(recordReply.body))
        let recordCandidates = try #require(record["candidates"] as? [[String: Any]])
        #expect(recordCandidates.count == 16)
        let csv = try await HTTP.get(server.baseURL + "\(base)/candidates.csv", token: server.token)
        let rows = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { Self.cells($0) }
        #expect(
            rows.first == [
                "candidate", "name", "group", "block", "juror", "criterion", "score", "comment", "mark20", "proposal",
                "decision",
            ])
        let html = try await HTTP.get(server.baseURL + "\(base)/record.html?lang=fr", token: server.token)
        #expect(html.text.components(separatedBy: "<section class=\"candidate\"").count - 1 == 16)
        #expect(html.text.contains(hash))
        let finalResults = try await api.get("\(base)/results")
        let finalCandidates = try #require(finalResults["candidates"] as? [[String: Any]])
        for candidate in recordCandidates {
            let id = try #require(candidate["id"] as? String)
            let name = try #require(candidate["name"] as? String)
            #expect(html.text.contains(Self.escaped(name)), "\(name) is in record.html")
            let live = finalCandidates.first { $0["id"] as? String == id }
            for recorded in candidate["blocks"] as? [[String: Any]] ?? [] {
                let blockName = try #require(recorded["block"] as? String)
                let mark = try #require(recorded["mark20"] as? Double, "\(id) \(blockName) has a mark")
                let decision = try #require(recorded["decision"] as? String)
                #expect(block(live, blockName)?["mark20"] as? Double == mark)
                #expect(block(live, blockName)?["decision"] as? String == decision)
                let csvRows = rows.filter { $0.first == id && $0[3] == blockName }
                // A14: 3 jury criteria per juror and the facilitator's one; A15: 4 per juror (g4 has two).
                let jurors = candidate["group"] as? String == "g4" ? 2 : 3
                #expect(csvRows.count == (blockName == "A14" ? 3 * jurors + 1 : 4 * jurors), "\(id) \(blockName)")
                #expect(csvRows.allSatisfy { Double($0[8]) == mark && $0[10] == decision }, "\(id) \(blockName)")
                #expect(html.text.contains(Self.frenchMark(mark)), "\(id) \(blockName) \(mark)")
            }
        }
        let aliceRecord = try #require(recordCandidates.first { $0["id"] as? String == alice.id })
        let aliceA14Record = try #require(block(aliceRecord, "A14"))
        #expect(aliceA14Record["decision"] as? String == departure)
        #expect(aliceA14Record["proposal"] as? String == aliceProposal)
        #expect(aliceA14Record["justification"] as? String == justification)
        #expect(html.text.contains(Self.escaped(justification)))
        #expect(record["actingPresidents"] as? [String: String] == ["g4": "j2"])
        #expect((record["jurors"] as? [[String: Any]])?.allSatisfy { $0["signedAt"] is Int } == true)
        // Who decided: the president's own decision, and a proposal the close took, credited to
        // whoever presided over the group (the acting president where the president stepped out).
        #expect(record["format"] as? String == "atelier-assessment-record/2")
        #expect((aliceA14Record["decidedBy"] as? [String: Any])?["id"] as? String == "j1")
        #expect(aliceA14Record["defaulted"] as? Bool == false && aliceA14Record["decidedAt"] is Int)
        for candidate in recordCandidates {
            for recorded in candidate["blocks"] as? [[String: Any]] ?? [] where recorded["defaulted"] as? Bool == true {
                let presiding = candidate["group"] as? String == "g4" ? "j2" : "j1"
                #expect(
                    (recorded["decidedBy"] as? [String: Any])?["id"] as? String == presiding, "\(candidate["id"] ?? "")"
                )
            }
        }
        let recordJurors = try #require(record["jurors"] as? [[String: Any]])
        let president = try #require(recordJurors.first { $0["id"] as? String == "j1" })
        #expect((president["conflicts"] as? [[String: Any]])?.map { $0["group"] as? String } == ["g4"])
        #expect((president["conflicts"] as? [[String: Any]])?.first?["reason"] as? String == "a encadré ce groupe")
        #expect(
            Set((president["submitted"] as? [[String: Any]] ?? []).compactMap { $0["group"] as? String }) == [
                "g1", "g2", "g3",
            ])
        #expect(record["previous"] == nil)
        // Evidence: Alice's own note, the frozen deck, the problem, the Q&A's answerer, extra time.
        let contributions = try #require(aliceRecord["contributions"] as? [[String: Any]])
        #expect(
            contributions.contains { contribution in
                contribution["phase"] as? String == "empathize"
                    && (contribution["items"] as? [[String: Any]])?.contains {
                        $0["text"] as? String == "Persona : usager du bus de nuit"
                    } == true
            })
        // …and the three slides she added to g1's deck.
        let slides = contributions.flatMap { ($0["items"] as? [[String: Any]]) ?? [] }.filter {
            $0["type"] as? String == "slide"
        }
        #expect(slides.map { $0["id"] as? String } == ["slide-1", "slide-2", "slide-3"])
        let recordGroups = try #require(record["groups"] as? [[String: Any]])
        let g1Record = try #require(recordGroups.first { $0["id"] as? String == "g1" })
        #expect(((g1Record["deck"] as? [String: Any])?["slides"] as? [Any])?.count == 3)
        #expect((g1Record["problem"] as? [String: Any])?["text"] as? String == "Comment rassurer les usagers de g1 ?")
        #expect((g1Record["qa"] as? [[String: Any]])?.first?["answeredBy"] as? [String] == [alice.name])
        #expect((g1Record["checkpoints"] as? [Any])?.count == 6)
        let g2Record = try #require(recordGroups.first { $0["id"] as? String == "g2" })
        #expect(
            ((g2Record["pitch"] as? [String: Any])?["extraTime"] as? [[String: Any]])?.first?["seconds"] as? Int == 120)

        // Publication: each candidate sees their own result and page, nobody else's.
        try await api.send(.POST, "\(base)/results/publish")
        let own = try await api.get("\(base)/results", token: aliceToken)
        #expect((own["candidates"] as? [[String: Any]])?.map { $0["id"] as? String } == [alice.id])
        let ownPage = try await HTTP.get(server.baseURL + "\(base)/record.html", token: aliceToken)
        #expect(ownPage.status == 200)
        #expect(ownPage.text.components(separatedBy: "<section class=\"candidate\"").count - 1 == 1)
        #expect(ownPage.text.contains(Self.escaped(alice.name)))
        #expect(!ownPage.text.contains(Self.escaped(g1[1].name)))
        let ownCSV = try await HTTP.get(server.baseURL + "\(base)/candidates.csv", token: aliceToken)
        let ownRows = ownCSV.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.dropFirst()
        #expect(!ownRows.isEmpty && ownRows.allSatisfy { $0.hasPrefix(alice.id + ",") })
        #expect(try await api.refusal(.GET, "\(base)/record.json", token: aliceToken, status: 403) == "forbidden")
        let observer = try #require(invites.first { $0["role"] as? String == "observer" }?["token"] as? String)
        #expect(try await api.refusal(.GET, "\(base)/record.html", token: observer, status: 403) == "forbidden")

        // Reopening makes version 2; version 1 and its hash stay readable.
        try await api.send(
            .POST, "\(base)/deliberation/reopen", ["reason": "Score saisi pour le mauvais candidat"], token: j1)
        // The jurors who sign again are told why (the view keeps the last reopening).
        let reopened = try await api.get("\(base)/deliberation", token: j2)["reopened"] as? [String: Any]
        #expect(reopened?["fromVersion"] as? Int == 1 && reopened?["by"] as? String == "j1")
        #expect(reopened?["reason"] as? String == "Score saisi pour le mauvais candidat")
        for juror in [j1, j2, j3] { try await api.send(.POST, "\(base)/deliberation/sign", token: juror) }
        let second = try await api.send(.POST, "\(base)/deliberation/close", token: j1)
        #expect(second["closedVersion"] as? Int == 2)
        let first = try await api.get("\(base)/record.json?version=1")
        #expect(first["sha256"] as? String == hash)
        // Version 2 names the version it replaces, its hash and why it was reopened.
        let secondRecord = try await api.get("\(base)/record.json")
        let previous = try #require(secondRecord["previous"] as? [String: Any])
        #expect(previous["version"] as? Int == 1 && previous["sha256"] as? String == hash)
        #expect(previous["reason"] as? String == "Score saisi pour le mauvais candidat")
        #expect((previous["reopenedBy"] as? [String: Any])?["id"] as? String == "j1")
        let secondPage = try await HTTP.get(server.baseURL + "\(base)/record.html?lang=fr", token: server.token)
        #expect(secondPage.text.contains("Remplace la version 1 (SHA-256 \(hash))"))
        let index = try await api.get("/api/v1/records")
        let listed = (index["records"] as? [[String: Any]] ?? []).filter { $0["session"] as? String == sessionID }
        #expect(listed.map { $0["version"] as? Int } == [1, 2])
        #expect(listed.first?["sha256"] as? String == hash)

        // A person's export (GDPR art. 15) holds their part of every signed version.
        let aliceMe = try await api.get("/api/v1/me", token: aliceToken)
        let aliceInvite = try #require(
            (aliceMe["invite"] as? [String: Any])?["id"] as? String ?? aliceMe["id"] as? String)
        let aliceExport = try await api.get("\(base)/people/\(aliceInvite)/export")
        let aliceParts = try #require(aliceExport["records"] as? [[String: Any]])
        #expect(aliceParts.map { $0["version"] as? Int } == [1, 2])
        #expect(aliceParts.first?["sha256"] as? String == hash)
        #expect(aliceParts.allSatisfy { ($0["section"] as? [String: Any])?["id"] as? String == alice.id })
        let j2Invite = try #require(
            invites.first { $0["token"] as? String == j2 }?["id"] as? String)
        let j2Parts = try #require(
            try await api.get("\(base)/people/\(j2Invite)/export")["records"] as? [[String: Any]])
        #expect((j2Parts.first?["section"] as? [String: Any])?["id"] as? String == "j2")
        let j2Scores = try #require(j2Parts.first?["scores"] as? [[String: Any]])
        #expect(!j2Scores.isEmpty && j2Scores.allSatisfy { $0["by"] as? String == "j2" && $0["candidate"] is String })
    }

    /// Whether `sha256` is the SHA-256 of the RFC 8785 canonical JSON of the rest, as PyPI's
    /// `rfc8785` computes it.
    static func rfc8785Verifies(_ record: Data) async throws -> Bool {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString).json")
        try record.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import hashlib, json, sys, rfc8785
            record = json.load(open(sys.argv[1], encoding="utf-8"))
            claimed = record.pop("sha256")
            print("ok" if hashlib.sha256(rfc8785.dumps(record)).hexdigest() == claimed else "mismatch")
            """
        let output = try await Peers.run(Peers.python, ["-c", script, file.path])
        return output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
    }

    /// The cells of a CSV row (quoted cells unquoted).
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var iterator = Array(row).makeIterator()
        var previousQuote = false
        while let char = iterator.next() {
            if quoted {
                if char == "\"" {
                    quoted = false
                    previousQuote = true
                } else {
                    cell.append(char)
                }
            } else if char == "\"" {
                if previousQuote { cell.append("\"") }
                quoted = true
                previousQuote = false
            } else if char == "," {
                cells.append(cell)
                cell = ""
                previousQuote = false
            } else {
                cell.append(char)
                previousQuote = false
            }
        }
        cells.append(cell)
        return cells
    }

    /// A mark as the French record prints it: two decimals and a decimal comma.
    static func frenchMark(_ mark: Double) -> String {
        String(format: "%.2f", mark).replacingOccurrences(of: ".", with: ",")
    }

    /// Text as the record's HTML escapes it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}

import Foundation
import Testing
import YCore
import YSync

/// Access follows the rules at every moment (issue 10, "Access and identity"), on the real
/// server with Yjs updates made by YCore.
@Suite("Access rules on open sockets", .serialized)
struct AccessRuleTests {
    /// A session created from the example, its tokens and boards.
    struct Fixture {
        let server: TestServer
        let api: API
        let sessionID: String
        let invites: [[String: Any]]
        let boards: [String: [String: String]]  // group → kind → board id

        static func make(arguments: [String] = []) async throws -> Fixture {
            let server = try await TestServer(arguments: arguments)
            let api = API(server: server)
            let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
            var boards: [String: [String: String]] = [:]
            for group in created["groups"] as? [[String: Any]] ?? [] {
                let id = group["id"] as? String ?? ""
                for board in group["boards"] as? [[String: Any]] ?? [] {
                    boards[id, default: [:]][board["kind"] as? String ?? ""] = board["id"] as? String
                }
            }
            return Fixture(
                server: server, api: api, sessionID: try #require(created["id"] as? String),
                invites: created["invites"] as? [[String: Any]] ?? [], boards: boards)
        }

        func token(role: String, group: String? = nil) -> String {
            invites.first { $0["role"] as? String == role && (group == nil || $0["group"] as? String == group) }?[
                "token"] as? String ?? ""
        }

        /// The tokens of every invite of `role` in `group`, in the definition's order.
        func tokens(role: String, group: String) -> [String] {
            invites.filter { $0["role"] as? String == role && $0["group"] as? String == group }.compactMap {
                $0["token"] as? String
            }
        }

        func socket(_ board: String, token: String) async throws -> TestSocket {
            let socket = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(token)")
            try await socket.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
            return socket
        }

        func goto(_ phase: String) async throws {
            _ = try await api.post(
                "/api/v1/sessions/\(sessionID)/phase",
                ["action": "goto", "phase": phase, "override": true, "reason": "test"])
        }

        func quarantine() async throws -> [[String: Any]] {
            try await api.get("/api/v1/sessions/\(sessionID)/quarantine")["entries"] as? [[String: Any]] ?? []
        }
    }

    static func denied(_ socket: TestSocket) -> [String] {
        socket.messages.compactMap { if case .permissionDenied(let reason) = $0 { reason } else { nil } }
    }

    @Test(
        "a board socket opened while its participant is moved, revoked or erased does not outlive the change",
        arguments: ["move", "revoke", "erase"])
    func socketRacingAChange(_ change: String) async throws {
        let server = try await TestServer()
        let api = API(server: server)
        for _ in 0..<3 {
            let session = try await IdeateSession(on: api)
            let board = try session.board("empathy-map")
            let person = try #require(session.participants("g1").first)
            let base = "/api/v1/sessions/\(session.id)"
            // Sockets open 2 ms apart while the change is made.
            let sockets = try await withThrowingTaskGroup(of: TestSocket?.self) { group in
                for k in 0..<15 {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(2 * k))
                        return try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(person.token)")
                    }
                }
                group.addTask {
                    switch change {
                    case "move": try await api.send(.PATCH, "\(base)/people/\(person.id)", ["group": "g2"])
                    case "revoke": try await api.send(.POST, "\(base)/invites/\(person.id)/revoke")
                    default: try await api.send(.POST, "\(base)/people/\(person.id)/erase")
                    }
                    return nil
                }
                return try await group.reduce(into: [TestSocket]()) { if let socket = $1 { $0.append(socket) } }
            }
            // Once the change answered, no socket may still talk: each is closed, none answers.
            for socket in sockets { try? await socket.send(.syncStep1(stateVector: [0])) }
            var answered = 0
            for socket in sockets {
                try await waitUntil("the socket closes or answers") {
                    socket.isFinished || socket.messages.contains { if case .syncStep2 = $0 { true } else { false } }
                }
                if !socket.isFinished { answered += 1 }
                await socket.close()
            }
            #expect(answered == 0, "\(change): \(answered) socket(s) outlived the change")
        }
    }

    @Test("an observer's open socket is closed (4403) the moment the pitch phase ends")
    func observerLosesAccessOnPhaseChange() async throws {
        let fixture = try await Fixture.make()
        try await fixture.goto("pitch")
        let board = try #require(fixture.boards["g1"]?["empathy-map"])
        let observer = try await fixture.socket(board, token: fixture.token(role: "observer"))
        try await fixture.goto("test")
        let close = try await observer.closeFrame()
        #expect(close?.closeCode.number == 4403, "\(String(describing: close))")
        // And a new socket is refused too.
        let again = try await ProbeResult.probe(
            "\(fixture.server.wsURL)/sync/\(board)?token=\(fixture.token(role: "observer"))")
        #expect(again.code == 4403)
    }

    @Test("a juror's edits are refused and counted, never quarantined")
    func jurorWritesAreRefusedNotKept() async throws {
        let fixture = try await Fixture.make()
        let board = try #require(fixture.boards["g1"]?["empathy-map"])
        let juror = try await fixture.socket(board, token: fixture.token(role: "juror"))
        for client in 1...50 {
            try await juror.send(
                .update(YjsUpdates.note(clientID: UInt64(9_000 + client), id: "n\(client)", text: "x")))
        }
        try await waitUntil("the juror is told") { !Self.denied(juror).isEmpty }
        #expect(try await fixture.quarantine().isEmpty)
        let export = try await fixture.api.get("/api/v1/boards/\(board)/export.json")
        #expect((export["items"] as? [String: Any])?.isEmpty ?? true)
        let metrics = try await HTTP.get("\(fixture.server.baseURL)/metrics").text
        #expect(metrics.contains("atelier_refused_writes_total 50"), "\(metrics.prefix(0))")
    }

    @Test("a write to the server's meta is refused into quarantine; the board keeps its title")
    func metaIsServerOwned() async throws {
        let fixture = try await Fixture.make()
        let board = try #require(fixture.boards["g1"]?["empathy-map"])
        let before = try await fixture.api.get("/api/v1/boards/\(board)/export.json")
        let participant = try await fixture.socket(board, token: fixture.token(role: "participant", group: "g1"))
        try await participant.send(
            .update(YjsUpdates.make(clientID: 4242) { doc in doc.getMap("meta").set("title", "Hacked") }))
        try await waitUntil("the participant is told") { !Self.denied(participant).isEmpty }
        #expect(Self.denied(participant).first?.contains("meta") == true)
        let entries = try await fixture.quarantine()
        #expect(entries.map { $0["reasonCode"] as? String } == ["server-owned"])
        // A note from the same person is accepted.
        try await participant.send(.update(YjsUpdates.note(clientID: 4343, id: "ok", text: "fine")))
        try await waitUntil("the note is on the board") {
            let export = try await fixture.api.get("/api/v1/boards/\(board)/export.json")
            return (export["items"] as? [String: Any])?["ok"] != nil
        }
        let after = try await fixture.api.get("/api/v1/boards/\(board)/export.json")
        #expect(
            (after["meta"] as? [String: Any])?["title"] as? String == (before["meta"] as? [String: Any])?["title"]
                as? String)
    }

    @Test("an apply and a discard of one quarantine entry at once: exactly one wins; board, status and audit agree")
    func quarantineDecisionsRace() async throws {
        let fixture = try await Fixture.make()
        let board = try #require(fixture.boards["g1"]?["hmw"])  // locked in the first phase
        let participant = try await fixture.socket(board, token: fixture.token(role: "participant", group: "g1"))
        for round in 0..<5 {
            try await participant.send(
                .update(YjsUpdates.note(clientID: UInt64(700 + round), id: "q\(round)", text: "refusé \(round)")))
            try await waitUntil("the note is quarantined") { try await fixture.quarantine().count == round + 1 }
            let qid = try #require(try await fixture.quarantine().last?["id"] as? Int)
            let path = "\(fixture.server.baseURL)/api/v1/sessions/\(fixture.sessionID)/quarantine/\(qid)"
            let token = fixture.server.token
            let answers = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for k in 0..<10 {
                    let decision = k.isMultiple(of: 2) ? "discard" : "apply"
                    group.addTask {
                        let reply = try await HTTP.send("\(path)/\(decision)", method: .POST, token: token)
                        return (decision, reply.status)
                    }
                }
                return try await group.reduce(into: [(String, Int)]()) { $0.append($1) }
            }
            let winners = answers.filter { $0.1 == 200 }.map(\.0)
            #expect(winners.count == 1, "\(answers)")
            #expect(answers.allSatisfy { $0.1 == 200 || $0.1 == 409 }, "\(answers)")
            let applied = winners.first == "apply"
            let status = try await fixture.quarantine().first { $0["id"] as? Int == qid }?["status"] as? String
            #expect(status == (applied ? "applied" : "discarded"))
            let items = try await fixture.api.get("/api/v1/boards/\(board)/export.json")["items"] as? [String: Any]
            #expect((items?["q\(round)"] != nil) == applied)
            let audit = try await fixture.api.get("/api/v1/sessions/\(fixture.sessionID)/audit")["entries"]
            let decisions = (audit as? [[String: Any]] ?? []).filter {
                ($0["action"] as? String)?.hasPrefix("quarantine.") == true
            }
            #expect(decisions.count == round + 1, "one audit line per decision: \(decisions)")
        }
    }

    @Test("nobody sets another person's presence")
    func presenceCannotBeSpoofed() async throws {
        let fixture = try await Fixture.make()
        let board = try #require(fixture.boards["g1"]?["empathy-map"])
        let watcher = try await fixture.socket(board, token: fixture.server.token)
        let alice = try await fixture.socket(board, token: fixture.token(role: "participant", group: "g1"))
        try await alice.send(
            .awareness(
                AwarenessUpdate(entries: [.init(clientID: 500, clock: 1, state: #"{"user":{"name":"Alice"}}"#)])
                    .encoded))
        let juror = try await fixture.socket(board, token: fixture.token(role: "juror"))
        try await juror.send(
            .awareness(
                AwarenessUpdate(entries: [
                    .init(clientID: 500, clock: 99, state: #"{"user":{"name":"Facilitator (spoofed)"}}"#)
                ]).encoded))
        // The juror's own presence still works, and arrives after its spoof would have.
        try await juror.send(
            .awareness(
                AwarenessUpdate(entries: [.init(clientID: 600, clock: 1, state: #"{"user":{"name":"Juror"}}"#)])
                    .encoded))
        try await watcher.waitForMessage("the juror's own presence") { message in
            guard case .awareness(let payload) = message else { return false }
            return (try? AwarenessUpdate(decoding: payload))?.entries.contains { $0.clientID == 600 } == true
        }
        let states = watcher.messages.compactMap { message -> AwarenessUpdate? in
            guard case .awareness(let payload) = message else { return nil }
            return try? AwarenessUpdate(decoding: payload)
        }.flatMap(\.entries)
        #expect(!states.contains { $0.state.contains("spoofed") })
        #expect(states.contains { $0.clientID == 500 && $0.state.contains("Alice") })
    }

    @Test("a burst of refused typing is one quarantine entry; past the cap the connection is closed (4429)")
    func quarantineMergesBurstsAndIsCapped() async throws {
        let fixture = try await Fixture.make()
        let locked = try #require(fixture.boards["g1"]?["test-grid"])  // writable in "test" only
        let token = fixture.token(role: "participant", group: "g1")
        let typist = try await fixture.socket(locked, token: token)
        // Forty keystrokes into one note, one update each.
        let doc = Doc(clientID: 7_000)
        var updates: [[UInt8]] = []
        let observer = doc.onUpdate { bytes, _ in updates.append(bytes) }
        doc.transact { _ in doc.getMap("items").set("n1", .map([("type", "note"), ("text", .text(""))])) }
        let text = "Quarantined but never lost: forty chars!"
        for (index, character) in text.enumerated() {
            doc.transact { _ in
                if case .map(let note) = doc.getMap("items").get("n1"), case .text(let body) = note.get("text") {
                    try? body.insert(at: index, String(character))
                }
            }
        }
        observer.cancel()
        for update in updates { try await typist.send(.update(update)) }
        try await waitUntil("every keystroke is refused") { Self.denied(typist).count >= updates.count }
        let entries = try await fixture.quarantine()
        #expect(entries.count == 1, "\(entries.count) entries")
        let entry = try #require(entries.first)
        #expect(entry["count"] as? Int == updates.count)
        #expect(((entry["preview"] as? [String: Any])?["texts"] as? [String]) == [text])
        // The participant reads it back to copy it; the facilitator applies the whole entry.
        let mine = try await fixture.api.get("/api/v1/boards/\(locked)/quarantine/mine", token: token)
        #expect((mine["entries"] as? [[String: Any]])?.count == 1)
        let qid = try #require(entry["id"] as? Int)
        _ = try await fixture.api.post("/api/v1/sessions/\(fixture.sessionID)/quarantine/\(qid)/apply")
        let export = try await fixture.api.get("/api/v1/boards/\(locked)/export.json")
        #expect(((export["items"] as? [String: Any])?["n1"] as? [String: Any])?["text"] as? String == text)
        await typist.close()

        // Many distinct clients (a script, not a person typing): capped.
        let flooder = try await fixture.socket(locked, token: token)
        for client in 1...150 {
            try? await flooder.send(
                .update(YjsUpdates.note(clientID: UInt64(20_000 + client), id: "f\(client)", text: "x")))
        }
        let close = try await flooder.closeFrame()
        #expect(close?.closeCode.number == 4429, "\(String(describing: close))")
        let capped = try await fixture.quarantine()
        #expect(capped.count <= 101, "\(capped.count) entries")
    }

    @Test("nobody writes under the client id the server wrote a board's meta with")
    func serverClientIdIsTheServers() async throws {
        let fixture = try await Fixture.make()
        let board = try #require(fixture.boards["g1"]?["swot"])  // writable in every phase
        let socket = try await fixture.socket(board, token: fixture.token(role: "participant", group: "g1"))
        try await socket.send(.syncStep1(stateVector: [0]))
        try await socket.waitForMessage("the board's state") { if case .syncStep2 = $0 { true } else { false } }
        let state = try #require(
            socket.messages.lazy.compactMap { message -> [UInt8]? in
                if case .syncStep2(let update) = message { update } else { nil }
            }.first)
        // The board holds the server's meta alone: one client id, the server's.
        let doc = Doc(clientID: 1)
        try doc.applyUpdate(state)
        let server = try #require(doc.stateVector.keys.first)
        #expect(doc.stateVector.count == 1)
        let spoof = Doc(clientID: server)
        try spoof.applyUpdate(state)
        let before = spoof.encodeStateVector()
        spoof.transact { _ in spoof.getMap("items").set("s", .map([("type", "note"), ("text", .text("serveur"))])) }
        try await socket.send(.update(try spoof.encodeStateAsUpdate(from: before)))
        try await waitUntil("the write is refused") { !Self.denied(socket).isEmpty }
        #expect(Self.denied(socket).first?.hasPrefix("client-id-taken") == true, "\(Self.denied(socket))")
        let items = try await fixture.api.get("/api/v1/boards/\(board)/export.json")["items"] as? [String: Any]
        #expect(items?["s"] == nil)
        await socket.close()
    }

    @Test(
        "an impostor's write with someone's Yjs client id is kept, and the owner goes on editing, over a restart too"
    )
    func impostorDoesNotBlockTheOwner() async throws {
        let fixture = try await Fixture.make()
        let board = try #require(fixture.boards["g1"]?["swot"])  // writable in every phase
        let tokens = fixture.tokens(role: "participant", group: "g1")
        let (aliceToken, brunoToken) = (tokens[0], tokens[1])
        let items = { () async throws -> [String: Any] in
            try await fixture.api.get("/api/v1/boards/\(board)/export.json")["items"] as? [String: Any] ?? [:]
        }
        // Alice's client keeps its document (and its client id) all along, like a browser tab.
        let alice = Doc(clientID: 31_337)
        func aliceAdds(_ id: String, on socket: TestSocket) async throws {
            let before = alice.encodeStateVector()
            alice.transact { _ in
                alice.getMap("items").set(id, .map([("type", "note"), ("text", .text(id)), ("x", 1), ("y", 1)]))
            }
            try await socket.send(.update(try alice.encodeStateAsUpdate(from: before)))
            try await waitUntil("Alice's \(id) is on the board") { try await items()[id] != nil }
        }
        var aliceSocket = try await fixture.socket(board, token: aliceToken)
        try await aliceAdds("a1", on: aliceSocket)

        // Bruno syncs, then writes with Alice's client id: refused and kept.
        let bruno = Doc(clientID: 31_337)
        try bruno.applyUpdate(try alice.encodeStateAsUpdate())
        let brunoSocket = try await fixture.socket(board, token: brunoToken)
        let before = bruno.encodeStateVector()
        bruno.transact { _ in bruno.getMap("items").set("spoof", .map([("type", "note"), ("text", .text("spoof"))])) }
        try await brunoSocket.send(.update(try bruno.encodeStateAsUpdate(from: before)))
        try await waitUntil("Bruno is told") { !Self.denied(brunoSocket).isEmpty }
        #expect(Self.denied(brunoSocket).first?.hasPrefix("client-id-taken") == true, "\(Self.denied(brunoSocket))")

        // Alice's next edits (the same clocks as Bruno's) reach the board, and she is told nothing.
        try await aliceAdds("a2", on: aliceSocket)
        #expect(Self.denied(aliceSocket).isEmpty, "\(Self.denied(aliceSocket))")
        #expect(try await items()["spoof"] == nil)
        #expect(try await fixture.quarantine().map { $0["reasonCode"] as? String } == ["client-id-taken"])
        await aliceSocket.close()
        await brunoSocket.close()

        // The entry is still pending after a restart: it blocks Alice no more than before.
        #expect(await fixture.server.stop() == 0)
        try await fixture.server.start()
        aliceSocket = try await fixture.socket(board, token: aliceToken)
        try await aliceAdds("a3", on: aliceSocket)
        #expect(Self.denied(aliceSocket).isEmpty, "\(Self.denied(aliceSocket))")
        await aliceSocket.close()
    }
}

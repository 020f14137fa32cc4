import Foundation
import Testing
import YCore
import YSync

/// Limits that hold under abuse (issue 10, "Resources"): sockets that send nothing or
/// garbage, shutdown with idle connections and after the file descriptors ran out, oversized
/// live messages, presence floods.
@Suite("Resource limits", .serialized)
struct ResourceLimitTests {
    @Test("a connection that sends no complete request head gets 408 and is closed")
    func headerTimeout() async throws {
        let server = try await TestServer(arguments: ["--header-timeout-seconds", "1"])
        let idle = try RawTCP(port: server.port)
        let half = try RawTCP(port: server.port)
        half.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
        for connection in [idle, half] {
            let (bytes, closed) = await connection.readUntilClosed(timeout: .seconds(20))
            #expect(closed)
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 408"))
        }
    }

    @Test("an HTTP connection idle after its request is closed after the idle timeout")
    func idleTimeout() async throws {
        let server = try await TestServer(arguments: ["--http-idle-seconds", "1"])
        let connection = try RawTCP(port: server.port)
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let (bytes, closed) = await connection.readUntilClosed(timeout: .seconds(20))
        #expect(closed)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
    }

    @Test("a request body that trickles in (a slow-loris) closes its connection; a body sent at once is served")
    func slowBody() async throws {
        let server = try await TestServer()
        let slow = try RawTCP(port: server.port)
        slow.send(
            "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"
        )
        // A byte every two seconds keeps the idle timeout (60 s) from ever firing.
        let drip = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(2))
                if slow.send(" ") == 0 { return }
            }
        }
        defer { drip.cancel() }
        let start = ContinuousClock.now
        let (_, closed) = await slow.readUntilClosed(timeout: .seconds(45))
        #expect(closed, "a body at a byte every two seconds kept its connection for 45 s")
        #expect(ContinuousClock.now - start < .seconds(40))
        // A body sent at once is answered as usual on a connection of its own.
        let reply = try await HTTP.send(
            server.baseURL + "/api/v1/sessions", method: .POST, token: server.token, body: Data("{}".utf8))
        #expect(reply.status == 422)
    }

    @Test("past --max-connections new connections are closed at once, and the server answers again once some close")
    func connectionLimit() async throws {
        let server = try await TestServer(arguments: ["--max-connections", "8", "--header-timeout-seconds", "120"])
        // Eight connections, each answered once so the server has surely accepted it (kept alive).
        var held: [RawTCP] = []
        while held.count < 8 {
            let connection = try RawTCP(port: server.port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            if await connection.readUntil("\r\n\r\n", timeout: .seconds(10)) { held.append(connection) }
        }
        try await waitUntil("the ninth connection is closed at once") {
            guard let extra = try? RawTCP(port: server.port) else { return false }
            let (bytes, closed) = await extra.readUntilClosed(timeout: .seconds(2))
            return closed && bytes.isEmpty
        }
        held.removeAll()  // closes them
        try await waitUntil("the server answers again") {
            (try? await HTTP.get("\(server.baseURL)/healthz").status) == 200
        }
        #expect(server.isRunning)
    }

    @Test("malformed requests are answered (400, 431) and closed")
    func malformedRequests() async throws {
        let server = try await TestServer()
        var cases: [(String, [UInt8])] = [
            (
                "400",
                Array(
                    "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                        .utf8)
            ),
            ("431", Array("GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".utf8) + [UInt8](repeating: 0x61, count: 1 << 20)),
            ("400", Array("NOT HTTP AT ALL\r\n\r\n".utf8)),
        ]
        // WebSocket upgrades NIO or no endpoint takes: no key, a version other than 13, a
        // path no endpoint serves, a method other than GET.
        let upgrade = { (method: String, path: String, headers: String) -> [UInt8] in
            Array(
                "\(method) \(path) HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\(headers)\r\n"
                    .utf8)
        }
        let key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        cases += [
            ("400", upgrade("GET", "/sync/b1", "Sec-WebSocket-Version: 13\r\n")),
            ("400", upgrade("GET", "/sync/b1", key + "Sec-WebSocket-Version: 12\r\n")),
            ("400", upgrade("GET", "/nowhere", key + "Sec-WebSocket-Version: 13\r\n")),
            ("400", upgrade("POST", "/sync/b1", key + "Sec-WebSocket-Version: 13\r\n")),
        ]
        for (status, request) in cases {
            let connection = try RawTCP(port: server.port)
            connection.send(request)
            let (bytes, closed) = await connection.readUntilClosed(timeout: .seconds(20))
            #expect(closed, "\(status): connection left open")
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 \(status)"), "\(status)")
        }
        #expect((try await HTTP.get("\(server.baseURL)/healthz")).status == 200)
    }

    @Test("SIGTERM with idle connections open ends the server within seconds")
    func shutdownWithIdleConnections() async throws {
        let server = try await TestServer()
        let idle = try (0..<50).map { _ in try RawTCP(port: server.port) }
        let keptAlive = try RawTCP(port: server.port)
        keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let pid = try #require(server.pid)
        let start = ContinuousClock.now
        kill(pid, SIGTERM)
        let status = try await server.waitForExit(timeout: .seconds(15))
        #expect(status == 0)
        #expect(ContinuousClock.now - start < .seconds(10))
        _ = idle
    }

    @Test("SIGTERM after the file descriptors ran out ends the server within seconds")
    func shutdownAfterEMFILE() async throws {
        let server = try await TestServer(launcher: ["/usr/bin/prlimit", "--nofile=96:96"])
        var connections: [RawTCP] = []
        for _ in 0..<150 { if let connection = try? RawTCP(port: server.port) { connections.append(connection) } }
        try await Task.sleep(for: .milliseconds(500))
        let pid = try #require(server.pid)
        let start = ContinuousClock.now
        kill(pid, SIGTERM)
        _ = try await server.waitForExit(timeout: .seconds(20))
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(connections.count > 96)
    }

    @Test("the live channel refuses a message over 64 KiB (1009) and answers a ping")
    func liveMessageLimit() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        let live = try await TestSocket("\(server.wsURL)/live/\(id)?token=\(server.token)")
        _ = try await live.waitForEvent("hello")
        try await live.sendText(#"{"type":"ping","t":1}"#)
        _ = try await live.waitForEvent("pong")
        let huge = #"{"type":"ping","t":1,"pad":""# + String(repeating: "x", count: 8 << 20) + #""}"#
        try await live.sendText(huge)
        let close = try await live.closeFrame()
        #expect(close?.closeCode.number == 1009, "\(String(describing: close))")
        #expect(live.events.filter { $0["type"] as? String == "pong" }.count == 1)
    }

    @Test("one connection may set a few presence states, not thousands; a joiner gets only the allowed ones")
    func presenceFlood() async throws {
        let server = try await TestServer()
        let board = "b_adhoc_presence"
        let flooder = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
        let entries = (1...5_000).map {
            AwarenessUpdate.Entry(clientID: UInt64($0), clock: 1, state: #"{"user":{"name":"x"}}"#)
        }
        try await flooder.send(.awareness(AwarenessUpdate(entries: entries).encoded))
        let close = try await flooder.closeFrame()
        #expect(close?.closeCode.number == 4429, "\(String(describing: close))")
        // A modest client keeps its presence; a joiner sees it and nothing of the flood.
        let modest = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
        try await modest.send(
            .awareness(AwarenessUpdate(entries: [.init(clientID: 77, clock: 1, state: #"{"user":{}}"#)]).encoded))
        let joiner = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
        try await joiner.waitForMessage("the presence of the modest client") { message in
            guard case .awareness(let payload) = message, let update = try? AwarenessUpdate(decoding: payload)
            else { return false }
            return update.entries.contains { $0.clientID == 77 }
        }
        let seen = joiner.messages.compactMap { message -> AwarenessUpdate? in
            guard case .awareness(let payload) = message else { return nil }
            return try? AwarenessUpdate(decoding: payload)
        }.flatMap(\.entries).filter { !$0.isRemoval }
        #expect(Set(seen.map(\.clientID)) == [77])
        await modest.close()
        await joiner.close()
    }

    @Test("a presence state that is not JSON closes its connection (4400); a joiner sees the others' presence only")
    func nonJSONPresence() async throws {
        let server = try await TestServer()
        let board = "b_adhoc_presence_json"
        let modest = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
        try await modest.send(
            .awareness(AwarenessUpdate(entries: [.init(clientID: 77, clock: 1, state: #"{"user":{}}"#)]).encoded))
        let broken = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
        try await broken.send(
            .awareness(AwarenessUpdate(entries: [.init(clientID: 78, clock: 1, state: "{not json")]).encoded))
        let close = try await broken.closeFrame()
        #expect(close?.closeCode.number == 4400, "\(String(describing: close))")
        let joiner = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
        try await joiner.waitForMessage("the modest client's presence") { message in
            guard case .awareness(let payload) = message, let update = try? AwarenessUpdate(decoding: payload)
            else { return false }
            return update.entries.contains { $0.clientID == 77 }
        }
        #expect(
            !modest.messages.contains { message in
                guard case .awareness(let payload) = message else { return false }
                return String(decoding: payload, as: UTF8.self).contains("not json")
            })
        await modest.close()
        await joiner.close()
    }

    @Test(
        "one person holds 16 sockets on a board: a 17th replaces the one heard from least recently (4429); others unaffected"
    )
    func socketsPerPerson() async throws {
        let server = try await TestServer()
        let (member, mate, board) = try await Self.groupOne(server)
        let token = try #require(member["token"] as? String)
        var open: [TestSocket] = []
        for _ in 0..<16 {
            let socket = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(token)")
            try await socket.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
            open.append(socket)
        }
        // The first one is in use (it just asked for presence); the second went silent, as a
        // socket a phone dropped without the server hearing of it.
        try await open[0].send(.queryAwareness)
        try await waitUntil("the first socket was heard") {
            open[0].messages.contains { if case .awareness = $0 { true } else { false } }
        }
        let newest = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(token)")
        try await newest.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        let close = try await open[1].closeFrame()
        #expect(close?.closeCode.number == 4429, "\(String(describing: close))")
        #expect(close?.reason?.hasPrefix("replaced:") == true, "\(String(describing: close))")
        #expect(!open[0].isFinished)
        // A group mate and the facilitator are not affected.
        for other in [try #require(mate["token"] as? String), server.token] {
            let socket = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(other)")
            try await socket.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
            await socket.close()
        }
        for socket in open + [newest] { await socket.close() }
    }

    @Test(
        "a presence state says who it is with the sender's own id and name: claiming to be the facilitator does not pass"
    )
    func presenceIdentity() async throws {
        let server = try await TestServer()
        let (member, _, board) = try await Self.groupOne(server)
        let token = try #require(member["token"] as? String)
        let spoofer = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(token)")
        let state = ##"{"user":{"id":"facilitator","name":"facilitator","color":"#000000"},"cursor":null}"##
        try await spoofer.send(
            .awareness(AwarenessUpdate(entries: [.init(clientID: 4242, clock: 1, state: state)]).encoded))
        let joiner = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
        var seen: AwarenessUpdate.Entry?
        try await joiner.waitForMessage("the participant's presence") { message in
            guard case .awareness(let payload) = message, let update = try? AwarenessUpdate(decoding: payload),
                let entry = update.entries.first(where: { $0.clientID == 4242 })
            else { return false }
            seen = entry
            return true
        }
        let relayed = try #require(seen)
        let object = try JSONSerialization.jsonObject(with: Data(relayed.state.utf8)) as? [String: Any]
        let user = try #require(object?["user"] as? [String: Any])
        #expect(user["id"] as? String == member["id"] as? String, "\(user)")
        #expect(user["name"] as? String == member["name"] as? String, "\(user)")
        await spoofer.close()
        await joiner.close()
    }

    @Test(
        "a board grows to --max-board-mb and no further: what would pass it is kept (board-full), deleting still works")
    func boardSizeLimit() async throws {
        let fixture = try await AccessRuleTests.Fixture.make(arguments: ["--max-board-mb", "1"])
        let board = try #require(fixture.boards["g1"]?["empathy-map"])
        let participant = try await fixture.socket(board, token: fixture.token(role: "participant", group: "g1"))
        // Notes of 300 KiB each, every one new content (nothing a compaction folds away).
        let doc = Doc(clientID: 5_150)
        var updates: [[UInt8]] = []
        let observer = doc.onUpdate { bytes, _ in updates.append(bytes) }
        for index in 0..<5 {
            doc.transact { _ in
                doc.getMap("items").set(
                    "big\(index)", .map([("type", "note"), ("text", .text(String(repeating: "x", count: 300 << 10)))]))
            }
        }
        observer.cancel()
        for update in updates { try await participant.send(.update(update)) }
        try await waitUntil("the fourth and fifth notes are refused") { AccessRuleTests.denied(participant).count >= 2 }
        let entries = try await fixture.quarantine()
        // The fifth note builds on the fourth (the same Yjs client): kept after it.
        #expect(entries.map { $0["reasonCode"] as? String } == ["board-full", "depends-on-quarantined"])
        #expect(AccessRuleTests.denied(participant).first?.hasPrefix("board-full: the board holds") == true)
        var export = try await fixture.api.get("/api/v1/boards/\(board)/export.json")
        #expect(
            Set(((export["items"] as? [String: Any]) ?? [:]).keys.filter { $0.hasPrefix("big") }) == [
                "big0", "big1", "big2",
            ])
        // Deleting makes room again, and the facilitator can then apply what was kept.
        let eraser = Doc(clientID: 5_151)
        for update in updates.prefix(3) { try eraser.applyUpdate(update) }
        let before = eraser.encodeStateVector()
        eraser.transact { _ in
            eraser.getMap("items").delete("big0")
            eraser.getMap("items").delete("big1")
        }
        try await participant.send(.update(try eraser.encodeStateAsUpdate(from: before)))
        try await waitUntil("the two notes are gone") {
            export = try await fixture.api.get("/api/v1/boards/\(board)/export.json")
            return (export["items"] as? [String: Any])?["big0"] == nil
        }
        let qid = try #require(entries.first?["id"] as? Int)
        _ = try await fixture.api.post("/api/v1/sessions/\(fixture.sessionID)/quarantine/\(qid)/apply")
        export = try await fixture.api.get("/api/v1/boards/\(board)/export.json")
        #expect(
            Set(((export["items"] as? [String: Any]) ?? [:]).keys.filter { $0.hasPrefix("big") }) == [
                "big2", "big3", "big4",
            ])
        await participant.close()
    }

    /// A session from the example: two participants of group g1 (their invites) and its first board.
    static func groupOne(_ server: TestServer) async throws -> (
        member: [String: Any], mate: [String: Any], board: String
    ) {
        let created = try await API(server: server).post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let participants = (created["invites"] as? [[String: Any]] ?? []).filter {
            $0["role"] as? String == "participant" && $0["group"] as? String == "g1"
        }
        let board = try #require(
            ((created["groups"] as? [[String: Any]])?.first?["boards"] as? [[String: Any]])?.first?["id"] as? String)
        try #require(participants.count >= 2)
        return (participants[0], participants[1], board)
    }
}

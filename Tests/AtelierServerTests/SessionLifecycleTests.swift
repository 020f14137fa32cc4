import Foundation
import GRDB
import Testing
import YSync

/// A session over its life (issue 16): archived (read-only for everyone, then open again),
/// deleted (nothing of its own left but its signed record; its board ids dead), on the real
/// server and its SQLite file.
@Suite("Sessions over their life", .serialized)
struct SessionLifecycleTests {
    /// A one-group, one-candidate, one-juror session (quick to grade to a signed record).
    struct Fixture {
        let server: TestServer
        let api: API
        let id: String
        let board: String
        let candidate: String
        let alice: String
        let juror: String

        static func make() async throws -> Fixture {
            let server = try await TestServer()
            let api = API(server: server)
            var definition = try API.exampleDefinition()
            definition["title"] = "Sprint Zèbre-\(UUID().uuidString.prefix(6))"
            definition["groups"] = [["id": "g1", "name": "Groupe Zèbre", "participants": ["Alice Zébulon"]]]
            definition["jurors"] = [["id": "j1", "name": "Claire Jury", "president": true]]
            definition["observers"] = [String]()
            let created = try await api.post("/api/v1/sessions", definition, expect: 201)
            let group = try #require((created["groups"] as? [[String: Any]])?.first)
            let board = try #require(
                (group["boards"] as? [[String: Any]])?.first { $0["kind"] as? String == "empathy-map" }?["id"]
                    as? String)
            let invites = created["invites"] as? [[String: Any]] ?? []
            func token(_ role: String) throws -> String {
                try #require(invites.first { $0["role"] as? String == role }?["token"] as? String)
            }
            return Fixture(
                server: server, api: api, id: try #require(created["id"] as? String), board: board,
                candidate: try #require((group["candidates"] as? [[String: Any]])?.first?["id"] as? String),
                alice: try token("participant"), juror: try token("juror"))
        }

        var base: String { "/api/v1/sessions/\(id)" }

        func socket(_ board: String, token: String) async throws -> TestSocket {
            let socket = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(token)")
            try await socket.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
            return socket
        }

        /// The board's JSON export as text (the facilitator's).
        func export() async throws -> String {
            try await HTTP.get(server.baseURL + "/api/v1/boards/\(board)/export.json", token: server.token).text
        }

        /// The juror grades the candidate, the facilitator the criterion that is theirs; the
        /// jury signs and its president closes the record.
        func signRecord() async throws {
            try await api.send(
                .POST, "\(base)/phase", ["action": "goto", "phase": "pitch", "override": true, "reason": "test"])
            let state = try await api.get(base)
            var scores: [String: Any] = [:]
            for criterion in state["rubric"] as? [[String: Any]] ?? []
            where criterion["assessor"] as? String != "facilitator" {
                scores[try #require(criterion["id"] as? String)] = ["score": 3, "comment": "bien"]
            }
            try await api.send(.PUT, "\(base)/groups/g1/scores", ["scores": scores], token: juror)
            try await api.send(
                .PUT, "\(base)/groups/g1/candidates/\(candidate)/scores",
                ["scores": ["a14-collaboration": ["score": 4, "comment": "posture"]]])
            try await api.send(.POST, "\(base)/groups/g1/scores/submit", token: juror)
            try await api.send(.POST, "\(base)/deliberation/sign", token: juror)
            try await api.send(.POST, "\(base)/deliberation/close", token: juror)
        }
    }

    @Test("an archived session is read-only for everyone, boards included, until it is unarchived")
    func archive() async throws {
        let f = try await Fixture.make()
        let alice = try await f.socket(f.board, token: f.alice)
        try await alice.send(.update(YjsUpdates.note(clientID: 101, id: "n1", text: "avant")))
        try await waitUntil("alice's note is stored") { try await f.export().contains("avant") }

        _ = try await f.api.post("\(f.base)/timers", ["label": "Crazy 8", "seconds": 120], expect: 201)
        let archived = try await f.api.send(.POST, "\(f.base)/archive")
        #expect(archived["archivedAt"] as? Int64 != nil)
        // Its timers stop: no activity timer runs on (and none can be cleared after).
        let timers = try await f.api.get("\(f.base)/timers")
        #expect((timers["timers"] as? [Any])?.isEmpty == true, "\(timers)")
        let listed = try await f.api.get("/api/v1/sessions")["sessions"] as? [[String: Any]] ?? []
        #expect(listed.first { $0["id"] as? String == f.id }?["archivedAt"] != nil)
        // Boards: alice's and the facilitator's edits are refused (kept in quarantine).
        try await alice.send(.update(YjsUpdates.note(clientID: 101, id: "n2", text: "pendant")))
        let facilitator = try await f.socket(f.board, token: f.server.token)
        try await facilitator.send(.update(YjsUpdates.note(clientID: 202, id: "n3", text: "animateur")))
        try await waitUntil("both edits are quarantined") {
            let entries = try await f.api.get("\(f.base)/quarantine")["entries"] as? [[String: Any]] ?? []
            return entries.filter { $0["reasonCode"] as? String == "session-archived" }.count == 2
        }
        let export = try await f.export()
        #expect(!export.contains("pendant") && !export.contains("animateur"), "\(export)")
        // Every other write: 409 session-archived.
        #expect(
            try await f.api.refusal(.POST, "\(f.base)/phase", ["action": "advance"], status: 409) == "session-archived")
        #expect(
            try await f.api.refusal(
                .PUT, "\(f.base)/groups/g1/problem", ["text": "Comment…"], token: f.alice, status: 409)
                == "session-archived")
        // Archiving twice changes nothing; unarchiving opens it again.
        try await f.api.send(.POST, "\(f.base)/archive")
        let open = try await f.api.send(.POST, "\(f.base)/unarchive")
        #expect(open["archivedAt"] == nil)
        // (Client 101's later updates depend on its quarantined one: a new client writes.)
        try await alice.send(.update(YjsUpdates.note(clientID: 103, id: "n4", text: "après")))
        try await waitUntil("alice writes again") { try await f.export().contains("après") }
        try await f.api.send(.PUT, "\(f.base)/groups/g1/problem", ["text": "Comment…"], token: f.alice)
        let audit = try await f.api.get("\(f.base)/audit")["entries"] as? [[String: Any]] ?? []
        #expect(
            audit.compactMap { $0["action"] as? String }.filter { $0.hasPrefix("session.") } == [
                "session.create", "session.archive", "session.unarchive",
            ])
    }

    @Test("sockets racing a session's deletion are closed with no error in the log: nothing to act on")
    func deletionRaceLogsNoError() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        for _ in 0..<3 {
            let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
            let id = try #require(created["id"] as? String)
            let boards = (created["groups"] as? [[String: Any]] ?? []).flatMap {
                ($0["boards"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            // Every board's room loads while the session goes.
            let sockets = try await withThrowingTaskGroup(of: TestSocket?.self) { group in
                for (k, board) in (boards + boards).enumerated() {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(k))
                        return try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(server.token)")
                    }
                }
                group.addTask {
                    try await api.send(.DELETE, "/api/v1/sessions/\(id)", expect: 204)
                    return nil
                }
                return try await group.reduce(into: [TestSocket]()) { if let socket = $1 { $0.append(socket) } }
            }
            // Each is closed (its code may come with the upgrade's answer, which this client can miss).
            for socket in sockets { _ = try? await socket.closeFrame() }
        }
        #expect(!server.log.contains("room failed to load"), "\(server.log.suffix(2_000))")
    }

    @Test("an archived session still lets a facilitator cut access; an image upload answers 409 session-archived")
    func archivedRevokeAndUpload() async throws {
        let f = try await Fixture.make()
        let alice = try await f.socket(f.board, token: f.alice)
        try await f.api.send(.POST, "\(f.base)/archive")
        let invites = try await f.api.get("\(f.base)/invites")["invites"] as? [[String: Any]] ?? []
        let aliceID = try #require(invites.first { $0["role"] as? String == "participant" }?["id"] as? String)
        // Revoking writes while archived: the token stops at once, its socket closes.
        try await f.api.send(.POST, "\(f.base)/invites/\(aliceID)/revoke")
        #expect(try await HTTP.get(f.server.baseURL + "/api/v1/me", token: f.alice).status == 401)
        #expect(try await alice.closeFrame()?.closeCode.number == 4401)
        let audit = try await f.api.get("\(f.base)/audit")["entries"] as? [[String: Any]] ?? []
        #expect(audit.contains { $0["action"] as? String == "invite.revoke" })
        // Every other write answers 409 session-archived, an upload too.
        let upload = try await HTTP.send(
            "\(f.server.baseURL)/api/v1/boards/\(f.board)/assets", method: .POST, token: f.server.token,
            body: AssetTests.png, contentType: "image/png")
        #expect(upload.status == 409, "\(upload.text)")
        #expect(upload.text.contains("session-archived"), "\(upload.text)")
        // A new link would reopen what the archive froze: still refused.
        #expect(
            try await f.api.refusal(.POST, "\(f.base)/invites/\(aliceID)/reissue", status: 409) == "session-archived")
    }

    @Test(
        "a person renamed then erased: no name they ever had stays in any file; an erased person is never renamed nor reissued"
    )
    func eraseAfterRename() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let tag = UUID().uuidString.prefix(6)
        let names = [
            "Odile Secretname-\(tag)", "Odile Renamed-\(tag)", "Oscar Watcher-\(tag)", "Oscar Renamed-\(tag)",
        ]
        var definition = try API.exampleDefinition()
        definition["groups"] = [
            ["id": "g1", "name": "Groupe 1", "participants": [names[0], "Bruno Petit"]],
            ["id": "g2", "name": "Groupe 2", "participants": ["Chloé Durand"]],
        ]
        definition["observers"] = [names[2]]
        let created = try await api.post("/api/v1/sessions", definition, expect: 201)
        let base = "/api/v1/sessions/\(try #require(created["id"] as? String))"
        let invites = created["invites"] as? [[String: Any]] ?? []
        let odile = try #require(invites.first { $0["name"] as? String == names[0] }?["id"] as? String)
        let oscar = try #require(invites.first { $0["name"] as? String == names[2] }?["id"] as? String)
        // Renamed (Odile moved too), then erased.
        try await api.send(.PATCH, "\(base)/people/\(odile)", ["name": names[1], "group": "g2"])
        try await api.send(.PATCH, "\(base)/people/\(oscar)", ["name": names[3]])
        for id in [odile, oscar] { _ = try await api.post("\(base)/people/\(id)/erase") }
        // An erased person gets neither a name nor a link again.
        #expect(
            try await api.refusal(.PATCH, "\(base)/people/\(odile)", ["name": names[0]], status: 409)
                == "person-erased")
        #expect(try await api.refusal(.POST, "\(base)/invites/\(odile)/reissue", status: 409) == "person-erased")
        #expect(try await api.refusal(.POST, "\(base)/invites/\(oscar)/reissue", status: 409) == "person-erased")
        let state = try await api.get(base)
        let shown = (state["invites"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(Set(shown).isDisjoint(with: names), "\(shown)")

        _ = await server.stop()
        var holders: [String] = []
        let root = server.dataDirectory
        for path in try FileManager.default.subpathsOfDirectory(atPath: root.path) where path != "server.log" {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                continue
            }
            for needle in names + ["Secretname", "Watcher"] where data.range(of: Data(needle.utf8)) != nil {
                holders.append("\(path): \(needle)")
            }
        }
        #expect(holders.isEmpty, "\(holders)")
    }

    @Test(
        "a deleted session leaves no row and no file of its own but its signed record; its sockets close and its board ids stay dead"
    )
    func delete() async throws {
        let f = try await Fixture.make()
        let alice = try await f.socket(f.board, token: f.alice)
        try await alice.send(.update(YjsUpdates.note(clientID: 101, id: "n1", text: "Zèbre-marqueur")))
        try await waitUntil("alice's note is stored") { try await f.export().contains("Zèbre-marqueur") }
        let upload = try await HTTP.send(
            "\(f.server.baseURL)/api/v1/boards/\(f.board)/assets", method: .POST, token: f.server.token,
            body: AssetTests.png, contentType: "image/png")
        let hash = try #require((try? upload.json() as? [String: Any])?["hash"] as? String, "\(upload.text)")
        let assets = f.server.dataDirectory.appendingPathComponent("assets")
        #expect(FileManager.default.fileExists(atPath: assets.appendingPathComponent(hash).path))
        try await f.signRecord()
        let record = try await f.api.get("\(f.base)/record.json")
        let live = try await TestSocket("\(f.server.wsURL)/live/\(f.id)?token=\(f.alice)")
        _ = try await live.waitForEvent("hello")

        let deleted = try await HTTP.send(f.server.baseURL + f.base, method: .DELETE, token: f.server.token)
        #expect(deleted.status == 204, "\(deleted.text)")

        // Its sockets close, its routes answer 404, its tokens are unknown. (A loaded machine
        // gets a minute; a failure says which socket stayed open, with the server's log.)
        func closed(_ socket: TestSocket, _ what: String) async throws -> Int? {
            do {
                return try await socket.closeFrame("\(what) closes", timeout: .seconds(60))?.closeCode.number
            } catch {
                Issue.record("\(error)\n--- server log:\n\(f.server.log.suffix(6000))")
                throw error
            }
        }
        #expect(try await closed(alice, "alice's board socket") == 4404)
        #expect(try await closed(live, "alice's live channel") == 4404)
        for path in [f.base, "\(f.base)/audit", "\(f.base)/results", "\(f.base)/record.json"] {
            #expect(try await HTTP.get(f.server.baseURL + path, token: f.server.token).status == 404, "\(path)")
        }
        #expect(
            try await HTTP.send(f.server.baseURL + f.base, method: .DELETE, token: f.server.token).status == 404)
        #expect(try await HTTP.get(f.server.baseURL + "/api/v1/me", token: f.alice).status == 401)
        #expect(
            try await HTTP.get(
                f.server.baseURL + "/api/v1/boards/\(f.board)/export.json", token: f.server.token
            ).status == 404)
        // A facilitator's tab that reconnects cannot bring the board back as an ad-hoc one.
        #expect(try await Peers.refusalCode("\(f.server.wsURL)/sync/\(f.board)?token=\(f.server.token)") == 4404)
        let upload2 = try await HTTP.send(
            "\(f.server.baseURL)/api/v1/boards/\(f.board)/assets", method: .POST, token: f.server.token,
            body: AssetTests.png, contentType: "image/png")
        #expect(upload2.status == 404)
        // Its image is gone (nothing else used it).
        #expect(!FileManager.default.fileExists(atPath: assets.appendingPathComponent(hash).path))

        // The tombstones hold after a restart too.
        _ = await f.server.stop()
        try await f.server.start()
        #expect(try await Peers.refusalCode("\(f.server.wsURL)/sync/\(f.board)?token=\(f.server.token)") == 4404)
        #expect(try await HTTP.get(f.server.baseURL + f.base, token: f.server.token).status == 404)
        _ = await f.server.stop()

        // The database: no row names the session, its boards or its people, but the signed
        // record and the tombstones.
        let queue = try DatabaseQueue(path: f.server.dataDirectory.appendingPathComponent("atelier.sqlite").path)
        try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let needles = [f.id, f.board, "Alice Zébulon", "Zèbre-marqueur", hash]
        let found = try await queue.read { db -> [String] in
            var found: [String] = []
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    let text = row.databaseValues.map { value -> String in
                        if let data = Data.fromDatabaseValue(value) { return String(decoding: data, as: UTF8.self) }
                        return value.description
                    }.joined(separator: " ")
                    if table == "deletedBoard" { continue }
                    if table == "artifact", row["kind"] as String? == "record" { continue }
                    for needle in needles where text.contains(needle) { found.append("\(table): \(needle)") }
                }
            }
            return found
        }
        #expect(found.isEmpty, "\(found)")
        let tombstones = try await queue.read { db in try String.fetchAll(db, sql: "SELECT id FROM deletedBoard") }
        #expect(tombstones.contains(f.board))
        let kept = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT data FROM artifact WHERE kind = 'record'").map {
                String(decoding: $0["data"] as Data, as: UTF8.self)
            }
        }
        // (The record holds the board as evidence: the note's text stays there, and only there.)
        #expect(
            kept.count == 1 && kept[0].contains("Alice Zébulon") && kept[0].contains("Zèbre-marqueur"),
            "the signed record is kept as it was")
        #expect(record["sha256"] != nil)
        // The data folder: the database, its WAL, the (empty) assets folder and the test's log.
        let files = try FileManager.default.subpathsOfDirectory(atPath: f.server.dataDirectory.path).sorted()
        let unexpected = files.filter {
            !["assets", "server.log", "atelier.lock"].contains($0) && !$0.hasPrefix("atelier.sqlite")
        }
        #expect(unexpected.isEmpty, "\(unexpected)")
    }

    @Test(
        "people change while the session runs: added, renamed, moved (losing the old group's boards at once), a group renamed; it all survives a restart"
    )
    func roster() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        var definition = try API.exampleDefinition()
        definition["groups"] = [
            ["id": "g1", "name": "Groupe 1", "participants": ["Alice Martin"]],
            ["id": "g2", "name": "Groupe 2", "participants": ["Bruno Petit"]],
        ]
        let created = try await api.post("/api/v1/sessions", definition, expect: 201)
        let id = try #require(created["id"] as? String)
        let base = "/api/v1/sessions/\(id)"
        let invites = created["invites"] as? [[String: Any]] ?? []
        let alice = try #require(invites.first { $0["name"] as? String == "Alice Martin" })
        let aliceToken = try #require(alice["token"] as? String)
        let aliceID = try #require(alice["id"] as? String)
        func board(_ group: String) throws -> String {
            let groups = created["groups"] as? [[String: Any]] ?? []
            return try #require(
                (groups.first { $0["id"] as? String == group }?["boards"] as? [[String: Any]])?.first {
                    $0["kind"] as? String == "empathy-map"
                }?["id"] as? String)
        }

        // Added: a late participant in g2, a juror, an observer; each with a working link.
        let zoe = try await api.post(
            "\(base)/people", ["name": "Zoé Late", "role": "participant", "group": "g2"], expect: 201)
        let zoeInvite = try #require(zoe["invite"] as? [String: Any])
        let zoeToken = try #require(zoeInvite["token"] as? String)
        #expect((zoeInvite["url"] as? String)?.hasSuffix("/join/\(zoeToken)") == true)
        let me = try await api.get("/api/v1/me", token: zoeToken)
        #expect((me["group"] as? [String: Any])?["id"] as? String == "g2")
        #expect(me["candidate"] as? String == zoe["candidate"] as? String && zoe["candidate"] != nil)
        let juror = try await api.post("\(base)/people", ["name": "Juré Nouveau", "role": "juror"], expect: 201)
        let jurorToken = try #require((juror["invite"] as? [String: Any])?["token"] as? String)
        let jurorMe = try await api.get("/api/v1/me", token: jurorToken)
        let jurorID = try #require(jurorMe["jurorId"] as? String)
        _ = try await api.post("\(base)/people", ["name": "Obs Erveur", "role": "observer"], expect: 201)
        var state = try await api.get(base)
        #expect((state["jurors"] as? [[String: Any]])?.contains { $0["id"] as? String == jurorID } == true)
        let g2 = (state["groups"] as? [[String: Any]])?.first { $0["id"] as? String == "g2" }
        #expect((g2?["candidates"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Bruno Petit", "Zoé Late"])
        // The new juror grades like the others.
        try await api.send(.PUT, "\(base)/groups/g1/scores", ["scores": [String: Any]()], token: jurorToken)

        // Moved: Alice's open socket on g1's board closes at once; g2's board opens, g1's no longer.
        let socket = try await TestSocket("\(server.wsURL)/sync/\(try board("g1"))?token=\(aliceToken)")
        try await socket.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        let moved = try await api.send(
            .PATCH, "\(base)/people/\(aliceID)", ["name": "Alice Dupont", "group": "g2"])
        #expect((moved["invite"] as? [String: Any])?["group"] as? String == "g2")
        #expect(try await socket.closeFrame()?.closeCode.number == 4403)
        #expect(try await Peers.refusalCode("\(server.wsURL)/sync/\(try board("g1"))?token=\(aliceToken)") == 4403)
        let new = try await TestSocket("\(server.wsURL)/sync/\(try board("g2"))?token=\(aliceToken)")
        try await new.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        await new.close()
        #expect(try await api.get("/api/v1/me", token: aliceToken)["name"] as? String == "Alice Dupont")

        // A group renamed.
        let renamed = try await api.send(.PATCH, "\(base)/groups/g2", ["name": "Les Zèbres"])
        #expect((renamed["group"] as? [String: Any])?["name"] as? String == "Les Zèbres")

        // Refused: each with its error, and nothing changed.
        #expect(
            try await api.refusal(.POST, "\(base)/people", ["name": "X", "role": "administrator"], status: 422)
                == "bad_field")
        #expect(
            try await api.refusal(
                .POST, "\(base)/people", ["name": "X", "role": "facilitator", "group": "g1"], status: 422)
                == "invalid-entry")
        #expect(
            try await api.refusal(.POST, "\(base)/people", ["name": "X", "role": "participant"], status: 404)
                == "unknown-group")
        #expect(
            try await api.refusal(
                .POST, "\(base)/people", ["name": "  ", "role": "participant", "group": "g1"], status: 422)
                == "invalid-entry")
        #expect(
            try await api.refusal(
                .POST, "\(base)/people", ["name": "X", "role": "observer", "colour": "red"], status: 422)
                == "unknown_field")
        #expect(try await api.refusal(.PATCH, "\(base)/people/i_nope", ["name": "X"], status: 404) == "not_found")
        #expect(
            try await api.refusal(.PATCH, "\(base)/people/\(aliceID)", [String: Any](), status: 422) == "missing_field")
        #expect(try await api.refusal(.PATCH, "\(base)/groups/g9", ["name": "X"], status: 404) == "unknown-group")
        #expect(
            try await api.refusal(
                .POST, "\(base)/people", ["name": "Y", "role": "observer"], token: aliceToken, status: 403) != nil)
        // The audit names ids, not people.
        let audit = try await api.get("\(base)/audit")["entries"] as? [[String: Any]] ?? []
        #expect(
            audit.compactMap { $0["action"] as? String }.filter { $0.hasPrefix("person.") || $0.hasPrefix("group.") }
                == ["person.add", "person.add", "person.add", "person.edit", "group.rename"])

        // After a restart, all of it holds (the changed definition decodes to itself).
        _ = await server.stop()
        try await server.start()
        state = try await api.get(base)
        let groups = state["groups"] as? [[String: Any]] ?? []
        #expect(groups.first { $0["id"] as? String == "g2" }?["name"] as? String == "Les Zèbres")
        #expect(
            (groups.first { $0["id"] as? String == "g2" }?["candidates"] as? [[String: Any]])?.map {
                $0["name"] as? String
            } == ["Bruno Petit", "Zoé Late", "Alice Dupont"])
        #expect(
            (state["jurors"] as? [[String: Any]])?.first { $0["id"] as? String == jurorID }?["name"] as? String
                == "Juré Nouveau")
    }

    @Test(
        "a person's export holds what Atelier keeps about them; after erasure their name is in no file of the data folder"
    )
    func exportAndErase() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let name = "Ulysse Quagmire-\(UUID().uuidString.prefix(6))"
        var definition = try API.exampleDefinition()
        definition["groups"] = [
            ["id": "g1", "name": "Groupe 1", "participants": [name, "Bruno Petit"]]
        ]
        definition["jurors"] = [["id": "j1", "name": "Claire Jury", "president": true]]
        let created = try await api.post("/api/v1/sessions", definition, expect: 201)
        let id = try #require(created["id"] as? String)
        let base = "/api/v1/sessions/\(id)"
        let invites = created["invites"] as? [[String: Any]] ?? []
        let person = try #require(invites.first { $0["name"] as? String == name })
        let personID = try #require(person["id"] as? String)
        let token = try #require(person["token"] as? String)
        let juror = try #require(invites.first { $0["role"] as? String == "juror" }?["token"] as? String)
        let board = try #require(
            ((created["groups"] as? [[String: Any]])?.first?["boards"] as? [[String: Any]])?.first {
                $0["kind"] as? String == "empathy-map"
            }?["id"] as? String)
        let candidate = try #require(
            ((created["groups"] as? [[String: Any]])?.first?["candidates"] as? [[String: Any]])?.first {
                $0["name"] as? String == name
            }?["id"] as? String)
        // Their work: a note on the board, an image, a Q&A answer credited to them; they are
        // online on the live channel (presence carries their name).
        let live = try await TestSocket("\(server.wsURL)/live/\(id)?token=\(token)")
        _ = try await live.waitForEvent("hello")
        let socket = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(token)")
        try await socket.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        try await socket.send(.update(YjsUpdates.note(clientID: 501, id: "n1", text: "idée du candidat")))
        try await waitUntil("the note is stored") {
            try await HTTP.get(server.baseURL + "/api/v1/boards/\(board)/export.json", token: server.token).text
                .contains("idée du candidat")
        }
        let upload = try await HTTP.send(
            "\(server.baseURL)/api/v1/boards/\(board)/assets", method: .POST, token: token, body: AssetTests.png,
            contentType: "image/png")
        let hash = try #require((try? upload.json() as? [String: Any])?["hash"] as? String, "\(upload.text)")
        // What they wrote: their group's problem statement, an edit refused on a locked board;
        // another person's note on the same board is not theirs.
        try await api.send(.PUT, "\(base)/groups/g1/problem", ["text": "Comment rêver mieux ?"], token: token)
        let bruno = try #require(invites.first { $0["name"] as? String == "Bruno Petit" }?["token"] as? String)
        let brunoSocket = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(bruno)")
        try await brunoSocket.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        try await brunoSocket.send(.update(YjsUpdates.note(clientID: 502, id: "n2", text: "note de Bruno")))
        let locked = try #require(
            ((created["groups"] as? [[String: Any]])?.first?["boards"] as? [[String: Any]])?.first {
                $0["kind"] as? String == "hmw"
            }?["id"] as? String)
        let refused = try await TestSocket("\(server.wsURL)/sync/\(locked)?token=\(token)")
        try await refused.waitForMessage("sync step 1") { if case .syncStep1 = $0 { true } else { false } }
        try await refused.send(.update(YjsUpdates.note(clientID: 503, id: "n3", text: "idée refusée")))
        try await waitUntil("Bruno's note is stored and the refused one kept") {
            let export = try await HTTP.get(
                server.baseURL + "/api/v1/boards/\(board)/export.json", token: server.token
            ).text
            let entries = try await api.get("\(base)/quarantine")["entries"] as? [[String: Any]] ?? []
            return export.contains("note de Bruno") && !entries.isEmpty
        }
        try await api.send(
            .POST, "\(base)/phase", ["action": "goto", "phase": "pitch", "override": true, "reason": "test"])
        try await api.send(.POST, "\(base)/groups/g1/pitch/start")
        try await api.send(.POST, "\(base)/groups/g1/pitch/stop")
        try await api.send(.POST, "\(base)/groups/g1/qa/start")
        let entry = try await api.send(
            .POST, "\(base)/groups/g1/qa", ["kind": "question", "text": "Pourquoi ?"], token: juror, expect: 201)
        let entryID = try #require(entry["id"] as? String)
        try await api.send(
            .PATCH, "\(base)/groups/g1/qa/\(entryID)", ["answer": "Parce que.", "answeredBy": [candidate]], token: juror
        )

        // The export: one JSON with all of it, the image's bytes included; audited.
        let exported = try await HTTP.get(server.baseURL + "\(base)/people/\(personID)/export", token: server.token)
        #expect(exported.status == 200)
        #expect(exported.header("content-disposition")?.contains("attachment") == true)
        let json = try #require(try exported.json() as? [String: Any])
        #expect((json["person"] as? [String: Any])?["name"] as? String == name)
        #expect((json["candidate"] as? [String: Any])?["id"] as? String == candidate)
        #expect((json["results"] as? [String: Any])?["id"] as? String == candidate)
        #expect(((json["qa"] as? [[String: Any]])?.first?["entry"] as? [String: Any])?["id"] as? String == entryID)
        #expect((json["contributions"] as? [[String: Any]])?.contains { $0["board"] as? String == board } == true)
        let problems = json["problems"] as? [[String: Any]] ?? []
        #expect(problems.map { $0["text"] as? String } == ["Comment rêver mieux ?"], "\(problems)")
        let items = json["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["text"] as? String } == ["idée du candidat"], "theirs only: \(items)")
        let kept = json["quarantine"] as? [[String: Any]] ?? []
        #expect(kept.flatMap { $0["texts"] as? [String] ?? [] } == ["idée refusée"], "\(kept)")
        let image = try #require((json["images"] as? [[String: Any]])?.first)
        #expect(image["hash"] as? String == hash)
        #expect((image["data"] as? String).flatMap { Data(base64Encoded: $0) } == AssetTests.png)
        #expect((json["audit"] as? [[String: Any]])?.contains { $0["action"] as? String == "person.export" } == true)

        // The erasure: a pseudonym, the link revoked (sockets closed), the image gone.
        let erased = try await api.post("\(base)/people/\(personID)/erase")
        let pseudonym = try #require(erased["name"] as? String)
        #expect(!pseudonym.contains("Quagmire") && erased["imagesDeleted"] as? Int == 1)
        #expect(try await socket.closeFrame()?.closeCode.number == 4401)
        #expect(try await live.closeFrame()?.closeCode.number == 4401)
        #expect(try await HTTP.get(server.baseURL + "/api/v1/me", token: token).status == 401)
        let state = try await api.get(base)
        let names = (state["invites"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.contains(pseudonym) && !names.contains(name))
        #expect(
            ((state["groups"] as? [[String: Any]])?.first?["candidates"] as? [[String: Any]])?.contains {
                $0["id"] as? String == candidate
            } == true, "the candidate stays, under the pseudonym")
        // The board's content stays (it is the group's work); the audit line names the id.
        let audit = try await api.get("\(base)/audit")["entries"] as? [[String: Any]] ?? []
        #expect(audit.contains { $0["action"] as? String == "person.erase" })

        // No file of the data folder holds the name: the database, its WAL, the images.
        _ = await server.stop()
        var holders: [String] = []
        let root = server.dataDirectory
        for path in try FileManager.default.subpathsOfDirectory(atPath: root.path) where path != "server.log" {
            let url = root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            for needle in [name, "Quagmire"] where data.range(of: Data(needle.utf8)) != nil {
                holders.append("\(path): \(needle)")
            }
        }
        #expect(holders.isEmpty, "\(holders)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("assets/\(hash)").path))
    }

    @Test(
        "a sprint postponed: its days, the waiting phase's time box, the retention date and the audit follow; it holds after a restart"
    )
    func moveDates() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        var paris = Calendar(identifier: .gregorian)
        paris.timeZone = TimeZone(identifier: "Europe/Paris")!
        func day(_ offset: Int) -> (text: String, start: Int64) {
            let date = paris.date(byAdding: .day, value: offset, to: paris.startOfDay(for: Date()))!
            let parts = paris.dateComponents([.year, .month, .day], from: date)
            return (String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!), date.epochMilliseconds)
        }
        var definition = try API.exampleDefinition()
        definition["startDate"] = day(7).text
        let created = try await api.post("/api/v1/sessions", definition, expect: 201)
        let id = try #require(created["id"] as? String)
        let base = "/api/v1/sessions/\(id)"
        let before = try await api.get(base)
        let purgeBefore = try #require(before["purgeAt"] as? Int64)

        let moved = try await api.post("\(base)/dates", ["startDate": day(14).text])
        #expect(moved["startDate"] as? String == day(14).text)
        let phase = try #require(moved["phase"] as? [String: Any])
        #expect(phase["startedAt"] as? Int64 == day(14).start, "the first phase's time box starts with its new day")
        #expect(
            (phase["deadline"] as? Int64) == day(14).start + Int64((phase["timeBoxMinutes"] as? Int ?? 0) * 60_000))
        #expect((moved["phases"] as? [[String: Any]])?.allSatisfy { $0["dayBegun"] as? Bool == false } == true)
        let purgeAfter = try #require(moved["purgeAt"] as? Int64)
        #expect(abs(purgeAfter - purgeBefore - 7 * 86_400_000) <= 3_600_000, "a week later (a DST change aside)")
        let audit = try await api.get("\(base)/audit")["entries"] as? [[String: Any]] ?? []
        #expect(audit.contains { $0["action"] as? String == "session.dates" })
        // Refused: not a day, out of range, not the facilitator.
        #expect(try await api.refusal(.POST, "\(base)/dates", ["startDate": "next week"], status: 422) == "bad_field")
        #expect(
            try await api.refusal(.POST, "\(base)/dates", ["startDate": "1999-01-01"], status: 422)
                == "invalid_definition")
        let participant = try #require(
            (created["invites"] as? [[String: Any]])?.first { $0["role"] as? String == "participant" }?["token"]
                as? String)
        #expect(
            try await api.refusal(.POST, "\(base)/dates", ["startDate": day(1).text], token: participant, status: 403)
                != nil)

        _ = await server.stop()
        try await server.start()
        let again = try await api.get(base)
        #expect(again["startDate"] as? String == day(14).text)
        #expect((again["phase"] as? [String: Any])?["startedAt"] as? Int64 == day(14).start)
    }
}

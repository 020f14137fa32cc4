import Foundation
import NIOHTTP1
import Testing

/// Checkpoints a facilitator names, compares and restores, on the real server with pycrdt peers
/// (issue 15): a restore brings back the checkpoint's items with their authors, as a new update
/// on top of the history, and a client that edited offline before it merges afterwards with its
/// notes kept.
@Suite("Checkpoints")
struct CheckpointTests {
    @Test(
        "a named checkpoint is compared with now per zone, restored with its items and authors, and an offline client's notes survive the restore"
    )
    func nameCompareRestore() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await IdeateSession(on: api)
        let session = created.id
        let ideas = try created.board("ideas")
        let tokens = created.participants("g1").map(\.token)
        let (alice, bob) = (tokens[0], tokens[1])
        let offline = FileManager.default.temporaryDirectory.appendingPathComponent("offline-\(UUID()).ydoc").path
        defer { try? FileManager.default.removeItem(atPath: offline) }

        // Alice writes two notes; Bob's client syncs and keeps its copy (like a browser's IndexedDB).
        _ = try await Peers.history(server.wsURL, alice, ideas, ["--add", "n1=persona", "--add", "n2=journey"])
        _ = try await Peers.history(server.wsURL, bob, ideas, ["--state", offline])
        let path = "/api/v1/boards/\(ideas)/checkpoints"
        let named = try await api.post(path, ["label": "before the vote"], expect: 201)
        let id = try #require(named["id"] as? String)
        #expect(named["label"] as? String == "before the vote" && named["board"] as? String == ideas)
        let list = try await api.get(path, token: alice)
        #expect((list["checkpoints"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)

        // After it: n1 edited and moved, n2 deleted, n3 added; Bob, offline, adds n4.
        _ = try await Peers.history(
            server.wsURL, alice, ideas,
            ["--edit", "n1=persona v2", "--move", "n1=300,400", "--delete", "n2", "--add", "n3=new"])
        _ = try await Peers.history(
            server.wsURL, bob, ideas, ["--state", offline, "--offline", "--add", "n4=offline idea"])

        let comparison = try await api.get("\(path)/\(id)/compare?to=now", token: alice)
        #expect((comparison["added"] as? [[String: Any]])?.map { $0["id"] as? String } == ["n3"])
        #expect((comparison["removed"] as? [[String: Any]])?.map { $0["id"] as? String } == ["n2"])
        let changed = try #require((comparison["changed"] as? [[String: Any]])?.first)
        #expect((changed["item"] as? [String: Any])?["id"] as? String == "n1")
        #expect(changed["fields"] as? [String] == ["text", "x", "y"])
        #expect((changed["was"] as? [String: Any])?["text"] as? String == "persona")
        #expect((changed["item"] as? [String: Any])?["text"] as? String == "persona v2")
        let zone = ((comparison["zones"] as? [String: Any])?["ideas"] as? [String: Int])
        #expect(zone == ["added": 1, "removed": 1, "changed": 1], "\(comparison)")

        // Only a facilitator restores; then the board is the checkpoint's, authors included.
        _ = try await api.refusal(.POST, "\(path)/\(id)/restore", token: alice, status: 403)
        let restored = try await api.post("\(path)/\(id)/restore")
        #expect(((restored["restored"] as? [String: Any])?["removed"] as? [[String: Any]])?.count == 1)
        // The board as it stood was saved first: the restore can be undone.
        let saved = try #require(restored["saved"] as? [String: Any])
        #expect(saved["label"] as? String == "before restoring “before the vote”")
        let undo = try await api.get("\(path)/\(try #require(saved["id"] as? String))/compare")
        #expect((undo["removed"] as? [[String: Any]])?.map { $0["id"] as? String } == ["n3"], "\(undo)")
        var items = try #require(
            try await api.get("/api/v1/boards/\(ideas)/export.json")["items"] as? [String: [String: Any]])
        #expect(Set(items.keys) == ["n1", "n2"])
        #expect(items["n1"]?["text"] as? String == "persona" && items["n1"]?["x"] as? Double == 10)
        #expect(items["n2"]?["text"] as? String == "journey" && items["n2"]?["author"] as? String == "pycrdt")
        let nothingLeft = try await api.get("\(path)/\(id)/compare", token: alice)
        #expect(
            (nothingLeft["added"] as? [Any])?.isEmpty == true && (nothingLeft["changed"] as? [Any])?.isEmpty == true)

        // Bob comes back online: his offline note merges, and the restored items stay.
        let merged = try await Peers.history(server.wsURL, bob, ideas, ["--state", offline])
        #expect(Set(merged.keys) == ["n1", "n2", "n4"], "\(merged.keys.sorted())")
        items = try #require(
            try await api.get("/api/v1/boards/\(ideas)/export.json")["items"] as? [String: [String: Any]])
        #expect(Set(items.keys) == ["n1", "n2", "n4"])
        #expect(items["n4"]?["text"] as? String == "offline idea")

        // The audit names both acts; the history was added to, not rewritten.
        let audit = try await api.get("/api/v1/sessions/\(session)/audit")
        let actions = (audit["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions.contains("checkpoint.create") && actions.contains("checkpoint.restore"), "\(actions)")

        // A session-wide checkpoint covers every board; bad labels and unknown ids are refused.
        let all = try await api.post("/api/v1/sessions/\(session)/checkpoints", ["label": "lunch"], expect: 201)
        #expect((all["checkpoints"] as? [Any])?.count == 40)
        _ = try await api.refusal(.POST, path, ["label": ""], status: 422)
        _ = try await api.refusal(.POST, path, ["label": String(repeating: "x", count: 201)], status: 422)
        _ = try await api.refusal(.GET, "\(path)/999999/compare", status: 404)
        _ = try await api.refusal(.GET, "\(path)/\(id)/compare?to=999999", status: 404)
        _ = try await api.refusal(.POST, "\(path)/999999/restore", status: 404)
    }

    @Test("a restore is refused (409 board-private) while the board is private, nothing saved; revealed, it restores")
    func restoreWaitsForTheReveal() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await IdeateSession(on: api)
        let ideas = try created.board("ideas")
        let alice = created.participants("g1")[0].token
        _ = try await Peers.history(server.wsURL, alice, ideas, ["--add", "n1=persona"])
        let path = "/api/v1/boards/\(ideas)/checkpoints"
        let id = try #require(try await api.post(path, ["label": "before"], expect: 201)["id"] as? String)
        _ = try await Peers.history(server.wsURL, alice, ideas, ["--edit", "n1=persona v2"])
        let list = { () async throws -> [[String: Any]] in
            try await api.get(path)["checkpoints"] as? [[String: Any]] ?? []
        }
        let checkpoints = try await list().count

        _ = try await api.post("/api/v1/boards/\(ideas)/mode", ["mode": "private"])
        let refused = try await api.send(.POST, "\(path)/\(id)/restore", expect: 409)["error"] as? [String: Any]
        #expect(refused?["code"] as? String == "board-private")
        #expect((refused?["message"] as? String)?.contains("reveal") == true, "\(refused ?? [:])")
        #expect(try await list().count == checkpoints)

        _ = try await api.post("/api/v1/boards/\(ideas)/mode", ["mode": "shared"])
        _ = try await api.post("\(path)/\(id)/restore")
        let items = try await api.get("/api/v1/boards/\(ideas)/export.json")["items"] as? [String: [String: Any]]
        #expect(items?["n1"]?["text"] as? String == "persona")
    }
}

import Foundation
import Testing

/// The board editor in headless Chromium against the real server: two people on one board,
/// offline edits merged on reconnect, and a pycrdt client on the same board.
@Suite("Board editor", .serialized)
struct BoardEditorTests {
    struct Board {
        let server: TestServer
        let ideas: String
        let locked: String
        let tokens: [String]
    }

    /// A session in `ideate` (the ideas board open, the test grid locked) and two participants of g1.
    func setup() async throws -> Board {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        _ = try await api.post(
            "/api/v1/sessions/\(id)/phase",
            ["action": "goto", "phase": "ideate", "override": true, "reason": "browser test"])
        let boards = try #require(
            (created["groups"] as? [[String: Any]])?.first { $0["id"] as? String == "g1" }?["boards"]
                as? [[String: Any]])
        let tokens = (created["invites"] as? [[String: Any]] ?? []).filter {
            $0["group"] as? String == "g1" && $0["role"] as? String == "participant"
        }.compactMap { $0["token"] as? String }
        return Board(
            server: server,
            ideas: try #require(boards.first { $0["kind"] as? String == "ideas" }?["id"] as? String),
            locked: try #require(boards.first { $0["kind"] as? String == "test-grid" }?["id"] as? String),
            tokens: tokens)
    }

    func run(_ script: String, _ arguments: [String]) async throws -> [String: Any] {
        let output = try await Peers.run(
            Peers.python, [Peers.script("Browser/\(script)")] + arguments, timeout: .seconds(300))
        let line = try #require(output.split(separator: "\n").last.map(String.init))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("two browsers: notes, merged text, moves, colours, votes within the budget, images, a locked board")
    func twoBrowsers() async throws {
        let board = try await setup()
        let result = try await run(
            "board_two_browsers.py",
            [
                "--url", board.server.baseURL, "--token-a", board.tokens[0], "--token-b", board.tokens[1], "--board",
                board.ideas, "--locked-board", board.locked, "--screenshots", BrowserTests.screenshots.path,
            ])
        #expect(result["ok"] as? Bool != false, "\(result)")
    }

    @Test("one browser goes offline, both edit, it comes back: both converge with no edit lost")
    func offline() async throws {
        let board = try await setup()
        let result = try await run(
            "board_offline.py",
            [
                "--url", board.server.baseURL, "--token-a", board.tokens[0], "--token-b", board.tokens[1], "--board",
                board.ideas, "--screenshots", BrowserTests.screenshots.path,
            ])
        #expect(result["ok"] as? Bool != false, "\(result)")
    }

    @Test("the browser and a pycrdt client edit the same board and converge")
    func browserAndPycrdt() async throws {
        let board = try await setup()
        let peer = Peers.script("Interop/server/board_peer.py")
        try await Peers.run(
            Peers.python, [peer, board.server.wsURL, board.tokens[1], board.ideas, "--note", "py1=from pycrdt"])
        let page = try await run(
            "board_pycrdt_mix.py",
            ["--url", board.server.baseURL, "--token", board.tokens[0], "--board", board.ideas, "--wait-note", "py1"])
        let browserNote = try #require(page["browserNote"] as? String)
        let pageItems = Set((page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(pageItems.contains("py1"))
        let seen = try await Peers.run(
            Peers.python, [peer, board.server.wsURL, board.tokens[1], board.ideas, "--wait-note", browserNote])
        #expect(seen.contains(#""event": "seen""#), "\(seen)")
        let export = try await HTTP.get(
            board.server.baseURL + "/api/v1/boards/\(board.ideas)/export.json", token: board.server.token)
        let items = try #require((try export.json() as? [String: Any])?["items"] as? [String: [String: Any]])
        #expect(Set(items.keys) == pageItems)
        #expect(items["py1"]?["text"] as? String == "from pycrdt")
        #expect(items[browserNote]?["text"] as? String == "from chromium")
        #expect(items[browserNote]?["type"] as? String == "note")
        #expect(items[browserNote]?["votes"] is [String: Any])
    }
}

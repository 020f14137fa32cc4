import Testing
import YCore

@testable import AtelierServer

/// Restoring a checkpoint writes on top of the history (docs/API.md, "Checkpoints"): what a
/// client typed offline still merges where it was typed.
@Suite("Checkpoint restore")
struct BoardHistoryTests {
    /// A note's text in `doc`.
    func text(_ doc: Doc, _ id: String = "n1") -> String? {
        guard case .map(let note) = doc.getMap("items").get(id), case .text(let text) = note.get("text") else {
            return nil
        }
        return text.toString()
    }

    func insert(_ doc: Doc, _ string: String, after prefix: String) {
        guard case .map(let note) = doc.getMap("items").get("n1"), case .text(let text) = note.get("text") else {
            return
        }
        doc.transact { _ in try? text.insert(at: prefix.utf16.count, string) }
    }

    @Test(
        "a restore replaces only what changed: an offline insertion into the text that stays lands where it was typed")
    func offlineInsertionKeepsItsPlace() throws {
        let board = Doc(clientID: 1)
        board.transact { _ in
            board.getMap("items").set("n1", .map([("type", "note"), ("text", .text("The customer wants speed"))]))
        }
        let checkpoint = try board.encodeStateAsUpdate()
        // B appends; A, offline with the board as it then stood, inserts in the middle.
        insert(board, " and a low price", after: "The customer wants speed")
        let offline = Doc(clientID: 2)
        try offline.applyUpdate(try board.encodeStateAsUpdate())
        let before = offline.encodeStateVector()
        insert(offline, " really", after: "The customer")
        // The facilitator restores; A comes back.
        let server = Doc(clientID: 3)
        try server.applyUpdate(try board.encodeStateAsUpdate())
        server.transact { _ in BoardHistory.restoreEdit(to: checkpoint).edit(server) }
        #expect(text(server) == "The customer wants speed")
        try server.applyUpdate(try offline.encodeStateAsUpdate(from: before))
        #expect(text(server) == "The customer really wants speed")
    }

    @Test(
        "texts set back around emoji and in the middle",
        arguments: [
            ("abc👩🏽‍💻def", "abc👩🏽‍💻xyzdef"), ("", "new"), ("old", ""), ("same", "same"), ("👍", "👎"), ("aXc", "aYc"),
        ])
    func texts(_ now: String, _ was: String) throws {
        let doc = Doc(clientID: 1)
        doc.transact { _ in doc.getMap("items").set("n1", .map([("text", .text(now))])) }
        guard case .map(let note) = doc.getMap("items").get("n1"), case .text(let text) = note.get("text") else {
            Issue.record("no text")
            return
        }
        doc.transact { _ in BoardHistory.restoreText(text, to: was) }
        #expect(text.toString() == was)
    }

    @Test("an item deleted after the checkpoint comes back without a votes map it never had")
    func noVotesAdded() throws {
        let board = Doc(clientID: 1)
        board.transact { _ in
            board.getMap("items").set("n1", .map([("type", "note"), ("text", .text("x"))]))
            board.getMap("items").set("i1", .map([("type", "idea"), ("votes", .map([]))]))
        }
        let checkpoint = try board.encodeStateAsUpdate()
        board.transact { _ in
            board.getMap("items").delete("n1")
            board.getMap("items").delete("i1")
        }
        board.transact { _ in BoardHistory.restoreEdit(to: checkpoint).edit(board) }
        guard case .map(let note) = board.getMap("items").get("n1"),
            case .map(let idea) = board.getMap("items").get("i1")
        else {
            Issue.record("not restored")
            return
        }
        #expect(note.get("votes") == nil)
        #expect(idea.get("votes") != nil)
    }
}

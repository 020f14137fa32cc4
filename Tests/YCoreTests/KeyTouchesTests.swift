import Testing
import YCore

/// `Doc.keyTouches(of:root:)` locates what an update inserts and deletes by key path, before
/// it is applied: a new item's fields, a change inside an existing item's map, a typed run
/// inside a nested text, deletions of an entry and of a whole item.
@Suite("Update key paths")
struct KeyTouchesTests {
    /// The update a change on `peer` produces.
    func update(_ peer: Doc, _ change: () -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        let observer = peer.onUpdate { update, _ in bytes = update }
        defer { observer.cancel() }
        peer.transact { _ in change() }
        return bytes
    }

    @Test("new items, edits inside an item's map, nested text runs and deletions carry their key paths")
    func paths() throws {
        let server = Doc(clientID: 1)
        let client = Doc(clientID: 2)
        let items = client.getMap("items")
        let created = update(client) {
            items.set("n1", .map([("text", .text("hello")), ("votes", .map([]))]))
        }
        let newItem = try server.keyTouches(of: created, root: "items")
        #expect(newItem.contains(KeyTouch(path: ["items", "n1"], inserted: true, inNewType: false, newType: .map)))
        #expect(
            newItem.contains(KeyTouch(path: ["items", "n1", "votes"], inserted: true, inNewType: true, newType: .map)))
        #expect(newItem.contains { $0.path == ["items", "n1", "text"] && $0.newType == .text })
        #expect(newItem.contains { $0.path == ["items", "n1", "text", nil] && $0.inNewType })
        #expect(try server.keyTouches(of: created, root: "meta").isEmpty)
        // A plain value in place of a type says so (no new type).
        let forger = Doc(clientID: 4)
        let plain = update(forger) {
            forger.getMap("items").set("n9", .map([("votes", .value(.object([("count", 42)])))]))
        }
        #expect(
            try server.keyTouches(of: plain, root: "items").contains(
                KeyTouch(path: ["items", "n9", "votes"], inserted: true, inNewType: true)))
        try server.applyUpdate(created)

        guard case .map(let note) = items.get("n1"), case .map(let votes) = note.get("votes"),
            case .text(let text) = note.get("text")
        else {
            Issue.record("the note is not there")
            return
        }
        let voted = update(client) { votes.set("alice", true) }
        #expect(
            try server.keyTouches(of: voted, root: "items")
                == [KeyTouch(path: ["items", "n1", "votes", "alice"], inserted: true, inNewType: false)])
        // Another peer, with the same board, replaces the map instead.
        let other = Doc(clientID: 3)
        try other.applyUpdate(try client.encodeStateAsUpdate())
        guard case .map(let otherNote) = other.getMap("items").get("n1") else {
            Issue.record("the note did not sync")
            return
        }
        let replaced = update(other) { otherNote.set("votes", .map([("bob", true)])) }
        let replacing = try server.keyTouches(of: replaced, root: "items")
        #expect(
            replacing.contains(
                KeyTouch(path: ["items", "n1", "votes"], inserted: true, inNewType: false, newType: .map)))
        #expect(replacing.contains(KeyTouch(path: ["items", "n1", "votes"], inserted: false, inNewType: false)))
        try server.applyUpdate(voted)

        // A typed run: each character placed after the last, all in the note's text.
        let typed = update(client) {
            for (offset, character) in "world".enumerated() { text.insert(at: 5 + offset, String(character)) }
        }
        let typing = try server.keyTouches(of: typed, root: "items")
        #expect(!typing.isEmpty && typing.allSatisfy { $0.path == ["items", "n1", "text", nil] && $0.inserted })
        try server.applyUpdate(typed)

        // Deleting the item deletes its entry and everything in it.
        let deleted = update(client) { items.delete("n1") }
        let deleting = try server.keyTouches(of: deleted, root: "items")
        #expect(deleting.contains(KeyTouch(path: ["items", "n1"], inserted: false, inNewType: false)))
        #expect(
            deleting.contains(KeyTouch(path: ["items", "n1", "votes", "alice"], inserted: false, inNewType: false)))
    }
}

import Testing
import YCore

@testable import AtelierServer

/// What the facilitator reads before applying or discarding a refused edit.
@Suite("Quarantine preview")
struct QuarantinePreviewTests {
    /// A deck with one slide titled "Problème", as the board stands.
    func deck() throws -> Doc {
        let doc = Doc(clientID: 1)
        doc.transact { _ in
            doc.getArray("slides").push([.map([("title", .text("Problème")), ("body", .text(""))])])
        }
        return doc
    }

    @Test("typing in a slide and adding one show what was typed, per slide")
    func deckSlides() throws {
        let board = try deck()
        let participant = Doc(clientID: 2)
        try participant.applyUpdate(try board.encodeStateAsUpdate())
        var updates: [[UInt8]] = []
        let observer = participant.onUpdate { bytes, _ in updates.append(bytes) }
        participant.transact { _ in
            if case .map(let slide) = participant.getArray("slides").get(0), case .text(let body) = slide.get("body") {
                try? body.insert(at: 0, "Les usagers attendent 40 minutes")
            }
            participant.getArray("slides").push([.map([("title", .text("Solution")), ("body", .text(""))])])
        }
        observer.cancel()
        let update = try mergeUpdates(updates)
        let preview = QuarantinePreview.of(update, onBoard: try board.encodeStateAsUpdate())
        #expect(preview.texts == ["Les usagers attendent 40 minutes", "Solution"])
        #expect(preview.items.map(\.id) == ["slide-1", "slide-2"])
        #expect(preview.items.map(\.added) == [false, true])
        #expect(preview.slidesAdded == 1)
        #expect(!preview.incomplete)
    }

    @Test("a note typed on a board shows its text, and a moved note is listed with its own")
    func notes() throws {
        let board = Doc(clientID: 1)
        board.transact { _ in
            board.getMap("items").set("n1", .map([("type", "note"), ("text", .text("déjà là")), ("x", 10)]))
        }
        let participant = Doc(clientID: 2)
        try participant.applyUpdate(try board.encodeStateAsUpdate())
        var updates: [[UInt8]] = []
        let observer = participant.onUpdate { bytes, _ in updates.append(bytes) }
        participant.transact { _ in
            participant.getMap("items").set("n2", .map([("type", "note"), ("text", .text("nouvelle idée"))]))
            if case .map(let note) = participant.getMap("items").get("n1") { note.set("x", 300) }
        }
        observer.cancel()
        let preview = QuarantinePreview.of(try mergeUpdates(updates), onBoard: try board.encodeStateAsUpdate())
        #expect(preview.texts == ["déjà là", "nouvelle idée"] || preview.texts == ["nouvelle idée", "déjà là"])
        #expect(Set(preview.items.map(\.id)) == ["n1", "n2"])
        #expect(preview.items.first { $0.id == "n2" }?.added == true)
        #expect(preview.slidesAdded == 0)
    }
}

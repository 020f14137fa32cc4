import YCore

/// Yjs updates made with YCore for tests that need a precise one.
enum YjsUpdates {
    /// The update a fresh client `clientID` makes by running `body` in one transaction.
    static func make(clientID: UInt64, _ body: (Doc) -> Void) -> [UInt8] {
        let doc = Doc(clientID: clientID)
        var update: [UInt8] = []
        let observer = doc.onUpdate { bytes, _ in update = bytes }
        defer { observer.cancel() }
        doc.transact { _ in body(doc) }
        return update
    }

    /// A sticky note `id` with `text` in the board's `items` map.
    static func note(clientID: UInt64, id: String, text: String) -> [UInt8] {
        make(clientID: clientID) { doc in
            doc.getMap("items").set(id, .map([("type", "note"), ("text", .text(text)), ("x", 10), ("y", 10)]))
        }
    }
}

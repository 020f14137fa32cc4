import YCore

/// The board's `meta` map (kind, title, group), written by the server when it creates a board,
/// never by clients (docs/PROTOCOL.md).
enum BoardMeta {
    /// The Yjs update that sets `meta` on an empty board, and the client id it is written
    /// with (bound to the server, so that no participant writes under it).
    static func update(kind: String, title: String, group: String) -> (update: [UInt8], clientID: UInt64) {
        let doc = Doc()
        var update: [UInt8] = []
        let observer = doc.onUpdate { bytes, _ in update = bytes }
        defer { observer.cancel() }
        doc.transact(origin: "server") { _ in
            let meta = doc.getMap("meta")
            meta.set("kind", .value(.string(kind)))
            meta.set("title", .value(.string(title)))
            meta.set("group", .value(.string(group)))
        }
        return (update, doc.clientID)
    }
}

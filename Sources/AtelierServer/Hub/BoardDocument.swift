import YCore

/// A room's in-memory board document (YCore), with the checks the rules need.
///
/// Applying, diffing and dry runs all go through here, so the room never touches YCore's
/// details. For example:
///
/// ```swift
/// var document = try BoardDocument(history: stored.replay)
/// if try document.apply(update) { /* store and broadcast */ }
/// let step2 = try document.missing(from: clientStateVector)
/// ```
struct BoardDocument {
    private(set) var doc: Doc

    /// Replays a stored history (snapshot then updates) into a fresh document.
    init(history: [[UInt8]]) throws {
        doc = Doc(gc: true)
        for update in history { try doc.applyUpdate(update) }
    }

    /// Integrates an update; returns whether it changed the document (or its pending state).
    /// Throws ``YCoreError`` for a malformed update, leaving the document unchanged.
    mutating func apply(_ update: [UInt8]) throws -> Bool {
        var changed = false
        let observer = doc.onTransaction { summary in
            if !summary.isEmpty { changed = true }
        }
        defer { observer.cancel() }
        let pendingBefore = doc.missingRanges
        try doc.applyUpdate(update)
        return changed || doc.missingRanges != pendingBefore
    }

    /// The document's state vector, sent in the server's sync step 1.
    var stateVector: [UInt8] { doc.encodeStateVector() }

    /// What a client with `stateVector` misses, as one update (sync step 2).
    func missing(from stateVector: [UInt8]) throws -> [UInt8] {
        try doc.encodeStateAsUpdate(from: stateVector)
    }

    /// The whole state as one update (snapshots, exports).
    func encodedState() throws -> [UInt8] {
        try doc.encodeStateAsUpdate()
    }

    /// A copy of the document with `update` applied, leaving this one untouched; nil when the
    /// update would change nothing.
    func dryRun(_ update: [UInt8]) throws -> Doc? {
        let copy = Doc(gc: true)
        try copy.applyUpdate(doc.encodeStateAsUpdate())
        var changed = false
        let observer = copy.onTransaction { summary in
            if !summary.isEmpty { changed = true }
        }
        defer { observer.cancel() }
        let pendingBefore = copy.missingRanges
        try copy.applyUpdate(update)
        return changed || copy.missingRanges != pendingBefore ? copy : nil
    }

    /// Whether applying `update` would change nothing (a client re-sending what the board has).
    func isNoOp(_ update: [UInt8]) throws -> Bool {
        let novel = try UpdateContents(decoding: diffUpdate(update, stateVector: doc.encodeStateVector()))
        if novel.isEmpty { return true }
        if !novel.structs.isEmpty { return false }
        return try dryRun(update) == nil
    }

    /// The clients whose structs in `update` the board does not have yet.
    func novelClients(in update: [UInt8]) throws -> Set<UInt64> {
        let novel = try UpdateContents(decoding: diffUpdate(update, stateVector: doc.encodeStateVector()))
        return Set(novel.structs.keys)
    }

    /// Number of entries of the deck's `slides` array in a document.
    static func slideCount(of doc: Doc) -> Int {
        guard doc.rootNames.contains("slides") else { return 0 }
        return doc.getArray("slides").count
    }
}

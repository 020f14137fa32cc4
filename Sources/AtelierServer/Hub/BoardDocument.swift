import Workshop
import YCore

/// A room's in-memory board document (YCore), with the checks the rules need.
///
/// Applying, diffing and judging all go through here and YCore's footprint, so the room never
/// touches YCore's details. For example:
///
/// ```swift
/// var document = try BoardDocument(history: stored.replay)
/// if try document.apply(update) { /* store and broadcast */ }
/// let step2 = try document.missing(from: clientStateVector)
/// ```
struct BoardDocument {
    private(set) var doc: Doc
    /// About how many bytes the board's state takes encoded: exact once measured (``snapshot()``,
    /// ``sizeRefusal(adding:addsContent:limit:)``), then grown by each applied update's size (an
    /// update that overwrites counts in full until the next measure). Starts as the stored
    /// history's size.
    private(set) var estimatedBytes: Int
    /// Whether ``estimatedBytes`` is the exact size (nothing applied since it was measured).
    private var measured = false

    /// Replays a stored history (snapshot then updates) into a fresh document.
    init(history: [[UInt8]]) throws {
        doc = Doc(gc: true)
        for update in history { try doc.applyUpdate(update) }
        estimatedBytes = history.reduce(0) { $0 + $1.count }
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
        changed = changed || doc.missingRanges != pendingBefore
        if changed {
            estimatedBytes += update.count
            measured = false
        }
        return changed
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

    /// The whole state as one update, for a snapshot that replaces the stored history; its
    /// size becomes ``estimatedBytes``.
    mutating func snapshot() throws -> [UInt8] {
        let state = try doc.encodeStateAsUpdate()
        estimatedBytes = state.count
        measured = true
        return state
    }

    /// Why `update` may not be added: the board would hold more than `limit` bytes. An update
    /// that adds no content (deletions only) always may, so that a full board can be cleared.
    /// The state is encoded to measure it only when the estimate says the limit is near.
    mutating func sizeRefusal(adding update: [UInt8], addsContent: Bool, limit: Int) throws -> BoardRefusal? {
        guard addsContent, estimatedBytes + update.count > limit else { return nil }
        if !measured { _ = try snapshot() }
        guard estimatedBytes + update.count > limit else { return nil }
        return BoardRefusal(
            .boardFull,
            "the board holds \(Self.size(estimatedBytes)) and may hold \(Self.size(limit)): remove something from "
                + "it first, or use another board")
    }

    /// A size in words: `12.3 MiB`, `512 KiB`.
    private static func size(_ bytes: Int) -> String {
        if bytes < 1 << 20 { return "\(bytes >> 10) KiB" }
        return "\((Double(bytes) / Double(1 << 20) * 10).rounded() / 10) MiB"
    }

    /// Whether applying `update` would change nothing (a client re-sending what the board has):
    /// no struct the board lacks, and no deletion of anything still visible.
    func isNoOp(_ update: [UInt8]) throws -> Bool {
        let novel = try UpdateContents(decoding: diffUpdate(update, stateVector: doc.encodeStateVector()))
        if novel.isEmpty { return true }
        if !novel.structs.isEmpty { return false }
        return try doc.footprint(of: update).roots.isEmpty
    }

    /// What applying `update` would integrate, to judge: the update with whatever waits in the
    /// document for a dependency (structs sent ahead of what they build on). An update that
    /// brings the missing piece is judged with what it releases, so sending the pieces in the
    /// wrong order does not get past a rule (an 11th slide hung on a slide added and deleted).
    func judged(_ update: [UInt8]) throws -> [UInt8] {
        guard let pending = try doc.pendingUpdate() else { return update }
        return try mergeUpdates([pending, update])
    }

    /// The clients whose structs in `update` the board does not have yet.
    func novelClients(in update: [UInt8]) throws -> Set<UInt64> {
        let novel = try UpdateContents(decoding: diffUpdate(update, stateVector: doc.encodeStateVector()))
        return Set(novel.structs.keys)
    }

    /// Why a client's `update` may not stand: it writes an item's `votes`, which the server
    /// alone writes (from the vote API). A client may create an item with an empty `votes` map
    /// (a Y.Map: a plain value in its place would read as counts), and delete an item with its
    /// votes; nothing else under `votes`.
    func votesRefusal(_ update: [UInt8]) throws -> BoardRefusal? {
        let touches = try doc.keyTouches(of: update, root: Self.itemsRoot)
        let deletedItems = Set(touches.filter { !$0.inserted && $0.path.count == 2 }.compactMap { $0.path[1] })
        for touch in touches where touch.path.count >= 3 && touch.path[2] == Self.votesKey {
            let item = touch.path[1] ?? ""
            let allowed =
                touch.inserted
                ? touch.path.count == 3 && touch.inNewType && touch.newType == .map
                : deletedItems.contains(item)
            if !allowed {
                return BoardRefusal(.serverOwned, "votes are counted by the server: vote through the vote API")
            }
        }
        return nil
    }

    /// The root map of a board's items.
    static let itemsRoot = "items"
    /// An item's map of votes (written by the server only).
    static let votesKey = "votes"
    /// The entry of `votes` that holds the count of an anonymous vote once revealed.
    static let voteCountKey = "count"

    /// The root the server writes when it creates a board, and no client may.
    static let metaRoot = "meta"
    /// The deck's root array of slides.
    static let slidesRoot = "slides"

    /// Number of entries of the deck's `slides` array in a document.
    static func slideCount(of doc: Doc) -> Int {
        guard doc.rootNames.contains(slidesRoot) else { return 0 }
        return doc.getArray(slidesRoot).count
    }
}

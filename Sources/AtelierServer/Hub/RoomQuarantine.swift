import Storage
import YCore

/// A room's view of its board's pending quarantine: the refused id ranges (to deduplicate
/// resent updates and find those that build on a refused one), and per person their entries
/// (to merge an editing burst into one entry and to cap what one person can pile up).
///
/// An impostor's entries (`client-id-taken`) hold ranges of a client id that belongs to someone
/// else: they deduplicate the impostor's resends only, and never make the owner's own later
/// updates depend on them (the binding refuses every later update of the impostor anyway).
struct RoomQuarantine {
    private var ranges = QuarantineRanges()
    /// The ranges of each sender's entries written with a client id bound to someone else.
    private var impostorRanges: [String: QuarantineRanges] = [:]
    /// Pending entries per sender, oldest first.
    private var entries: [String: [QuarantineRecord]] = [:]
    private let limits: RoomLimits

    /// The quarantine of a board with these pending entries.
    init(pending: [QuarantineRecord], limits: RoomLimits) {
        self.limits = limits
        for entry in pending {
            add(entry, ranges: QuarantineRanges.decode(entry.ranges))
        }
    }

    /// The reason code of an update written with a Yjs client id bound to another participant.
    static let clientIDTaken = "client-id-taken"

    /// Whether the update has a struct at or after the start of a refused range of its client.
    func dependsOnQuarantined(_ contents: UpdateContents) -> Bool {
        !ranges.isEmpty && ranges.dependsOnQuarantined(contents)
    }

    /// Whether every struct of the sender's update is already kept (a resend).
    func covers(_ contents: UpdateContents, from sender: String) -> Bool {
        ranges.covers(contents) || impostorRanges[sender]?.covers(contents) == true
    }

    /// The sender's newest entry if `code` continues its burst: same reason, a Yjs client in
    /// common, its last refusal within the burst window.
    func burst(of sender: String, code: String, clients: Set<UInt64>, at now: Int64) -> QuarantineRecord? {
        guard let last = entries[sender]?.last, last.reasonCode == code,
            now - last.lastAt <= limits.quarantineBurstMilliseconds,
            !clients.isDisjoint(with: QuarantineRanges.decode(last.ranges).keys)
        else { return nil }
        return last
    }

    /// Whether the sender reached the cap of pending entries or bytes on this board.
    func isFull(_ sender: String) -> Bool {
        let mine = entries[sender] ?? []
        return mine.count >= limits.quarantineEntriesPerSender
            || mine.reduce(0, { $0 + $1.data.count }) >= limits.quarantineBytesPerSender
    }

    /// Adds a new entry.
    mutating func add(_ entry: QuarantineRecord, ranges structs: [UInt64: [Range<Int>]]) {
        addRanges(structs, of: entry)
        entries[entry.sender, default: []].append(entry)
    }

    /// Replaces the sender's newest entry with its merged form.
    mutating func replace(_ entry: QuarantineRecord, adding structs: [UInt64: [Range<Int>]]) {
        addRanges(structs, of: entry)
        if let index = entries[entry.sender]?.lastIndex(where: { $0.id == entry.id }) {
            entries[entry.sender]?[index] = entry
        }
    }

    /// Adds an entry's ranges where they belong: an impostor's to its sender's own.
    private mutating func addRanges(_ structs: [UInt64: [Range<Int>]], of entry: QuarantineRecord) {
        if entry.reasonCode == Self.clientIDTaken {
            impostorRanges[entry.sender, default: QuarantineRanges()].add(structs)
        } else {
            ranges.add(structs)
        }
    }
}

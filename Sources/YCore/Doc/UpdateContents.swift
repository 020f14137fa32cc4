/// What a v1 update carries, read without a document: the clock ranges of its structs per
/// client (skips left out) and whether its delete set is empty.
///
/// The server uses it to bind client ids to participants, to deduplicate quarantine entries by
/// id range, and to find updates that build on quarantined ones. For example:
///
/// ```swift
/// let contents = try UpdateContents(decoding: update)
/// contents.structs[7]  // [0..<3]: client 7 wrote clocks 0, 1 and 2
/// ```
public struct UpdateContents: Sendable, Equatable {
    /// Per client, the sorted, merged clock ranges of the structs (GC included, skips not).
    public let structs: [UInt64: [Range<Int>]]
    /// Whether the update deletes anything.
    public let hasDeletes: Bool

    /// Reads an update; throws ``YCoreError`` when it is malformed.
    public init(decoding update: [UInt8]) throws {
        let decoded = try DecodedUpdate(update)
        var structs: [UInt64: [Range<Int>]] = [:]
        for run in decoded.clients {
            for s in run.structs where !s.isSkip && s.length > 0 {
                structs[s.id.client, default: []].append(s.id.clock..<(s.id.clock + s.length))
            }
        }
        self.structs = structs.mapValues { ranges in
            ranges.sorted { $0.lowerBound < $1.lowerBound }.reduce(into: []) { merged, range in
                if let last = merged.last, last.upperBound >= range.lowerBound {
                    merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
                } else {
                    merged.append(range)
                }
            }
        }
        self.hasDeletes = !decoded.deleteSet.isEmpty
    }

    /// Whether the update carries neither structs nor deletions.
    public var isEmpty: Bool { structs.isEmpty && !hasDeletes }
}

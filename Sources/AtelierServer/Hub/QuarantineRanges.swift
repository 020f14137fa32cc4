import YCore

/// The id ranges of a board's pending quarantine entries, to deduplicate resent updates and to
/// find the updates that build on a refused one.
///
/// A Yjs client's clocks are contiguous: once a range of client `c` is refused, every struct of
/// `c` from that clock on depends on it (until the client resets and takes a new id).
struct QuarantineRanges {
    private var ranges: [UInt64: [Range<Int>]] = [:]

    var isEmpty: Bool { ranges.isEmpty }

    /// Adds an entry's ranges.
    mutating func add(_ contents: [UInt64: [Range<Int>]]) {
        for (client, list) in contents { ranges[client, default: []].append(contentsOf: list) }
    }

    /// Replaces everything with the given entries' ranges.
    mutating func reset(_ entries: [[UInt64: [Range<Int>]]]) {
        ranges = [:]
        for entry in entries { add(entry) }
    }

    /// Whether the update has a struct at or after the start of a refused range of its client.
    func dependsOnQuarantined(_ contents: UpdateContents) -> Bool {
        contents.structs.contains { client, list in
            guard let refused = ranges[client], let start = refused.map(\.lowerBound).min() else { return false }
            return list.contains { $0.upperBound > start }
        }
    }

    /// Whether every struct of the update is already inside a pending entry (a resend).
    func covers(_ contents: UpdateContents) -> Bool {
        !contents.structs.isEmpty
            && contents.structs.allSatisfy { client, list in
                let refused = ranges[client] ?? []
                return list.allSatisfy { range in
                    refused.contains { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound }
                }
            }
    }

    /// Two sets of ranges together.
    static func union(_ a: [UInt64: [Range<Int>]], _ b: [UInt64: [Range<Int>]]) -> [UInt64: [Range<Int>]] {
        a.merging(b) { $0 + $1 }
    }

    /// `client:start-end` pairs, as stored in the quarantine table.
    static func encode(_ contents: [UInt64: [Range<Int>]]) -> String {
        contents.keys.sorted().flatMap { client in
            contents[client, default: []].map { "\(client):\($0.lowerBound)-\($0.upperBound)" }
        }.joined(separator: " ")
    }

    /// Parses what `encode` wrote (malformed pairs are skipped).
    static func decode(_ text: String) -> [UInt64: [Range<Int>]] {
        var result: [UInt64: [Range<Int>]] = [:]
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let client = UInt64(parts[0]) else { continue }
            let bounds = parts[1].split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] <= bounds[1] else { continue }
            result[client, default: []].append(bounds[0]..<bounds[1])
        }
        return result
    }
}

/// One client's structs, sorted by clock, in chunks of a few hundred.
///
/// A flat array made every split and every merge move the rest of the client's structs: on the
/// automerge-paper trace (one client, up to 11,000 structs) 149,311 such moves shifted 2,475
/// structs each on average, 22 % of the replay's time (docs/DECISIONS.md, "YCore's
/// replay"). In chunks, an insertion or removal moves at most one chunk, and finding a clock is
/// a search over the chunks' first clocks, then within one chunk.
///
/// Indices are positions over the whole list, as with an array; the chunk of the last index
/// read is remembered, so that walking the list forwards or backwards costs no search.
struct StructList: RandomAccessCollection {
    /// A chunk grows to this many structs by appending; a new chunk starts after it.
    static let appendCapacity = 128
    /// A chunk that grows past this many structs by insertion is split in two.
    static let splitCapacity = 256

    /// The structs, chunk by chunk.
    private var chunks: [[Item]] = []
    /// The first clock of every struct, parallel to `chunks` (searches read these compact
    /// arrays instead of following a pointer to each struct they probe).
    private var starts: [[Int]] = []
    /// The first clock of every chunk.
    private var chunkFirsts: [Int] = []
    /// The position of every chunk's first struct.
    private var offsets: [Int] = []
    /// The number of structs.
    private(set) var count = 0
    /// The chunk of the last position looked up (a hint: checked before use).
    private let hint = Hint()

    private final class Hint {
        var chunk = 0
    }

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always) subscript(position: Int) -> Item {
        let c = chunk(containing: position)
        return chunks[c][position - offsets[c]]
    }

    /// The last struct.
    var last: Item? { chunks.last?.last }

    /// Calls `body` with every struct from `position` to the end, chunk by chunk.
    func forEach(from position: Int, _ body: (Item) -> Void) {
        guard position < count else { return }
        var c = chunk(containing: position)
        var local = position - offsets[c]
        while c < chunks.count {
            chunks[c].withUnsafeBufferPointer { buf in
                for i in local..<buf.count { body(buf[i]) }
            }
            c += 1
            local = 0
        }
    }

    /// The chunk that holds `position` (which must be below `count`).
    @inline(__always) private func chunk(containing position: Int) -> Int {
        let h = hint.chunk
        if h < offsets.count, offsets[h] <= position {
            if position - offsets[h] < chunks[h].count { return h }
            if h + 1 < offsets.count, position - offsets[h + 1] < chunks[h + 1].count {
                hint.chunk = h + 1
                return h + 1
            }
        } else if h > 0, h - 1 < offsets.count, offsets[h - 1] <= position {
            hint.chunk = h - 1
            return h - 1
        }
        // The last chunk whose first position is at or below `position`.
        var low = 0
        var high = offsets.count - 1
        while low < high {
            let mid = (low + high + 1) >> 1
            if offsets[mid] <= position { low = mid } else { high = mid - 1 }
        }
        hint.chunk = low
        return low
    }

    /// Appends a struct that continues the client's clock.
    mutating func append(_ item: Item) {
        if let c = chunks.indices.last, chunks[c].count < Self.appendCapacity {
            chunks[c].append(item)
            starts[c].append(item.id.clock)
        } else {
            // Whole chunks at once: growing them by doubling costs reallocations (and glibc
            // consolidations) on every decode.
            var items: [Item] = []
            items.reserveCapacity(Self.appendCapacity)
            items.append(item)
            var clocks: [Int] = []
            clocks.reserveCapacity(Self.appendCapacity)
            clocks.append(item.id.clock)
            chunks.append(items)
            starts.append(clocks)
            chunkFirsts.append(item.id.clock)
            offsets.append(count)
        }
        count += 1
    }

    /// Inserts a struct at `position` (0...count).
    mutating func insert(_ item: Item, at position: Int) {
        if position == count {
            append(item)
            return
        }
        let c = chunk(containing: position)
        let local = position - offsets[c]
        chunks[c].insert(item, at: local)
        starts[c].insert(item.id.clock, at: local)
        if local == 0 { chunkFirsts[c] = item.id.clock }
        shiftOffsets(after: c, by: 1)
        count += 1
        if chunks[c].count > Self.splitCapacity { split(c) }
    }

    /// Removes the struct at `position`.
    mutating func remove(at position: Int) {
        let c = chunk(containing: position)
        let local = position - offsets[c]
        chunks[c].remove(at: local)
        starts[c].remove(at: local)
        shiftOffsets(after: c, by: -1)
        count -= 1
        if chunks[c].isEmpty {
            chunks.remove(at: c)
            starts.remove(at: c)
            chunkFirsts.remove(at: c)
            offsets.remove(at: c)
        } else if local == 0 {
            chunkFirsts[c] = starts[c][0]
        }
    }

    /// Replaces the struct at `position` by one that starts at the same clock.
    mutating func replace(at position: Int, with item: Item) {
        let c = chunk(containing: position)
        chunks[c][position - offsets[c]] = item
    }

    /// Moves the first positions of the chunks after `c`.
    private mutating func shiftOffsets(after c: Int, by delta: Int) {
        offsets.withUnsafeMutableBufferPointer { buf in
            var k = c + 1
            while k < buf.count {
                buf[k] += delta
                k += 1
            }
        }
    }

    /// Splits chunk `c` into two halves.
    private mutating func split(_ c: Int) {
        let half = chunks[c].count / 2
        let rightItems = Array(chunks[c][half...])
        let rightStarts = Array(starts[c][half...])
        chunks[c].removeSubrange(half...)
        starts[c].removeSubrange(half...)
        chunks.insert(rightItems, at: c + 1)
        starts.insert(rightStarts, at: c + 1)
        chunkFirsts.insert(rightStarts[0], at: c + 1)
        offsets.insert(offsets[c] + half, at: c + 1)
    }

    /// The position of the struct containing `clock` (which must be below the client's state).
    ///
    /// The last struct is checked first (local typing and in-order updates land there);
    /// otherwise a search over the chunks' first clocks, then a branch-free binary search
    /// within the chunk.
    @inline(__always) func position(of clock: Int) -> Int {
        let lastChunk = chunks.count - 1
        if let lastStart = starts[lastChunk].last, lastStart <= clock { return count - 1 }
        var c = lastChunk
        if chunkFirsts[lastChunk] > clock {
            var low = 0
            var high = lastChunk - 1
            while low < high {
                let mid = (low + high + 1) >> 1
                if chunkFirsts[mid] <= clock { low = mid } else { high = mid - 1 }
            }
            c = low
        }
        return offsets[c]
            + starts[c].withUnsafeBufferPointer { buf -> Int in
                var base = 0
                var len = buf.count
                while len > 1 {
                    let half = len >> 1
                    base = buf[base + half] <= clock ? base + half : base
                    len -= half
                }
                return base
            }
    }
}

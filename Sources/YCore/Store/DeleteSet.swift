/// A range of deleted clocks of one client.
struct DeleteRange: Equatable {
    var clock: Int
    var length: Int
}

/// Deleted ranges per client. While a transaction runs ranges are appended unsorted; `sortAndMerge`
/// turns them into sorted, non-overlapping runs. Clients keep first-appearance order.
///
/// v1 encoding: var-uint number of clients, then per client: var-uint client id, var-uint number of
/// ranges, and per range var-uint clock and var-uint length.
struct DeleteSet {
    var index: [UInt64: Int] = [:]
    var clientOrder: [UInt64] = []
    var ranges: [[DeleteRange]] = []
    /// The list of the last client added to (most additions repeat the client).
    private var lastClient: UInt64 = .max
    private var lastIndex = -1

    var isEmpty: Bool { clientOrder.isEmpty }

    /// Adds a range (unsorted until `sortAndMerge`).
    mutating func add(client: UInt64, clock: Int, length: Int) {
        if client == lastClient {
            ranges[lastIndex].append(DeleteRange(clock: clock, length: length))
        } else if let i = index[client] {
            lastClient = client
            lastIndex = i
            ranges[i].append(DeleteRange(clock: clock, length: length))
        } else {
            lastClient = client
            lastIndex = ranges.count
            index[client] = ranges.count
            clientOrder.append(client)
            ranges.append([DeleteRange(clock: clock, length: length)])
        }
    }

    /// Sorts each client's ranges and merges overlapping or touching ones.
    mutating func sortAndMerge() {
        for i in ranges.indices {
            var dels = ranges[i]
            ranges[i] = []
            if dels.count > 1 {
                dels.sort { $0.clock < $1.clock }
                var j = 1
                for k in 1..<dels.count {
                    let left = dels[j - 1]
                    let right = dels[k]
                    if left.clock + left.length >= right.clock {
                        dels[j - 1].length = max(left.length, right.clock + right.length - left.clock)
                    } else {
                        dels[j] = right
                        j += 1
                    }
                }
                dels.removeSubrange(j...)
            }
            ranges[i] = dels
        }
    }

    /// Whether `id` is inside a (sorted) range.
    func contains(_ id: ID) -> Bool {
        guard let i = index[id.client] else { return false }
        let dis = ranges[i]
        var lo = 0
        var hi = dis.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = dis[mid]
            if r.clock <= id.clock {
                if id.clock < r.clock + r.length { return true }
                lo = mid + 1
            } else {
                hi = mid - 1
            }
        }
        return false
    }

    /// Merges delete sets, keeping first-appearance order of clients across them.
    static func merge(_ sets: [DeleteSet]) -> DeleteSet {
        var merged = DeleteSet()
        for ds in sets {
            for (k, client) in ds.clientOrder.enumerated() {
                for r in ds.ranges[k] { merged.add(client: client, clock: r.clock, length: r.length) }
            }
        }
        merged.sortAndMerge()
        return merged
    }

    /// The delete set of a store: every run of deleted structs.
    init(store: StructStore) {
        for (k, client) in store.clientOrder.enumerated() {
            let structs = store.lists[k]
            var i = 0
            var items: [DeleteRange] = []
            while i < structs.count {
                let s = structs[i]
                if s.deleted {
                    let clock = s.id.clock
                    var len = s.length
                    while i + 1 < structs.count && structs[i + 1].deleted {
                        i += 1
                        len += structs[i].length
                    }
                    items.append(DeleteRange(clock: clock, length: len))
                }
                i += 1
            }
            if !items.isEmpty {
                index[client] = ranges.count
                clientOrder.append(client)
                ranges.append(items)
            }
        }
    }

    init() {}

    /// Writes the delete set (v1).
    func write(to w: inout ByteWriter) {
        w.writeVarUInt(clientOrder.count)
        for (k, client) in clientOrder.enumerated() {
            w.writeVarUInt(client)
            w.writeVarUInt(ranges[k].count)
            for r in ranges[k] {
                w.writeVarUInt(r.clock)
                w.writeVarUInt(r.length)
            }
        }
    }

    /// Reads a delete set (v1), keeping ranges as encoded (Yjs drops clients with no ranges).
    static func read(from r: inout ByteReader) throws(YCoreError) -> DeleteSet {
        var ds = DeleteSet()
        let n = try r.readLength(minimumBytesPerElement: 2)
        for _ in 0..<n {
            let client = try r.readVarUInt()
            let count = try r.readLength(minimumBytesPerElement: 2)
            for _ in 0..<count {
                let clock = try r.readVarInt53()
                let len = try r.readVarInt53()
                ds.add(client: client, clock: clock, length: len)
            }
        }
        return ds
    }
}

/// All structs of a document, per client, sorted by clock and contiguous from clock 0.
///
/// Clients keep the order in which they first appeared (Yjs iterates its `Map` in insertion order
/// when it writes a delete set, so byte-identical output depends on it).
struct StructStore {
    /// Client id → index into `lists`.
    var index: [UInt64: Int] = [:]
    /// Client ids in first-appearance order.
    var clientOrder: [UInt64] = []
    /// Structs per client, sorted by clock.
    private(set) var lists: [StructList] = []
    /// The last client looked up and its list index (list indices never change).
    private let cache = LookupCache()

    private final class LookupCache {
        var client: UInt64 = .max
        var index = -1
    }

    /// The next expected clock of `client` (0 when unknown).
    @inline(__always) func state(of client: UInt64) -> Int {
        guard let i = listIndex(client), let last = lists[i].last else { return 0 }
        return last.id.clock + last.length
    }

    /// The state vector: next expected clock per client.
    var stateVector: [UInt64: Int] {
        var sv: [UInt64: Int] = [:]
        for (c, i) in index {
            if let last = lists[i].last { sv[c] = last.id.clock + last.length }
        }
        return sv
    }

    /// The next clock of every client, by list index.
    var clocks: [Int] {
        lists.map { list in list.last.map { $0.id.clock + $0.length } ?? 0 }
    }

    /// Appends a struct that continues its client's clock.
    mutating func add(_ item: Item) {
        if let i = listIndex(item.id.client) {
            lists[i].append(item)
        } else {
            index[item.id.client] = lists.count
            clientOrder.append(item.id.client)
            var list = StructList()
            list.append(item)
            lists.append(list)
        }
    }

    /// Inserts a struct (the right half of a split) into list `li` at `position`.
    mutating func insert(_ item: Item, list li: Int, at position: Int) {
        lists[li].insert(item, at: position)
    }

    /// Removes the struct at `position` of list `li` (merged into its left neighbour).
    mutating func remove(list li: Int, at position: Int) {
        lists[li].remove(at: position)
    }

    /// The index in list `li` of the struct containing `clock` (which must be below the state).
    @inline(__always) func findIndex(_ li: Int, _ clock: Int) -> Int {
        lists[li].position(of: clock)
    }

    /// The list index of `client`, if known.
    @inline(__always) func listIndex(_ client: UInt64) -> Int? {
        if cache.client == client { return cache.index }
        guard let i = index[client] else { return nil }
        cache.client = client
        cache.index = i
        return i
    }

    /// The struct that contains `id` (the id must be below the client's state).
    func find(_ id: ID) -> Item {
        let i = listIndex(id.client)!
        return lists[i][findIndex(i, id.clock)]
    }

    /// Replaces the struct that starts at `item`'s clock.
    mutating func replace(_ item: Item, with newItem: Item) {
        guard let i = listIndex(item.id.client) else { return }
        lists[i].replace(at: findIndex(i, item.id.clock), with: newItem)
    }
}

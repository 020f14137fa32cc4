/// What an update would touch in a document, found without applying it: the root types it
/// would change (anywhere beneath them), and for each root list how many direct children it
/// would add minus those it would delete.
///
/// A server judges an update by its footprint before it integrates it: writes under a root it
/// owns (`meta`) are refused, and a deck's slide count after the update is the document's
/// count plus the `slides` delta — with no copy of the document and no replay.
public struct UpdateFootprint: Equatable, Sendable {
    /// The roots whose content (at any depth) the update inserts into or deletes from.
    public internal(set) var roots: Set<String> = []
    /// Per root list: visible direct children added minus visible direct children deleted.
    public internal(set) var childDelta: [String: Int] = [:]
    /// False when some struct's position could not be resolved yet (it waits for a dependency
    /// the document lacks, and will be judged by the update that brings it).
    public internal(set) var isComplete = true

    /// The change in the number of direct children of root list `root`.
    public func delta(ofRoot root: String) -> Int { childDelta[root] ?? 0 }
}

extension Doc {
    /// The footprint of `update` on this document (see ``UpdateFootprint``); the document is
    /// not changed. Throws ``YCoreError`` for a malformed update.
    ///
    /// For example:
    /// ```swift
    /// let footprint = try doc.footprint(of: update)
    /// if footprint.roots.contains("meta") { /* refuse: the server owns meta */ }
    /// let slides = doc.getArray("slides").count + footprint.delta(ofRoot: "slides")
    /// ```
    public func footprint(of update: [UInt8]) throws(YCoreError) -> UpdateFootprint {
        let decoded = try DecodedUpdate(update)
        var resolver = FootprintResolver(store: store, decoded: decoded)
        var result = UpdateFootprint()
        // Inserts: the part of each struct the document does not have yet.
        for run in decoded.clients {
            let known = store.state(of: run.client)
            for item in run.structs where item.isItem && item.id.clock + item.length > known {
                let place: Place
                switch resolver.place(of: item) {
                case .placed(let found): place = found
                case .gone: continue  // its neighbour or parent was collected: Yjs drops it
                case .missing:
                    result.isComplete = false
                    continue
                }
                result.roots.insert(place.root)
                guard place.direct, item.countable else { continue }
                let start = max(item.id.clock, known)
                let end = item.id.clock + item.length
                let deletedByItself = decoded.deleteSet.overlap(client: run.client, start: start, end: end)
                result.childDelta[place.root, default: 0] += (end - start) - deletedByItself
            }
        }
        // Deletes of what the document has.
        store.forEachVisibleItem(deletedBy: decoded.deleteSet) { item, start, end in
            guard let place = FootprintResolver.place(ofIntegrated: item) else { return }
            result.roots.insert(place.root)
            if place.direct, item.countable {
                result.childDelta[place.root, default: 0] -= end - start
            }
        }
        return result
    }
}

extension StructStore {
    /// Calls `body` with each visible item of the store that `deleteSet` deletes (part of), and
    /// the clock range `start..<end` of it that is deleted.
    func forEachVisibleItem(deletedBy deleteSet: DeleteSet, _ body: (Item, Int, Int) -> Void) {
        for (position, client) in deleteSet.clientOrder.enumerated() {
            let known = state(of: client)
            guard known > 0, let list = listIndex(client) else { continue }
            for range in deleteSet.ranges[position] {
                let end = min(range.clock + range.length, known)
                guard range.clock < end else { continue }
                var index = findIndex(list, range.clock)
                let items = lists[list]
                while index < items.count, items[index].id.clock < end {
                    let item = items[index]
                    index += 1
                    guard item.isItem, !item.deleted else { continue }
                    body(item, max(range.clock, item.id.clock), min(end, item.id.clock + item.length))
                }
            }
        }
    }
}

/// Where an item sits: under which root, and whether it is a direct child of that root list.
private struct Place: Equatable {
    var root: String
    var direct: Bool
}

/// What resolving an item's place found.
private enum Resolution: Equatable {
    /// Its place.
    case placed(Place)
    /// It hangs off something the document collected: it will be dropped when applied.
    case gone
    /// It depends on something the document lacks.
    case missing
}

/// What a lookup of an id found.
private enum Lookup {
    case item(Item, integrated: Bool)
    case gone
    case missing
}

/// Resolves the place of an update's structs against the document and the update itself,
/// following origins iteratively (a typed run is a long chain of origins).
private struct FootprintResolver {
    let store: StructStore
    /// The update's own items per client, in clock order.
    let own: [UInt64: [Item]]
    /// Places found so far, by the start id of the update's items.
    var places: [ID: Resolution] = [:]

    init(store: StructStore, decoded: DecodedUpdate) {
        self.store = store
        var own: [UInt64: [Item]] = [:]
        for run in decoded.clients {
            own[run.client, default: []].append(contentsOf: run.structs.filter(\.isItem))
        }
        self.own = own
    }

    /// The place of an item of the document.
    static func place(ofIntegrated item: Item) -> Place? {
        guard case .type(var type) = item.parent else { return nil }
        let direct = type.item == nil && item.parentKey == nil
        while let holder = type.item {
            guard case .type(let parent) = holder.parent else { return nil }
            type = parent
        }
        return type.rootName.map { Place(root: $0, direct: direct) }
    }

    /// The item (of the document or the update) that contains `id`.
    func lookup(_ id: ID) -> Lookup {
        if id.clock < store.state(of: id.client), let list = store.listIndex(id.client) {
            let item = store.lists[list][store.findIndex(list, id.clock)]
            return item.isItem ? .item(item, integrated: true) : .gone
        }
        guard let items = own[id.client] else { return .missing }
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle].id.clock + items[middle].length <= id.clock {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < items.count, items[low].id.clock <= id.clock else { return .missing }
        return .item(items[low], integrated: false)
    }

    /// The place of an integrated item as a resolution.
    static func resolution(ofIntegrated item: Item, direct: Bool? = nil) -> Resolution {
        guard let place = place(ofIntegrated: item) else { return .gone }
        return .placed(Place(root: place.root, direct: direct ?? place.direct))
    }

    /// The place of one of the update's items.
    mutating func place(of item: Item) -> Resolution {
        // Follow the chain of items whose place depends on another update item, then assign
        // places back along it.
        var chain: [Item] = []
        var current = item
        var found: Resolution
        // A malformed update may make origins go round in a circle: such structs have no place.
        var visited: Set<ID> = [item.id]
        while true {
            if let known = places[current.id] {
                found = known
                break
            }
            var next: Item?
            switch current.parent {
            case .root(let name):
                found = .placed(Place(root: name, direct: current.parentKey == nil))
            case .type:
                found = Self.resolution(ofIntegrated: current)
            case .id(let parentID):
                switch lookup(parentID) {
                case .item(let parent, integrated: true): found = Self.resolution(ofIntegrated: parent, direct: false)
                case .item(let parent, integrated: false):
                    found = .missing
                    next = parent
                case .gone: found = .gone
                case .missing: found = .missing
                }
            case .none:
                guard let neighbour = current.origin ?? current.rightOrigin else {
                    found = .missing
                    break
                }
                switch lookup(neighbour) {
                case .item(let item, integrated: true): found = Self.resolution(ofIntegrated: item)
                case .item(let item, integrated: false):
                    found = .missing
                    next = item
                case .gone: found = .gone
                case .missing: found = .missing
                }
            }
            guard let next else { break }
            chain.append(current)
            current = next
            if !visited.insert(current.id).inserted {
                found = .missing
                break
            }
        }
        places[current.id] = found
        // Back along the chain: a child of a type item is not direct; a neighbour shares the place.
        var resolution = found
        for link in chain.reversed() {
            if case .id = link.parent, case .placed(let place) = resolution {
                resolution = .placed(Place(root: place.root, direct: false))
            }
            places[link.id] = resolution
        }
        return places[item.id] ?? .missing
    }
}

extension DeleteSet {
    /// How many clocks of `client` in `start..<end` the set deletes.
    func overlap(client: UInt64, start: Int, end: Int) -> Int {
        guard let position = index[client] else { return 0 }
        var total = 0
        for range in ranges[position] {
            let low = max(start, range.clock)
            let high = min(end, range.clock + range.length)
            if low < high { total += high - low }
        }
        return total
    }
}

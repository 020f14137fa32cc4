/// One struct an update inserts or deletes, located by the keys that lead to it from its root:
/// what a rule about one part of a document (an item's `votes`, say) needs to judge an update.
public struct KeyTouch: Hashable, Sendable {
    /// The root's name, then the map key of each nested entry down to the struct's own; nil
    /// for an element of a list. `["items", "n1", "votes", "alice"]` is the entry `alice` of
    /// the map at `items.n1.votes`.
    public var path: [String?]
    /// True when the update inserts the struct, false when it deletes it.
    public var inserted: Bool
    /// Whether the type holding the struct is itself created by the update (an inserted struct
    /// only): a new item's fields, as opposed to a change to an existing item.
    public var inNewType: Bool
    /// The kind of shared type an inserted struct creates (a nested Y.Map, say); nil for a
    /// plain value, and for a deletion.
    public var newType: TypeKind?

    /// Creates a touch.
    public init(path: [String?], inserted: Bool, inNewType: Bool, newType: TypeKind? = nil) {
        self.path = path
        self.inserted = inserted
        self.inNewType = inNewType
        self.newType = newType
    }
}

extension Doc {
    /// The structs `update` inserts (the part the document lacks) or deletes (visible ones),
    /// under root `root`, each with its key path; the document is not changed. Structs whose
    /// place cannot be found yet (they wait for a dependency) are left out, as
    /// ``footprint(of:)`` leaves them out. Throws ``YCoreError`` for a malformed update.
    ///
    /// For example:
    /// ```swift
    /// for touch in try doc.keyTouches(of: update, root: "items") where touch.path.count > 3 {
    ///     // a write inside some items.<id>.<field> map
    /// }
    /// ```
    public func keyTouches(of update: [UInt8], root: String) throws(YCoreError) -> [KeyTouch] {
        let decoded = try DecodedUpdate(update)
        var resolver = KeyPathResolver(store: store, decoded: decoded)
        var touches: [KeyTouch] = []
        for run in decoded.clients {
            let known = store.state(of: run.client)
            for item in run.structs where item.isItem && item.id.clock + item.length > known {
                guard let location = resolver.location(of: item), location.path.first == root else { continue }
                let newType: TypeKind? = if case .type(let type) = item.content { type.kind } else { nil }
                touches.append(
                    KeyTouch(path: location.path, inserted: true, inNewType: location.inNewType, newType: newType))
            }
        }
        store.forEachVisibleItem(deletedBy: decoded.deleteSet) { item, _, _ in
            guard let location = KeyPathResolver.location(ofIntegrated: item), location.path.first == root else {
                return
            }
            touches.append(KeyTouch(path: location.path, inserted: false, inNewType: false))
        }
        return touches
    }
}

/// Finds the key paths of an update's items against the document and the update itself.
/// Chains of neighbours (a typed run) are followed iteratively; nesting of types recursively,
/// to a bounded depth.
private struct KeyPathResolver {
    struct Location {
        var path: [String?]
        var inNewType: Bool
    }

    let store: StructStore
    /// The update's own items per client, in clock order.
    let own: [UInt64: [Item]]
    /// Locations found so far (nil: none can be found), by the start id of the update's items.
    var known: [ID: Location?] = [:]

    /// Deeper nesting than this is not followed (no board nests so deep).
    static let maxDepth = 32

    init(store: StructStore, decoded: DecodedUpdate) {
        self.store = store
        var own: [UInt64: [Item]] = [:]
        for run in decoded.clients {
            own[run.client, default: []].append(contentsOf: run.structs.filter(\.isItem))
        }
        self.own = own
    }

    /// The location of an item of the document.
    static func location(ofIntegrated item: Item) -> Location? {
        var keys: [String?] = [item.parentSub]
        guard case .type(var type) = item.parent else { return nil }
        while let holder = type.item {
            keys.append(holder.parentSub)
            guard keys.count <= maxDepth, case .type(let parent) = holder.parent else { return nil }
            type = parent
        }
        guard let root = type.rootName else { return nil }
        keys.append(root)
        return Location(path: keys.reversed(), inNewType: false)
    }

    /// What contains `id`: an item of the document (integrated), one of the update's, or nothing.
    func lookup(_ id: ID) -> (item: Item, integrated: Bool)? {
        if id.clock < store.state(of: id.client), let list = store.listIndex(id.client) {
            let item = store.lists[list][store.findIndex(list, id.clock)]
            return item.isItem ? (item, true) : nil
        }
        guard let items = own[id.client] else { return nil }
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
        guard low < items.count, items[low].id.clock <= id.clock else { return nil }
        return (items[low], false)
    }

    /// The location of one of the update's items.
    mutating func location(of item: Item, depth: Int = 0) -> Location? {
        guard depth < Self.maxDepth else { return nil }
        // A neighbour-placed item shares its neighbour's parent and key: walk the chain to an
        // item whose parent is named, then give every link the same location.
        var chain: [Item] = []
        var current = item
        var visited: Set<ID> = []
        var found: Location?
        walk: while true {
            if let cached = known[current.id] {
                found = cached
                break
            }
            guard visited.insert(current.id).inserted else { break }
            switch current.parent {
            case .root(let name):
                found = Location(path: [name, current.parentSub], inNewType: false)
            case .type:
                found = Self.location(ofIntegrated: current)
            case .id(let parentID):
                guard let (parent, integrated) = lookup(parentID) else { break walk }
                let holder = integrated ? Self.location(ofIntegrated: parent) : location(of: parent, depth: depth + 1)
                found = holder.map { Location(path: $0.path + [current.parentSub], inNewType: !integrated) }
            case .none:
                guard let neighbourID = current.origin ?? current.rightOrigin,
                    let (neighbour, integrated) = lookup(neighbourID)
                else { break walk }
                if integrated {
                    found = Self.location(ofIntegrated: neighbour)
                } else {
                    chain.append(current)
                    current = neighbour
                    continue walk
                }
            }
            break
        }
        known[current.id] = found
        for link in chain { known[link.id] = found }
        return found
    }
}

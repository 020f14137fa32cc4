/// What a struct is: an item with content, a garbage-collected range, or a gap (Skip) that only
/// appears in merged updates.
enum StructKind: UInt8 {
    case item
    case gc
    case skip
}

/// Where an item lives: a resolved shared type, or (before integration) a root name or the id of
/// the item that holds the parent type.
///
/// The cases that only exist before integration are boxed (`indirect`), so that a reference fits
/// in one word and ``Item`` stays small.
enum ParentRef {
    case none
    case type(YType)
    indirect case root(String)
    indirect case id(ID)
}

/// The map key of a map entry, shared by reference between the items of that entry (a word in
/// ``Item`` instead of a `String?`'s two).
final class EntryKey {
    let string: String

    init(_ string: String) { self.string = string }
}

/// A struct of the document: an ``ItemContent`` run by one client, with the YATA origins that
/// place it in its parent's list, or a GC/Skip range (see ``StructKind``).
///
/// Items form a doubly linked list per parent (`left`/`right`), ordered by YATA. The struct store
/// owns every integrated item, so the links are `unowned(unsafe)`: they avoid reference counting
/// on the hot paths, and every path that drops an item from the store also unlinks it (merging
/// re-links its neighbours; garbage collection of a type drops its whole list and its markers).
final class Item {
    // Stored properties are ordered (and optional ids kept as sentinels) so that an item takes
    // 115 bytes: one 128-byte malloc chunk (see docs/DECISIONS.md, "YCore's memory").

    /// The id of the first unit.
    var id: ID
    /// Units of content (clock span).
    var length: Int
    /// `origin`, or ``ID/absent``.
    private var originStorage: ID
    /// `rightOrigin`, or ``ID/absent``.
    private var rightOriginStorage: ID
    /// The current left neighbour in the parent's list, unretained (hot paths read it without
    /// touching reference counts; see ``left``).
    var leftRef: Unmanaged<Item>?
    /// The current right neighbour, unretained (see ``right``).
    var rightRef: Unmanaged<Item>?
    /// The parent type (or, before integration, how to find it).
    var parent: ParentRef
    /// The map key when the item is a map entry.
    var parentKey: EntryKey?
    /// The content.
    @exclusivity(unchecked) var content: ItemContent
    /// Item, GC or Skip.
    let kind: StructKind
    /// Flag bits: see the `Flag` constants.
    var flags: UInt8

    /// The current left neighbour in the parent's list.
    @inline(__always) var left: Item? {
        get { leftRef?.takeUnretainedValue() }
        set { leftRef = newValue.map { Unmanaged.passUnretained($0) } }
    }

    /// The current right neighbour in the parent's list.
    @inline(__always) var right: Item? {
        get { rightRef?.takeUnretainedValue() }
        set { rightRef = newValue.map { Unmanaged.passUnretained($0) } }
    }

    /// The id of the unit that was left of this item when it was created.
    @inline(__always) var origin: ID? {
        get { originStorage.clock < 0 ? nil : originStorage }
        set { originStorage = newValue ?? .absent }
    }

    /// The id of the unit that was right of this item when it was created.
    @inline(__always) var rightOrigin: ID? {
        get { rightOriginStorage.clock < 0 ? nil : rightOriginStorage }
        set { rightOriginStorage = newValue ?? .absent }
    }

    /// The map key when the item is a map entry.
    @inline(__always) var parentSub: String? { parentKey?.string }

    static let keepFlag: UInt8 = 1
    static let countableFlag: UInt8 = 2
    static let deletedFlag: UInt8 = 4
    static let markerFlag: UInt8 = 8

    /// Creates an item with content.
    init(
        id: ID, left: Item?, origin: ID?, right: Item?, rightOrigin: ID?, parent: ParentRef, parentKey: EntryKey?,
        content: ItemContent
    ) {
        self.id = id
        self.length = content.length
        self.kind = .item
        self.flags = content.isCountable ? Item.countableFlag : 0
        self.originStorage = origin ?? .absent
        self.leftRef = left.map { Unmanaged.passUnretained($0) }
        self.rightRef = right.map { Unmanaged.passUnretained($0) }
        self.rightOriginStorage = rightOrigin ?? .absent
        self.parent = parent
        self.parentKey = parentKey
        self.content = content
    }

    /// Creates a GC or Skip range.
    init(gap kind: StructKind, id: ID, length: Int) {
        self.id = id
        self.length = length
        self.kind = kind
        self.flags = Item.deletedFlag
        self.originStorage = .absent
        self.rightOriginStorage = .absent
        self.parent = .none
        self.content = .deleted(length)
    }

    @inline(__always) var isItem: Bool { kind == .item }
    @inline(__always) var isGC: Bool { kind == .gc }
    @inline(__always) var isSkip: Bool { kind == .skip }

    @inline(__always) var deleted: Bool { flags & Item.deletedFlag != 0 }
    @inline(__always) var countable: Bool { flags & Item.countableFlag != 0 }
    @inline(__always) var isVisible: Bool { flags & (Item.deletedFlag | Item.countableFlag) == Item.countableFlag }

    var keep: Bool {
        get { flags & Item.keepFlag != 0 }
        set { if newValue { flags |= Item.keepFlag } else { flags &= ~Item.keepFlag } }
    }

    var marker: Bool {
        get { flags & Item.markerFlag != 0 }
        set { if newValue { flags |= Item.markerFlag } else { flags &= ~Item.markerFlag } }
    }

    @inline(__always) func markDeleted() {
        // A search marker on it now marks a hidden item: the type's next insertion moves it.
        if flags & Item.markerFlag != 0, case .type(let t) = parent { t.hiddenMarkers = true }
        flags |= Item.deletedFlag
    }

    /// The id of the last unit.
    @inline(__always) var lastID: ID { ID(client: id.client, clock: id.clock + length - 1) }

    /// The parent type once integrated.
    @inline(__always) var parentType: YType? {
        if case .type(let t) = parent { return t }
        return nil
    }

    /// The next undeleted item to the right.
    var next: Item? {
        var n = right
        while let c = n, c.deleted { n = c.right }
        return n
    }

    /// The previous undeleted item to the left.
    var prev: Item? {
        var n = left
        while let c = n, c.deleted { n = c.left }
        return n
    }

    /// Appends `right` to this struct if both are adjacent runs that Yjs would merge.
    func mergeWith(_ right: Item) -> Bool {
        guard kind == right.kind else { return false }
        switch kind {
        case .gc, .skip:
            length += right.length
            content = .deleted(length)
            return true
        case .item:
            guard right.origin == lastID,
                self.right === right,
                rightOrigin == right.rightOrigin,
                id.client == right.id.client,
                id.clock + length == right.id.clock,
                deleted == right.deleted,
                content.ref == right.content.ref
            else { return false }
            if !content.merge(with: right.content) { return false }
            if case .type(let parentType) = parent, parentType.searchMarkers != nil {
                parentType.mergeMarkers(from: right, into: self)
            }
            if right.keep { keep = true }
            self.right = right.right
            self.right?.left = self
            length += right.length
            return true
        }
    }
}

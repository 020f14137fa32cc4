/// The kind of a shared type, with the type reference Yjs writes for it.
public enum TypeKind: Equatable, Sendable {
    /// A root that has only been named, not yet read as a particular kind.
    case unknown
    case array
    case map
    case text
    case xmlElement
    case xmlFragment
    case xmlHook
    case xmlText

    /// The v1 type reference (YArray 0 … YXmlText 6).
    var refID: UInt8 {
        switch self {
        case .array, .unknown: 0
        case .map: 1
        case .text: 2
        case .xmlElement: 3
        case .xmlFragment: 4
        case .xmlHook: 5
        case .xmlText: 6
        }
    }

    init?(refID: Int) {
        switch refID {
        case 0: self = .array
        case 1: self = .map
        case 2: self = .text
        case 3: self = .xmlElement
        case 4: self = .xmlFragment
        case 5: self = .xmlHook
        case 6: self = .xmlText
        default: return nil
        }
    }
}

/// A map key compared by its exact code units (Swift's `String ==` treats canonically
/// equivalent strings as equal, Yjs does not).
struct MapKey: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (a: MapKey, b: MapKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

    func hash(into hasher: inout Hasher) {
        for b in string.utf8 { hasher.combine(b) }
    }
}

/// The shared state behind every Y type: the list of items (`start`), the map entries (the
/// newest item per key), the visible length, and the search markers that speed up index lookups.
///
/// One class serves every kind (array, map, text, XML); the public types ``YArray``, ``YMap``,
/// ``YText`` and the XML views are thin wrappers around it.
final class YType {
    /// What this type is; a root read before it is accessed is `.unknown`.
    var kind: TypeKind
    /// The XML element's node name or the XML hook's name.
    var nodeName: String?
    /// The document once integrated (`unowned`: a weak reference would give the document a side
    /// table and slow down every retain of it; using a type after its document is gone traps).
    unowned var doc: Doc?
    /// The item that holds this type (nil for roots).
    var item: Item?
    /// The root name for a root type.
    var rootName: String?
    /// The first item of the list.
    var start: Item?
    /// Newest item per key.
    @exclusivity(unchecked) var map: [MapKey: Item] = [:]
    /// Keys in the order they first entered `map`.
    var mapOrder: [String] = []
    /// Visible length in units (UTF-16 code units for text).
    var length: Int = 0
    /// Search markers; nil when disabled (maps, or text that ever held formatting).
    @exclusivity(unchecked) var searchMarkers: [SearchMarker]?
    /// Logical clock for marker recency.
    var markerClock = 0
    /// Whether a search marker may mark a hidden item (deleted since, or placed on one): only
    /// then does an insertion have to look at each marked item (``updateMarkerChanges``).
    var hiddenMarkers = false
    /// Whether a format item was ever integrated into this type. Until then a text has no
    /// attributes to track and no formatting gap to clean, so its edits skip both.
    var hasFormats = false
    /// Content given to a type before it was integrated (Yjs prelim content).
    var prelim: PrelimContent?
    /// Observers of this type's own changes.
    let observerList = ObserverList<YEvent>()
    var observers: [(id: Int, handler: (YEvent) -> Void)] {
        get { observerList.entries }
        set { observerList.entries = newValue }
    }

    init(kind: TypeKind, nodeName: String? = nil) {
        self.kind = kind
        self.nodeName = nodeName
        if kind == .array || kind == .text || kind == .xmlText {
            searchMarkers = []
        }
    }

    /// Sets the kind of a root that was created before it was accessed.
    func upgrade(to newKind: TypeKind) {
        if kind == .unknown {
            kind = newKind
            // Yjs replaces the placeholder with a fresh YArray/YText, whose markers start empty.
            if newKind == .array || newKind == .text || newKind == .xmlText {
                searchMarkers = []
            }
        }
    }

    /// Records `item` as the newest entry for its key.
    func setMapEntry(_ key: String, _ item: Item) {
        let k = MapKey(key)
        if map.updateValue(item, forKey: k) == nil {
            mapOrder.append(key)
        }
    }

    /// The newest item for `key`.
    @inline(__always) func mapEntry(_ key: String) -> Item? {
        map[MapKey(key)]
    }

    /// The first undeleted item.
    var first: Item? {
        var n = start
        while let c = n, c.deleted { n = c.right }
        return n
    }
}

/// Formatting attributes in insertion order (JavaScript `Map`/object semantics). Each value
/// remembers the format item it came from, so that JavaScript's identity comparison of object
/// values (`===`) can be reproduced where Yjs relies on it.
struct TextAttributes {
    var entries: [(key: String, value: AnyValue, source: ObjectIdentifier?)] = []

    init() {}

    init(_ pairs: [(String, AnyValue)]) { entries = pairs.map { ($0.0, $0.1, nil) } }

    /// Key/value pairs in order.
    var pairs: [(String, AnyValue)] { entries.map { ($0.key, $0.value) } }

    private func index(_ key: String) -> Int? {
        entries.firstIndex { $0.key.utf8.elementsEqual(key.utf8) }
    }

    subscript(key: String) -> AnyValue? {
        get { index(key).map { entries[$0].value } }
        set {
            if let i = index(key) {
                if let v = newValue {
                    entries[i].value = v
                    entries[i].source = nil
                } else {
                    entries.remove(at: i)
                }
            } else if let v = newValue {
                entries.append((key, v, nil))
            }
        }
    }

    /// The value and the item it came from.
    func entry(_ key: String) -> (value: AnyValue, source: ObjectIdentifier?)? {
        index(key).map { (entries[$0].value, entries[$0].source) }
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Applies a format item: `null` removes the attribute (Yjs `updateCurrentAttributes`).
    mutating func apply(key: String, value: AnyValue, from item: Item? = nil) {
        if case .null = value {
            self[key] = nil
        } else if let i = index(key) {
            entries[i].value = value
            entries[i].source = item?.formatIdentity
        } else {
            entries.append((key, value, item?.formatIdentity))
        }
    }

    /// Sets a value together with the identity of the object it is (see ``jsStrictEqual``).
    mutating func set(_ key: String, _ entry: (value: AnyValue, source: ObjectIdentifier?)) {
        if let i = index(key) {
            entries[i].value = entry.value
            entries[i].source = entry.source
        } else {
            entries.append((key, entry.value, entry.source))
        }
    }
}

extension Item {
    /// The identity of a format item's value object: the item itself, unless its value was
    /// taken from another item (JavaScript then shares one object between both).
    var formatIdentity: ObjectIdentifier {
        let own = ObjectIdentifier(self)
        guard let doc = parentType?.doc, !doc.formatAlias.isEmpty else { return own }
        return doc.formatAlias[own] ?? own
    }
}

/// JavaScript `===` between attribute values: primitives by value, objects by identity (the
/// format item they were read from).
func jsStrictEqual(_ a: (value: AnyValue, source: ObjectIdentifier?), _ b: (value: AnyValue, source: ObjectIdentifier?))
    -> Bool
{
    switch a.value {
    case .object, .array, .binary:
        guard let sa = a.source, let sb = b.source else { return false }
        return sa == sb
    default:
        return a.value == b.value
    }
}

/// `(attrs.get(key) || null)` with its source.
func orNullEntry(_ attrs: TextAttributes, _ key: String) -> (value: AnyValue, source: ObjectIdentifier?) {
    guard let e = attrs.entry(key) else { return (.null, nil) }
    let v = orNull(e.value)
    if case .null = v { return (.null, nil) }
    return e
}

/// JavaScript's `x || null` for attribute values: falsy values read as null.
func orNull(_ v: AnyValue?) -> AnyValue {
    guard let v else { return .null }
    switch v {
    case .undefined, .null: return .null
    case .bool(false): return .null
    case .number(let d) where d == 0 || d.isNaN: return .null
    case .string(let s) where s.isEmpty: return .null
    default: return v
    }
}

/// Yjs `equalAttrs` (deep equality stands in for its flat object comparison).
func equalAttrs(_ a: AnyValue?, _ b: AnyValue?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (nil, _), (_, nil): return false
    case (.some(let x), .some(let y)): return x == y
    }
}

/// A cursor in a text's item list with the attributes in force (Yjs `ItemTextListPosition`).
final class TextPosition {
    /// Items are owned by the struct store (see ``Item``).
    unowned(unsafe) var left: Item?
    unowned(unsafe) var right: Item?
    var index: Int
    var attributes: TextAttributes

    init(left: Item?, right: Item?, index: Int, attributes: TextAttributes) {
        self.left = left
        self.right = right
        self.index = index
        self.attributes = attributes
    }

    /// Moves one item to the right.
    func forward() {
        guard let r = right else { return }
        if case .format(let key, let value) = r.content {
            if !r.deleted { attributes.apply(key: key, value: value, from: r) }
        } else if !r.deleted {
            index += r.length
        }
        left = r
        right = r.right
    }
}

/// A value of lib0's `any` encoding: what Yjs stores in ContentAny, map values, array elements,
/// and (parsed from JSON) in format attributes and embeds.
///
/// Objects keep JavaScript's property order: array-index keys ascending, then the other keys in
/// insertion order (see ``AnyValue/object(_:)``).
public indirect enum AnyValue: Equatable, Sendable {
    /// JavaScript `undefined`.
    case undefined
    /// JSON `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A number (JavaScript numbers are doubles; integers up to 2^53 are exact).
    case number(Double)
    /// A JavaScript BigInt that fits in 64 bits.
    case bigint(Int64)
    /// A string.
    case string(String)
    /// A `Uint8Array`.
    case binary([UInt8])
    /// An array.
    case array([AnyValue])
    /// An object as ordered key/value pairs.
    case object([(String, AnyValue)])

    /// Builds an object with JavaScript's semantics: a repeated key keeps its first position and
    /// its last value; array-index keys ("0", "1", …) come first in ascending order.
    public static func makeObject(_ pairs: [(String, AnyValue)]) -> AnyValue {
        .object(JSObjectOrder.normalize(pairs))
    }

    /// Compares values; objects compare as unordered key sets, numbers by value.
    public static func == (lhs: AnyValue, rhs: AnyValue) -> Bool {
        switch (lhs, rhs) {
        case (.undefined, .undefined), (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.bigint(let a), .bigint(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.binary(let a), .binary(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (k, v) in a {
                guard let other = b.first(where: { $0.0.utf8.elementsEqual(k.utf8) }), other.1 == v else {
                    return false
                }
            }
            return true
        default: return false
        }
    }
}

/// JavaScript's own-property ordering for plain objects.
enum JSObjectOrder {
    /// Whether `key` is a canonical array index ("0", "17"; not "01", not ≥ 2^32-1).
    static func isArrayIndex(_ key: String) -> UInt32? {
        let u = key.utf8
        guard !u.isEmpty, u.count <= 10 else { return nil }
        if u.count > 1 && u.first == UInt8(ascii: "0") { return nil }
        var v: UInt64 = 0
        for c in u {
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + UInt64(c - 48)
        }
        return v < 0xFFFF_FFFF ? UInt32(v) : nil
    }

    /// Applies JS property order and duplicate-key semantics to pairs.
    static func normalize<V>(_ pairs: [(String, V)]) -> [(String, V)] {
        var hasIndex = false
        var seen = Set<[UInt8]>()
        var hasDup = false
        for (k, _) in pairs {
            if !hasIndex && isArrayIndex(k) != nil { hasIndex = true }
            if !seen.insert(Array(k.utf8)).inserted { hasDup = true }
        }
        if !hasIndex && !hasDup { return pairs }
        var result: [(String, V)] = []
        var position: [[UInt8]: Int] = [:]
        for (k, v) in pairs {
            let key = Array(k.utf8)
            if let i = position[key] {
                result[i].1 = v
            } else {
                position[key] = result.count
                result.append((k, v))
            }
        }
        if hasIndex {
            let indexed = result.compactMap { p in isArrayIndex(p.0).map { ($0, p) } }.sorted { $0.0 < $1.0 }.map(\.1)
            let named = result.filter { isArrayIndex($0.0) == nil }
            result = indexed + named
        }
        return result
    }
}

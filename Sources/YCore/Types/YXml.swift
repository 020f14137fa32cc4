/// A shared XML fragment (Y.XmlFragment): a list of XML elements and texts.
public struct YXmlFragment: Equatable {
    let type: YType

    init(_ type: YType) { self.type = type }

    /// Two handles are equal when they refer to the same shared type.
    public static func == (a: YXmlFragment, b: YXmlFragment) -> Bool { a.type === b.type }

    /// Inserts children (use `.xmlElement` / `.xmlText` inputs).
    public func insert(at index: Int, _ children: [YInput], in txn: Transaction? = nil) throws {
        try type.withTransaction(txn) { t in try type.insertGenerics(t, index, children) }
    }

    /// Deletes children.
    public func delete(at index: Int, length: Int = 1, in txn: Transaction? = nil) throws {
        try type.withTransaction(txn) { t in try type.deleteRange(t, index, length) }
    }

    /// The children.
    public var children: [YValue] { type.listValues() }

    /// The number of children.
    public var count: Int { type.length }

    /// The XML string.
    public func toString() -> String { XMLView.string(of: type, as: .xmlFragment) }
}

/// A shared XML element (Y.XmlElement): a node name, attributes and children.
public struct YXmlElement: Equatable {
    let type: YType

    init(_ type: YType) { self.type = type }

    /// Two handles are equal when they refer to the same shared type.
    public static func == (a: YXmlElement, b: YXmlElement) -> Bool { a.type === b.type }

    /// The node name.
    public var nodeName: String { type.nodeName ?? "UNDEFINED" }

    /// Live attributes.
    public var attributes: [(String, AnyValue)] {
        type.mapKeys().compactMap { k in type.mapGet(k)?.anyValue.map { (k, $0) } }
    }

    /// Sets an attribute.
    public func setAttribute(_ name: String, _ value: String, in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.mapSet($0, name, .value(.string(value))) }
    }

    /// Removes an attribute.
    public func removeAttribute(_ name: String, in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.mapDelete($0, name) }
    }

    /// The value of an attribute, if set.
    public func getAttribute(_ name: String) -> AnyValue? { type.mapGet(name)?.anyValue }

    /// The children as a fragment view.
    public var fragment: YXmlFragment { YXmlFragment(type) }

    /// The XML string.
    public func toString() -> String { XMLView.string(of: type, as: .xmlElement) }
}

/// A shared XML text (Y.XmlText): rich text whose formats print as nested XML nodes.
public struct YXmlText: Equatable {
    let type: YType

    init(_ type: YType) { self.type = type }

    /// Two handles are equal when they refer to the same shared type.
    public static func == (a: YXmlText, b: YXmlText) -> Bool { a.type === b.type }

    /// The text view (insert, delete, format).
    public var text: YText { YText(type) }

    /// The XML string.
    public func toString() -> String { XMLView.string(of: type, as: .xmlText) }
}

/// XML strings as Yjs's `toString()` of XML types prints them.
enum XMLView {
    static func string(of t: YType, as kind: TypeKind, depth: Int = 0) -> String {
        UTF16Text.string(units(of: t, as: kind, depth: depth))
    }

    /// The XML string as UTF-16 units. JavaScript joins strings by code unit, so text runs split
    /// inside a surrogate pair (by formatting, or across XML text nodes) join back into the
    /// character; the units are kept until the end for the same result.
    static func units(of t: YType, as kind: TypeKind, depth: Int = 0) -> [UInt16] {
        if depth > JSONView.maxDepth { return [] }
        var out: [UInt16] = []
        switch kind {
        case .xmlText:
            for op in t.textDelta() {
                var nodes: [(String, [(String, String)])] = []
                for (nodeName, value) in op.attributes {
                    var attrs = forInPairs(value)
                    attrs.sort { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
                    nodes.append((nodeName, attrs))
                }
                nodes.sort { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
                for (name, attrs) in nodes {
                    out += "<\(name)".utf16
                    for (k, v) in attrs { out += " \(k)=\"\(v)\"".utf16 }
                    out += ">".utf16
                }
                if let units = op.units {
                    out += units
                } else {
                    out += string(of: op.insert, depth: depth + 1).utf16
                }
                for (name, _) in nodes.reversed() { out += "</\(name)>".utf16 }
            }
        case .xmlElement:
            var keys = t.mapKeys()
            keys.sort { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            let name = (t.nodeName ?? "undefined").lowercased()
            out += "<\(name)".utf16
            for k in keys {
                out += " \(k)=\"\(t.mapGet(k).map { string(of: $0, depth: depth + 1) } ?? "undefined")\"".utf16
            }
            out += ">".utf16
            out += units(of: t, as: .xmlFragment, depth: depth)
            out += "</\(name)>".utf16
        case .xmlFragment:
            var n = t.start
            while let c = n {
                n = c.right
                guard c.isVisible else { continue }
                if case .string(let s) = c.content {
                    out += s  // string content in a fragment: one unit per child, joined
                    continue
                }
                for child in c.content.values(doc: t.doc) {
                    switch child {
                    case .xmlElement(let e): out += units(of: e.type, as: .xmlElement, depth: depth + 1)
                    case .xmlFragment(let f): out += units(of: f.type, as: .xmlFragment, depth: depth + 1)
                    case .xmlText(let x): out += units(of: x.type, as: .xmlText, depth: depth + 1)
                    default: out += string(of: child, depth: depth + 1).utf16
                    }
                }
            }
        default:
            out += "[object Object]".utf16
        }
        return out
    }

    /// What JavaScript's `for (const key in value)` visits, with `String(value[key])`: an object's
    /// keys, the indices of an array, a `Uint8Array` or a string (one UTF-16 unit each); nothing
    /// for other values. Yjs prints a formatting attribute's value this way.
    static func forInPairs(_ value: AnyValue) -> [(String, String)] {
        switch value {
        case .object(let pairs): return pairs.map { ($0.0, jsString($0.1)) }
        case .array(let items): return items.enumerated().map { (String($0.offset), jsString($0.element)) }
        case .binary(let bytes): return bytes.enumerated().map { (String($0.offset), String($0.element)) }
        case .string(let s):
            return s.utf16.enumerated().map { (String($0.offset), String(decoding: [$0.element], as: UTF16.self)) }
        default: return []
        }
    }

    /// JavaScript `String(value)` of a value found in XML content.
    static func string(of value: YValue, depth: Int = 0) -> String {
        switch value {
        case .value(let v): return jsString(v)
        case .xmlElement(let e): return string(of: e.type, as: .xmlElement, depth: depth)
        case .xmlFragment(let f): return string(of: f.type, as: .xmlFragment, depth: depth)
        case .xmlText(let x): return string(of: x.type, as: .xmlText, depth: depth)
        case .text(let t): return t.toString()
        case .array(let a): return string(of: a.type, as: .array)
        default: return "[object Object]"
        }
    }

    /// JavaScript `String(v)`.
    static func jsString(_ v: AnyValue) -> String {
        switch v {
        case .undefined: return "undefined"
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
            return JSONText.formatNumber(d)
        case .bigint(let i): return String(i)
        case .string(let s): return s
        case .binary(let b): return b.map(String.init).joined(separator: ",")
        case .array(let items):
            return items.map { v -> String in
                if case .undefined = v { return "" }
                if case .null = v { return "" }
                return jsString(v)
            }.joined(separator: ",")
        case .object: return "[object Object]"
        }
    }
}

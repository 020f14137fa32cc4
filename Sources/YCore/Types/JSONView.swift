/// How to read a root type when printing a document.
public enum RootKind: Sendable {
    case map
    case array
    case text
    case xml
}

/// Builds the JSON view of types as Yjs's `toJSON` does.
enum JSONView {
    /// Types nested deeper than this print as `null` (a guard against stack exhaustion).
    static let maxDepth = 512

    /// The JSON of a type read as `kind`.
    static func json(of t: YType, as kind: TypeKind, depth: Int = 0) -> JSONValue {
        if depth > maxDepth { return .null }
        switch kind {
        case .map, .xmlHook, .unknown:
            var pairs: [(String, JSONValue)] = []
            for key in t.mapOrder {
                guard let item = t.mapEntry(key), !item.deleted else { continue }
                if let v = json(of: item.content.lastValue(), depth: depth + 1) { pairs.append((key, v)) }
            }
            return .object(JSObjectOrder.normalize(pairs))
        case .array:
            return .array(t.listValues().map { json(of: $0, depth: depth + 1) ?? .null })
        case .text:
            return .string(t.textString())
        case .xmlText, .xmlElement, .xmlFragment:
            return .string(XMLView.string(of: t, as: kind, depth: depth))
        }
    }

    /// The JSON of a value read from a type (nil = undefined).
    static func json(of value: YValue, depth: Int = 0) -> JSONValue? {
        switch value {
        case .value(let v): return JSONValue.from(v)
        case .map(let m): return json(of: m.type, as: .map, depth: depth)
        case .array(let a): return json(of: a.type, as: .array, depth: depth)
        case .text(let t): return json(of: t.type, as: .text, depth: depth)
        case .xmlElement(let e): return json(of: e.type, as: .xmlElement, depth: depth)
        case .xmlFragment(let f): return json(of: f.type, as: .xmlFragment, depth: depth)
        case .xmlText(let x): return json(of: x.type, as: .xmlText, depth: depth)
        case .xmlHook(let h): return json(of: h.type, as: .map, depth: depth)
        case .subdocument(let guid): return .object([("guid", .string(guid))])
        }
    }

    /// The kind a root is read as: its known kind, else inferred from its content.
    static func inferredKind(_ t: YType) -> TypeKind {
        if t.kind != .unknown { return t.kind }
        if !t.map.isEmpty { return .map }
        var n = t.start
        while let c = n {
            switch c.content {
            case .string, .format, .embed: return .text
            default: break
            }
            n = c.right
        }
        return .array
    }
}

extension Doc {
    /// The whole document as one JSON object of its roots (what `atelier ydoc json` prints).
    /// `rootKinds` fixes how a root is read; roots not given are inferred (keyed entries → map,
    /// string content → text, else array); a given root absent from the document prints empty.
    ///
    /// Like reading a root with Yjs's `getMap`/`getText`/…, naming a root's kind here fixes that
    /// root's type from then on (a text root then gets Yjs's formatting cleanup after remote
    /// changes), so a document read the same way behaves the same as in Yjs.
    public func toJSON(rootKinds: [String: RootKind] = [:]) -> JSONValue {
        for (name, rk) in rootKinds.sorted(by: { $0.key < $1.key }) {
            switch rk {
            case .map: _ = root(name, as: .map)
            case .array: _ = root(name, as: .array)
            case .text: _ = root(name, as: .text)
            case .xml: _ = root(name, as: .xmlFragment)
            }
        }
        var pairs: [(String, JSONValue)] = []
        var names = shareOrder
        for name in rootKinds.keys.sorted() where share[MapKey(name)] == nil { names.append(name) }
        for name in names {
            let t = share[MapKey(name)]
            let kind: TypeKind
            if let rk = rootKinds[name] {
                switch rk {
                case .map: kind = .map
                case .array: kind = .array
                case .text: kind = .text
                case .xml: kind = .xmlFragment
                }
            } else if let t {
                kind = JSONView.inferredKind(t)
            } else {
                continue
            }
            if let t {
                pairs.append((name, JSONView.json(of: t, as: kind)))
            } else {
                pairs.append((name, JSONView.json(of: YType(kind: kind), as: kind)))
            }
        }
        return .object(JSObjectOrder.normalize(pairs))
    }
}

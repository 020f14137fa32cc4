/// A value read from a shared type: a plain value, or a handle on a nested shared type.
public enum YValue: Equatable {
    /// A plain value (numbers, strings, booleans, null, binary, arrays, objects, undefined).
    case value(AnyValue)
    /// A nested map.
    case map(YMap)
    /// A nested array.
    case array(YArray)
    /// A nested text.
    case text(YText)
    /// A nested XML element.
    case xmlElement(YXmlElement)
    /// A nested XML fragment.
    case xmlFragment(YXmlFragment)
    /// A nested XML text.
    case xmlText(YXmlText)
    /// An XML hook (read as a map).
    case xmlHook(YMap)
    /// A sub-document reference.
    case subdocument(guid: String)

    init(type t: YType) {
        switch t.kind {
        case .map, .unknown: self = .map(YMap(t))
        case .array: self = .array(YArray(t))
        case .text: self = .text(YText(t))
        case .xmlElement: self = .xmlElement(YXmlElement(t))
        case .xmlFragment: self = .xmlFragment(YXmlFragment(t))
        case .xmlText: self = .xmlText(YXmlText(t))
        case .xmlHook: self = .xmlHook(YMap(t))
        }
    }

    /// The plain value, when this is one.
    public var anyValue: AnyValue? {
        if case .value(let v) = self { return v }
        return nil
    }
}

/// A value to write into a shared type: a plain value, or a new nested type with initial content
/// (created when the enclosing item is integrated, as Yjs's preliminary types are).
public indirect enum YInput {
    /// A plain value; a top-level `.binary` becomes binary content as in Yjs.
    case value(AnyValue)
    /// A new Y.Map with initial entries.
    case map([(String, YInput)])
    /// A new Y.Array with initial elements.
    case array([YInput])
    /// A new Y.Text with initial text.
    case text(String)
    /// A new Y.XmlFragment with children.
    case xmlFragment([YInput])
    /// A new Y.XmlElement with attributes and children.
    case xmlElement(name: String, attributes: [(String, String)], children: [YInput])
    /// A new Y.XmlText with initial text.
    case xmlText(String)
}

extension YInput: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    /// A string value.
    public init(stringLiteral value: String) { self = .value(.string(value)) }
    /// A number value.
    public init(integerLiteral value: Int) { self = .value(.number(Double(value))) }
    /// A number value.
    public init(floatLiteral value: Double) { self = .value(.number(value)) }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { self = .value(.bool(value)) }
    /// `null`.
    public init(nilLiteral: ()) { self = .value(.null) }
}

extension AnyValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
}

/// Initial content of a type created through ``YInput``.
enum PrelimContent {
    case map([(String, YInput)])
    case list([YInput])
    case text(String)
    case element(attributes: [(String, String)], children: [YInput])
}

extension YInput {
    /// The item content for this input (a new prelim type for nested types).
    func makeContent() -> ItemContent {
        switch self {
        case .value(let v):
            if case .binary(let b) = v { return .binary(b) }
            return .any([v])
        case .map(let entries):
            let t = YType(kind: .map)
            t.prelim = .map(entries)
            return .type(t)
        case .array(let items):
            let t = YType(kind: .array)
            t.prelim = .list(items)
            return .type(t)
        case .text(let s):
            let t = YType(kind: .text)
            t.prelim = s.isEmpty ? nil : .text(s)
            return .type(t)
        case .xmlText(let s):
            let t = YType(kind: .xmlText)
            t.prelim = s.isEmpty ? nil : .text(s)
            return .type(t)
        case .xmlFragment(let children):
            let t = YType(kind: .xmlFragment)
            t.prelim = .list(children)
            return .type(t)
        case .xmlElement(let name, let attributes, let children):
            let t = YType(kind: .xmlElement, nodeName: name)
            t.prelim = .element(attributes: attributes, children: children)
            return .type(t)
        }
    }
}

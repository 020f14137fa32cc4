/// A shared rich text (Y.Text). Indexes and lengths count UTF-16 code units, as in Yjs.
///
/// For example:
/// ```swift
/// let text = doc.getText("notes")
/// text.insert(at: 0, "Hello")
/// text.format(at: 0, length: 5, attributes: ["bold": true])
/// ```
public struct YText: Equatable {
    let type: YType

    init(_ type: YType) { self.type = type }

    /// Two handles are equal when they refer to the same shared type.
    public static func == (a: YText, b: YText) -> Bool { a.type === b.type }

    static func attributes(_ dict: [String: AnyValue]?) -> TextAttributes? {
        guard let dict else { return nil }
        return TextAttributes(
            dict.sorted { Array($0.key.utf16).lexicographicallyPrecedes(Array($1.key.utf16)) }.map {
                ($0.key, $0.value)
            })
    }

    /// Inserts `text` at UTF-16 offset `index`; nil attributes continue the formatting in force.
    public func insert(at index: Int, _ text: String, attributes: [String: AnyValue]? = nil, in txn: Transaction? = nil)
    {
        type.withTransaction(txn) {
            type.textInsert($0, index, UTF16Text.units(text), attributes: YText.attributes(attributes))
        }
    }

    /// Inserts an embedded value (or nested type) at `index`.
    public func insertEmbed(
        at index: Int, _ value: YInput, attributes: [String: AnyValue] = [:], in txn: Transaction? = nil
    ) {
        let content: ItemContent
        if case .value(let v) = value { content = .embed(v) } else { content = value.makeContent() }
        type.withTransaction(txn) {
            type.textInsertEmbed($0, index, content, attributes: YText.attributes(attributes)!)
        }
    }

    /// Deletes `length` UTF-16 code units from `index`.
    public func delete(at index: Int, length: Int, in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.textDelete($0, index, length) }
    }

    /// Applies attributes to a range (`.null` removes an attribute).
    public func format(at index: Int, length: Int, attributes: [String: AnyValue], in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.textFormat($0, index, length, YText.attributes(attributes)!) }
    }

    /// Sets a text-level attribute (Yjs `setAttribute`, stored as a map entry of the text).
    public func setAttribute(_ name: String, _ value: YInput, in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.mapSet($0, name, value) }
    }

    /// Removes a text-level attribute (Yjs `removeAttribute`).
    public func removeAttribute(_ name: String, in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.mapDelete($0, name) }
    }

    /// A text-level attribute (Yjs `getAttribute`).
    public func getAttribute(_ name: String) -> YValue? { type.mapGet(name) }

    /// The length in UTF-16 code units.
    public var length: Int { type.length }

    /// The plain text.
    public func toString() -> String { type.textString() }

    /// The content as a delta: runs of text (or embeds) with their attributes.
    public func toDelta() -> [TextDelta] { type.textDelta() }

    /// The JSON view (the plain text).
    public func toJSON() -> JSONValue { .string(toString()) }

    /// Registers an observer of this text's own changes.
    @discardableResult
    public func observe(_ handler: @escaping (YEvent) -> Void) -> TypeObserver { type.observe(handler) }
}

/// One operation of a text delta: inserted text or an embed, with its attributes.
public struct TextDelta: Equatable {
    /// The inserted value: `.value(.string(...))` for text, or an embed / nested type.
    public var insert: YValue
    /// Formatting attributes in force (empty when none).
    public var attributes: [(String, AnyValue)]
    /// The UTF-16 units of a text insert: a run may begin or end inside a surrogate pair, which a
    /// `String` cannot hold; joining runs (as XML text's `toString` does) needs the units.
    var units: [UInt16]? = nil

    /// Creates a delta operation.
    public init(insert: YValue, attributes: [(String, AnyValue)] = []) {
        self.insert = insert
        self.attributes = attributes
    }

    /// Compares inserts and attributes (attributes as unordered sets).
    public static func == (a: TextDelta, b: TextDelta) -> Bool {
        a.insert == b.insert && AnyValue.object(a.attributes) == AnyValue.object(b.attributes)
    }
}

extension YType {
    /// Yjs `toDelta()` without snapshots.
    func textDelta() -> [TextDelta] {
        var ops: [TextDelta] = []
        var attrs = TextAttributes()
        var units: [UInt16] = []
        func pack() {
            if !units.isEmpty {
                var op = TextDelta(insert: .value(.string(UTF16Text.string(units))), attributes: attrs.pairs)
                op.units = units
                ops.append(op)
                units = []
            }
        }
        var n = start
        while let c = n {
            if !c.deleted {
                switch c.content {
                case .string(let s):
                    units.append(contentsOf: s)
                case .embed(let v):
                    pack()
                    ops.append(TextDelta(insert: .value(v), attributes: attrs.pairs))
                case .type(let t):
                    pack()
                    ops.append(TextDelta(insert: YValue(type: t), attributes: attrs.pairs))
                case .format(let key, let value):
                    pack()
                    attrs.apply(key: key, value: value)
                default:
                    break
                }
            }
            n = c.right
        }
        pack()
        return ops
    }
}

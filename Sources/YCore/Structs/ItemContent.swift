/// The content of an ``Item``; the raw value of each kind is the content reference written in
/// the low five bits of a struct's info byte.
enum ItemContent {
    /// 1: content that was deleted and garbage-collected; only its length remains.
    case deleted(Int)
    /// 2: legacy JSON values (written as JSON strings; `undefined` as the word "undefined").
    case json([AnyValue])
    /// 3: one binary blob.
    case binary([UInt8])
    /// 4: text, as UTF-16 code units.
    case string([UInt16])
    /// 5: one embedded JSON value in rich text.
    case embed(AnyValue)
    /// 6: a formatting marker in rich text (value `null` ends the attribute).
    indirect case format(key: String, value: AnyValue)
    /// 7: a nested shared type.
    case type(YType)
    /// 8: lib0 `any` values.
    case any([AnyValue])
    /// 9: a sub-document: guid and options.
    indirect case doc(guid: String, options: AnyValue)

    /// The content reference (1...9).
    var ref: UInt8 {
        switch self {
        case .deleted: 1
        case .json: 2
        case .binary: 3
        case .string: 4
        case .embed: 5
        case .format: 6
        case .type: 7
        case .any: 8
        case .doc: 9
        }
    }

    /// The number of clock units the content occupies.
    var length: Int {
        switch self {
        case .deleted(let n): n
        case .json(let a): a.count
        case .any(let a): a.count
        case .string(let s): s.count
        case .binary, .embed, .format, .type, .doc: 1
        }
    }

    /// Whether the content counts towards a list's length (formats and deleted content do not).
    var isCountable: Bool {
        switch self {
        case .deleted, .format: false
        default: true
        }
    }

    /// Splits the content at `offset`, keeping the left part and returning the right part.
    ///
    /// Splitting a string inside a surrogate pair leaves U+FFFD on both sides, as Yjs does.
    mutating func splice(_ offset: Int) -> ItemContent {
        switch self {
        case .deleted(let n):
            self = .deleted(offset)
            return .deleted(n - offset)
        case .json(let a):
            self = .json(Array(a[..<offset]))
            return .json(Array(a[offset...]))
        case .any(let a):
            self = .any(Array(a[..<offset]))
            return .any(Array(a[offset...]))
        case .string(let s):
            var left = Array(s[..<offset])
            var right = Array(s[offset...])
            if let last = left.last, last >= 0xD800 && last <= 0xDBFF {
                left[left.count - 1] = UTF16Text.replacement
                if !right.isEmpty { right[0] = UTF16Text.replacement }
            }
            self = .string(left)
            return .string(right)
        default:
            // Single-unit contents are never split.
            return self
        }
    }

    /// Appends `right` to this content when both are of a mergeable kind; returns whether it did.
    mutating func merge(with right: ItemContent) -> Bool {
        switch (self, right) {
        case (.deleted(let a), .deleted(let b)):
            self = .deleted(a + b)
            return true
        case (.string(var a), .string(let b)):
            self = .deleted(0)
            a.append(contentsOf: b)
            self = .string(a)
            return true
        case (.any(var a), .any(let b)):
            self = .deleted(0)
            a.append(contentsOf: b)
            self = .any(a)
            return true
        case (.json(var a), .json(let b)):
            self = .deleted(0)
            a.append(contentsOf: b)
            self = .json(a)
            return true
        default:
            return false
        }
    }

    /// The values the content contributes to a list (for `toArray` and map reads).
    func values(doc: Doc?) -> [YValue] {
        switch self {
        case .deleted: []
        case .json(let a), .any(let a): a.map { .value($0) }
        case .binary(let b): [.value(.binary(b))]
        case .string(let s): s.map { .value(.string(UTF16Text.string([$0]))) }
        case .embed(let v): [.value(v)]
        case .format: []
        case .type(let t): [YValue(type: t)]
        case .doc(let guid, _): [.subdocument(guid: guid)]
        }
    }

    /// The last value (map entries read the last unit of their item).
    func lastValue() -> YValue {
        switch self {
        case .json(let a), .any(let a): a.last.map { .value($0) } ?? .value(.undefined)
        case .binary(let b): .value(.binary(b))
        case .string(let s): .value(.string(s.last.map { UTF16Text.string([$0]) } ?? ""))
        case .embed(let v): .value(v)
        case .type(let t): YValue(type: t)
        case .doc(let guid, _): .subdocument(guid: guid)
        case .deleted, .format: .value(.undefined)
        }
    }
}

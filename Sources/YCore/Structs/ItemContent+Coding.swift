extension ItemContent {
    /// Writes the content from unit `offset` on (v1 encoding).
    func write(to w: inout ByteWriter, offset: Int) {
        switch self {
        case .deleted(let n):
            w.writeVarUInt(n - offset)
        case .json(let a):
            w.writeVarUInt(a.count - offset)
            for v in a[offset...] {
                if case .undefined = v {
                    w.writeString("undefined")
                } else {
                    w.writeString(JSONText.stringify(v) ?? "null")
                }
            }
        case .binary(let b):
            w.writeVarBytes(b)
        case .string(let s):
            if offset == 0 {
                w.writeString(utf16: s)
            } else {
                w.writeString(utf16: s[offset...])
            }
        case .embed(let v):
            w.writeString(JSONText.stringify(v) ?? "null")
        case .format(let key, let value):
            w.writeString(key)
            w.writeString(JSONText.stringify(value) ?? "null")
        case .type(let t):
            w.writeVarUInt(Int(t.kind.refID))
            if let name = t.nodeName {
                w.writeString(name)
            }
        case .any(let a):
            w.writeVarUInt(a.count - offset)
            for v in a[offset...] {
                AnyCoding.write(v, to: &w)
            }
        case .doc(let guid, let options):
            w.writeString(guid)
            AnyCoding.write(options, to: &w)
        }
    }

    /// Reads content of kind `ref` (v1 encoding).
    static func read(ref: UInt8, from r: inout ByteReader) throws(YCoreError) -> ItemContent {
        switch ref {
        case 1:
            let start = r.position
            let n = try r.readVarInt53()
            guard n > 0 else { throw YCoreError(.invalidStructure, "empty deleted content", offset: start) }
            return .deleted(n)
        case 2:
            let n = try r.readLength()
            var values: [AnyValue] = []
            values.reserveCapacity(n)
            for _ in 0..<n {
                let s = try r.readString()
                values.append(s == "undefined" ? .undefined : try JSONText.parse(s))
            }
            guard n > 0 else { throw r.error(.invalidStructure, "empty JSON content") }
            return .json(values)
        case 3:
            return .binary(try r.readVarBytes())
        case 4:
            let units = try r.readStringUTF16()
            guard !units.isEmpty else { throw r.error(.invalidStructure, "empty string content") }
            return .string(units)
        case 5:
            return .embed(try JSONText.parse(try r.readString()))
        case 6:
            let key = try r.readString()
            return .format(key: key, value: try JSONText.parse(try r.readString()))
        case 7:
            let at = r.position
            let refID = try r.readVarInt53()
            guard let kind = TypeKind(refID: refID) else {
                throw YCoreError(.invalidTypeRef, "unknown type reference \(refID)", offset: at)
            }
            var name: String? = nil
            if kind == .xmlElement || kind == .xmlHook {
                name = try r.readString()
            }
            return .type(YType(kind: kind, nodeName: name))
        case 8:
            let n = try r.readLength()
            var values: [AnyValue] = []
            values.reserveCapacity(n)
            for _ in 0..<n { values.append(try AnyCoding.read(&r)) }
            guard n > 0 else { throw r.error(.invalidStructure, "empty any content") }
            return .any(values)
        case 9:
            let guid = try r.readString()
            return .doc(guid: guid, options: try AnyCoding.read(&r))
        default:
            throw r.error(.invalidContentRef, "unknown content reference \(ref)")
        }
    }
}

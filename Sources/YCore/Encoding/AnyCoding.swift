/// lib0 `any` encoding.
///
/// One tag byte, then the payload: 127 undefined, 126 null, 125 integer (var int; used for
/// integers with |n| ≤ 2^31), 124 float32 and 123 float64 (big-endian), 122 bigint (8 bytes
/// big-endian two's complement), 121 false, 120 true, 119 string (var string), 118 object (var-uint
/// count, then key as var string and value as `any`), 117 array (var-uint count, values),
/// 116 Uint8Array (var-uint length, bytes).
enum AnyCoding {
    /// The deepest nesting of arrays/objects accepted when decoding.
    static let maxDepth = 512

    static func write(_ value: AnyValue, to w: inout ByteWriter) {
        switch value {
        case .undefined: w.writeUInt8(127)
        case .null: w.writeUInt8(126)
        case .bool(let b): w.writeUInt8(b ? 120 : 121)
        case .string(let s):
            w.writeUInt8(119)
            w.writeString(s)
        case .number(let d):
            if d.rounded(.towardZero) == d && d.magnitude <= 2_147_483_647 {
                w.writeUInt8(125)
                w.writeVarInt(Int64(d), negativeZero: d == 0 && d.sign == .minus)
            } else if d.isNaN || Double(Float(d)) == d {
                // JS: `setFloat32(x); getFloat32() === x` is false for NaN, so NaN is float64.
                if d.isNaN {
                    w.writeUInt8(123)
                    w.writeUInt64BigEndian(d.bitPattern)
                } else {
                    w.writeUInt8(124)
                    w.writeFloat32(Float(d))
                }
            } else {
                w.writeUInt8(123)
                w.writeUInt64BigEndian(d.bitPattern)
            }
        case .bigint(let i):
            w.writeUInt8(122)
            w.writeUInt64BigEndian(UInt64(bitPattern: i))
        case .binary(let bytes):
            w.writeUInt8(116)
            w.writeVarBytes(bytes)
        case .array(let items):
            w.writeUInt8(117)
            w.writeVarUInt(items.count)
            for item in items { write(item, to: &w) }
        case .object(let pairs):
            w.writeUInt8(118)
            w.writeVarUInt(pairs.count)
            for (k, v) in pairs {
                w.writeString(k)
                write(v, to: &w)
            }
        }
    }

    static func read(_ r: inout ByteReader, depth: Int = 0) throws(YCoreError) -> AnyValue {
        let tagOffset = r.position
        let tag = try r.readUInt8()
        switch tag {
        case 127: return .undefined
        case 126: return .null
        case 125:
            let (v, negZero) = try r.readVarInt()
            return .number(negZero ? -0.0 : Double(v))
        case 124: return .number(Double(try r.readFloat32()))
        case 123: return .number(Double(bitPattern: try r.readUInt64BigEndian()))
        case 122: return .bigint(Int64(bitPattern: try r.readUInt64BigEndian()))
        case 121: return .bool(false)
        case 120: return .bool(true)
        case 119: return .string(try r.readString())
        case 118:
            guard depth < maxDepth else { throw r.error(.nestingTooDeep, "any value nests too deeply") }
            let n = try r.readLength(minimumBytesPerElement: 2)
            var pairs: [(String, AnyValue)] = []
            pairs.reserveCapacity(n)
            for _ in 0..<n {
                let k = try r.readString()
                pairs.append((k, try read(&r, depth: depth + 1)))
            }
            return .object(JSObjectOrder.normalize(pairs))
        case 117:
            guard depth < maxDepth else { throw r.error(.nestingTooDeep, "any value nests too deeply") }
            let n = try r.readLength()
            var items: [AnyValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try read(&r, depth: depth + 1)) }
            return .array(items)
        case 116: return .binary(try r.readVarBytes())
        default:
            throw YCoreError(.invalidAnyTag, "unknown any tag \(tag)", offset: tagOffset)
        }
    }
}

/// A bounds-checked cursor over bytes that reads lib0's primitive encodings.
///
/// Every read throws ``YCoreError`` instead of trapping when the input is short or out of range,
/// and no read allocates more than the bytes that remain could describe.
struct ByteReader {
    /// The input.
    let bytes: [UInt8]
    /// The next byte to read.
    var position: Int = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - position }

    /// Whether all input has been consumed.
    var isAtEnd: Bool { position >= bytes.count }

    func error(_ code: YCoreError.Code, _ message: String) -> YCoreError {
        YCoreError(code, message, offset: position)
    }

    @inline(__always)
    mutating func readUInt8() throws(YCoreError) -> UInt8 {
        guard position < bytes.count else {
            throw error(.unexpectedEndOfData, "unexpected end of data")
        }
        let b = bytes[position]
        position += 1
        return b
    }

    /// Reads an unsigned var int of at most 53 bits (lib0 `readVarUint`).
    @inline(__always)
    mutating func readVarUInt() throws(YCoreError) -> UInt64 {
        guard position < bytes.count else {
            throw error(.unexpectedEndOfData, "unexpected end of data")
        }
        let first = bytes[position]
        if first < 0x80 {
            position += 1
            return UInt64(first)
        }
        return try readVarUIntSlow()
    }

    private mutating func readVarUIntSlow() throws(YCoreError) -> UInt64 {
        var num: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let r = bytes[position]
            position += 1
            if shift > 49 {
                throw error(.integerOverflow, "var uint exceeds 53 bits")
            }
            num |= UInt64(r & 0x7F) << shift
            if r < 0x80 {
                if num > 0x1F_FFFF_FFFF_FFFF {
                    throw error(.integerOverflow, "var uint exceeds 53 bits")
                }
                return num
            }
            shift += 7
        }
        throw error(.unexpectedEndOfData, "unexpected end of data in var uint")
    }

    /// Reads an unsigned var int as an `Int` (clocks, lengths).
    @inline(__always)
    mutating func readVarInt53() throws(YCoreError) -> Int {
        Int(try readVarUInt())
    }

    /// Reads a length that must not exceed the remaining input times `unit` (hostile-size guard).
    mutating func readLength(minimumBytesPerElement unit: Int = 1) throws(YCoreError) -> Int {
        let start = position
        let n = try readVarInt53()
        if unit > 0 && n > remaining / unit {
            throw YCoreError(.unexpectedEndOfData, "length \(n) exceeds the remaining input", offset: start)
        }
        return n
    }

    /// Reads a signed var int (lib0 `readVarInt`); returns the value and whether it is -0.
    mutating func readVarInt() throws(YCoreError) -> (value: Int64, negativeZero: Bool) {
        var r = try readUInt8()
        var num = UInt64(r & 0x3F)
        let negative = (r & 0x40) != 0
        var shift: UInt64 = 6
        if (r & 0x80) != 0 {
            while true {
                r = try readUInt8()
                if shift > 49 {
                    throw error(.integerOverflow, "var int exceeds 53 bits")
                }
                num |= UInt64(r & 0x7F) << shift
                if r < 0x80 { break }
                shift += 7
            }
            if num > 0x1F_FFFF_FFFF_FFFF {
                throw error(.integerOverflow, "var int exceeds 53 bits")
            }
        }
        let value = Int64(num)
        return (negative ? -value : value, negative && value == 0)
    }

    /// Reads a var-uint length and that many raw bytes.
    mutating func readVarBytes() throws(YCoreError) -> [UInt8] {
        let n = try readLength()
        let out = Array(bytes[position..<position + n])
        position += n
        return out
    }

    /// Reads a length-prefixed UTF-8 string, validating it strictly (like lib0's fatal decoder).
    mutating func readString() throws(YCoreError) -> String {
        let start = position
        let n = try readLength()
        let slice = bytes[position..<position + n]
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw YCoreError(.invalidUTF8, "string is not valid UTF-8", offset: start)
        }
        position += n
        return s
    }

    /// Reads a length-prefixed UTF-8 string as UTF-16 code units.
    mutating func readStringUTF16() throws(YCoreError) -> [UInt16] {
        let start = position
        let n = try readLength()
        guard let units = UTF16Text.decodeUTF8(bytes, from: position, count: n) else {
            throw YCoreError(.invalidUTF8, "string is not valid UTF-8", offset: start)
        }
        position += n
        return units
    }

    /// Reads a big-endian IEEE 754 single.
    mutating func readFloat32() throws(YCoreError) -> Float {
        guard remaining >= 4 else { throw error(.unexpectedEndOfData, "unexpected end of data in float32") }
        var bits: UInt32 = 0
        for _ in 0..<4 {
            bits = bits << 8 | UInt32(bytes[position])
            position += 1
        }
        return Float(bitPattern: bits)
    }

    /// Reads eight big-endian bytes.
    mutating func readUInt64BigEndian() throws(YCoreError) -> UInt64 {
        guard remaining >= 8 else { throw error(.unexpectedEndOfData, "unexpected end of data in 64-bit value") }
        var bits: UInt64 = 0
        for _ in 0..<8 {
            bits = bits << 8 | UInt64(bytes[position])
            position += 1
        }
        return bits
    }
}

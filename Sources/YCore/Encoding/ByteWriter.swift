/// A growable byte buffer with lib0's primitive encodings.
///
/// lib0 writes unsigned integers as little-endian base-128 groups (7 bits per byte, high bit set
/// when more bytes follow), signed integers with the sign in bit 6 of the first byte, strings as a
/// var-uint byte length followed by UTF-8, and floats big-endian.
struct ByteWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(64)
    }

    @inline(__always)
    mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Writes an unsigned var int (lib0 `writeVarUint`).
    @inline(__always)
    mutating func writeVarUInt(_ value: UInt64) {
        var num = value
        while num > 0x7F {
            bytes.append(UInt8(truncatingIfNeeded: num) | 0x80)
            num >>= 7
        }
        bytes.append(UInt8(num))
    }

    /// Writes an unsigned var int from an `Int` (negative values are a programming error).
    @inline(__always)
    mutating func writeVarUInt(_ value: Int) {
        writeVarUInt(UInt64(value))
    }

    /// Writes a signed var int (lib0 `writeVarInt`); `negativeZero` writes the sign of -0.
    mutating func writeVarInt(_ value: Int64, negativeZero: Bool = false) {
        let isNegative = value < 0 || (value == 0 && negativeZero)
        var num = value.magnitude
        bytes.append((num > 0x3F ? 0x80 : 0) | (isNegative ? 0x40 : 0) | UInt8(num & 0x3F))
        num >>= 6
        while num > 0 {
            bytes.append((num > 0x7F ? 0x80 : 0) | UInt8(num & 0x7F))
            num >>= 7
        }
    }

    /// Writes a var-uint length then the raw bytes.
    mutating func writeVarBytes(_ data: [UInt8]) {
        writeVarUInt(data.count)
        bytes.append(contentsOf: data)
    }

    /// Writes a Swift string as a length-prefixed UTF-8 string.
    mutating func writeString(_ string: String) {
        var s = string
        s.withUTF8 { buf in
            writeVarUInt(buf.count)
            bytes.append(contentsOf: buf)
        }
    }

    /// Writes UTF-16 code units as a length-prefixed UTF-8 string; lone surrogates become U+FFFD
    /// as `TextEncoder` does.
    mutating func writeString(utf16 units: [UInt16]) {
        writeString(utf16: units[...])
    }

    /// Writes a slice of UTF-16 code units as a length-prefixed UTF-8 string.
    mutating func writeString(utf16 units: ArraySlice<UInt16>) {
        var ascii = true
        for u in units where u >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            writeVarUInt(units.count)
            for u in units { bytes.append(UInt8(truncatingIfNeeded: u)) }
            return
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(units.count * 3)
        UTF16Text.appendUTF8(of: units, to: &utf8)
        writeVarBytes(utf8)
    }

    /// Writes a big-endian IEEE 754 single.
    mutating func writeFloat32(_ value: Float) {
        let bits = value.bitPattern
        bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
        bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
        bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
        bytes.append(UInt8(truncatingIfNeeded: bits))
    }

    /// Writes a big-endian 64-bit pattern.
    mutating func writeUInt64BigEndian(_ bits: UInt64) {
        var shift: UInt64 = 56
        while true {
            bytes.append(UInt8(truncatingIfNeeded: bits >> shift))
            if shift == 0 { break }
            shift -= 8
        }
    }
}

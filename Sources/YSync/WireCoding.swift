/// Reads the lib0 primitives the y-protocols framing uses (var uints, var bytes, var strings).
struct WireReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }
    var remaining: Int { bytes.count - position }

    mutating func readVarUInt() throws(ProtocolError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw ProtocolError(.truncated, "message ends inside a number") }
            let byte = bytes[position]
            position += 1
            guard shift < 53 else { throw ProtocolError(.malformed, "number longer than 53 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    mutating func readVarBytes() throws(ProtocolError) -> [UInt8] {
        let length = try readVarUInt()
        guard length <= UInt64(remaining) else {
            throw ProtocolError(.truncated, "a field of \(length) bytes exceeds the \(remaining) left")
        }
        let start = position
        position += Int(length)
        return Array(bytes[start..<position])
    }

    mutating func readString() throws(ProtocolError) -> String {
        let raw = try readVarBytes()
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw ProtocolError(.malformed, "a string is not valid UTF-8")
        }
        return string
    }
}

/// Writes the lib0 primitives of the y-protocols framing.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func writeVarUInt(_ value: UInt64) {
        var number = value
        while number > 0x7F {
            bytes.append(UInt8(truncatingIfNeeded: number) | 0x80)
            number >>= 7
        }
        bytes.append(UInt8(number))
    }

    mutating func writeVarBytes(_ data: [UInt8]) {
        writeVarUInt(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func writeString(_ string: String) {
        writeVarBytes(Array(string.utf8))
    }
}

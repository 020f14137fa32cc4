/// lib0's primitive encodings for other protocols built on them (y-protocols' sync and
/// awareness messages): var uints, length-prefixed bytes and UTF-8 strings.
///
/// The same bounds-checked reader YCore decodes updates with, so a number or a length never
/// traps and never allocates more than the input could describe. For example:
///
/// ```swift
/// var decoder = Lib0Decoder([0, 2, 1, 7])
/// let type = try decoder.readVarUInt()    // 0
/// let payload = try decoder.readVarBytes() // [1, 7] after the step byte… (see YSync)
/// ```
public struct Lib0Decoder {
    private var reader: ByteReader

    /// A decoder at the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        reader = ByteReader(bytes)
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { reader.isAtEnd }

    /// Bytes not yet read.
    public var remaining: Int { reader.remaining }

    /// Reads an unsigned var int of at most 53 bits.
    public mutating func readVarUInt() throws(YCoreError) -> UInt64 {
        try reader.readVarUInt()
    }

    /// Reads a var-uint length and that many bytes.
    public mutating func readVarBytes() throws(YCoreError) -> [UInt8] {
        try reader.readVarBytes()
    }

    /// Reads a length-prefixed string, refusing invalid UTF-8.
    public mutating func readString() throws(YCoreError) -> String {
        try reader.readString()
    }
}

/// Writes lib0's primitive encodings; see ``Lib0Decoder``.
public struct Lib0Encoder {
    private var writer = ByteWriter()

    /// An empty encoder.
    public init() {}

    /// The bytes written so far.
    public var bytes: [UInt8] { writer.bytes }

    /// Writes an unsigned var int.
    public mutating func writeVarUInt(_ value: UInt64) {
        writer.writeVarUInt(value)
    }

    /// Writes a var-uint length and the bytes.
    public mutating func writeVarBytes(_ data: [UInt8]) {
        writer.writeVarBytes(data)
    }

    /// Writes a length-prefixed UTF-8 string.
    public mutating func writeString(_ string: String) {
        writer.writeString(string)
    }
}

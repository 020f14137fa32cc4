import YCore

/// Reads the lib0 primitives of the y-protocols framing with YCore's decoder, reporting
/// problems as ``ProtocolError``s (a short message is `truncated`, anything else `malformed`).
struct WireReader {
    private var decoder: Lib0Decoder

    init(_ bytes: [UInt8]) {
        decoder = Lib0Decoder(bytes)
    }

    var isAtEnd: Bool { decoder.isAtEnd }
    var remaining: Int { decoder.remaining }

    mutating func readVarUInt() throws(ProtocolError) -> UInt64 {
        do { return try decoder.readVarUInt() } catch { throw Self.protocolError(error) }
    }

    mutating func readVarBytes() throws(ProtocolError) -> [UInt8] {
        do { return try decoder.readVarBytes() } catch { throw Self.protocolError(error) }
    }

    mutating func readString() throws(ProtocolError) -> String {
        do { return try decoder.readString() } catch { throw Self.protocolError(error) }
    }

    private static func protocolError(_ error: YCoreError) -> ProtocolError {
        switch error.code {
        case .unexpectedEndOfData: ProtocolError(.truncated, "message ends inside a field")
        case .invalidUTF8: ProtocolError(.malformed, "a string is not valid UTF-8")
        case .integerOverflow: ProtocolError(.malformed, "number longer than 53 bits")
        default: ProtocolError(.malformed, error.message)
        }
    }
}

/// Writes the lib0 primitives of the y-protocols framing with YCore's encoder.
typealias WireWriter = Lib0Encoder

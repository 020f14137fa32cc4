package import Foundation

/// JSON canonicalized as RFC 8785 (the JSON Canonicalization Scheme): object members sorted by
/// the UTF-16 code units of their names, no whitespace, strings escaped as ECMAScript's
/// `JSON.stringify` does (only `"`, `\` and control characters), numbers as ECMAScript's
/// `Number.prototype.toString` writes them (`1`, `12.5`, `1e+21`, `1e-7`). The signed
/// assessment record is hashed in this form, so anyone can recompute its SHA-256 with any
/// RFC 8785 implementation.
///
/// For example:
/// ```swift
/// let value = try CanonicalJSON.parse(Data(#"{"b": 1.0, "a": [true, null, "é"]}"#.utf8))
/// CanonicalJSON.serialize(value)  // {"a":[true,null,"é"],"b":1}
/// ```
package indirect enum CanonicalJSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// Why a document could not be read.
    package struct ParseError: Error, CustomStringConvertible {
        /// Where, as a byte offset.
        package let offset: Int
        /// What.
        package let message: String
        package var description: String { "\(message) at byte \(offset)" }

        /// Creates an error.
        package init(offset: Int, message: String) {
            self.offset = offset
            self.message = message
        }
    }

    // MARK: Serializing

    /// The canonical bytes (UTF-8).
    package var canonicalData: Data { Data(Self.serialize(self).utf8) }

    /// The canonical text.
    package static func serialize(_ value: CanonicalJSON) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: CanonicalJSON, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += format(number)
        case .string(let text): writeString(text, into: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(members[key]!, into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{09}": out += "\\t"
            case "\u{0A}": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\u{0D}": out += "\\r"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A finite number as ECMAScript's `Number.prototype.toString` writes it.
    package static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == 0 { return "0" }
        if number < 0 { return "-" + format(-number) }
        // Swift prints the shortest digits that round-trip, as ECMAScript requires; only the
        // layout differs. Read them as digits × 10^(point − count).
        let text = "\(number)"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let integer = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(integer[0]) + (integer.count > 1 ? String(integer[1]) : "")
        var point = integer[0].count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let k = digits.count
        let n = point
        if k <= n && n <= 21 { return digits + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 {
            return String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + digits }
        let sign = n - 1 >= 0 ? "+" : "-"
        let rest = k > 1 ? "." + String(digits.dropFirst()) : ""
        return String(digits.prefix(1)) + rest + "e" + sign + String(abs(n - 1))
    }

    // MARK: Parsing

    /// Reads a JSON document. Refused: a name twice in one object (RFC 8785 reads I-JSON, which
    /// forbids it), trailing commas, and nesting deeper than ``maxDepth``.
    package static func parse(_ data: Data) throws -> CanonicalJSON {
        var parser = Parser(bytes: [UInt8](data))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    /// The deepest nesting of arrays and objects ``parse(_:)`` reads.
    package static let maxDepth = 256

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        var depth = 0

        func error(_ message: String) -> ParseError { ParseError(offset: index, message: message) }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value() throws -> CanonicalJSON {
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end") }
            let opening = bytes[index]
            if opening == UInt8(ascii: "{") || opening == UInt8(ascii: "[") {
                guard depth < CanonicalJSON.maxDepth else {
                    throw error("nested deeper than \(CanonicalJSON.maxDepth)")
                }
                depth += 1
            }
            defer { if opening == UInt8(ascii: "{") || opening == UInt8(ascii: "[") { depth -= 1 } }
            switch opening {
            case UInt8(ascii: "{"):
                index += 1
                var members: [String: CanonicalJSON] = [:]
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected :") }
                    index += 1
                    guard members[key] == nil else { throw error("the name \"\(key)\" appears twice") }
                    members[key] = try value()
                    skipSpace()
                    guard index < bytes.count else { throw error("unexpected end") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        return .object(members)
                    } else {
                        throw error("expected , or }")
                    }
                }
            case UInt8(ascii: "["):
                index += 1
                var values: [CanonicalJSON] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(values)
                }
                while true {
                    values.append(try value())
                    skipSpace()
                    guard index < bytes.count else { throw error("unexpected end") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        return .array(values)
                    } else {
                        throw error("expected , or ]")
                    }
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        mutating func literal(_ word: String, _ value: CanonicalJSON) throws -> CanonicalJSON {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw error("unexpected value")
            }
            index += expected.count
            return value
        }

        mutating func number() throws -> CanonicalJSON {
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            guard let text = String(bytes: bytes[start..<index], encoding: .utf8), let number = Double(text),
                number.isFinite
            else { throw error("bad number") }
            return .number(number)
        }

        mutating func string() throws -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string") }
            index += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() throws {
                guard !run.isEmpty else { return }
                guard let text = String(validating: run, as: UTF8.self) else { throw error("invalid UTF-8") }
                scalars.append(contentsOf: text.unicodeScalars)
                run.removeAll()
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    try flush()
                    return String(scalars)
                }
                if byte == UInt8(ascii: "\\") {
                    try flush()
                    index += 1
                    guard index < bytes.count else { throw error("unexpected end") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var unit = try hex4()
                        if (0xD800...0xDBFF).contains(unit), index + 6 <= bytes.count,
                            bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        {
                            index += 2
                            let low = try hex4()
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(unit) else { throw error("bad \\u escape") }
                        scalars.append(scalar)
                    default: throw error("bad escape")
                    }
                    continue
                }
                run.append(byte)
                index += 1
            }
            throw error("unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count, let text = String(bytes: bytes[index..<index + 4], encoding: .ascii),
                let value = UInt32(text, radix: 16)
            else { throw error("bad \\u escape") }
            index += 4
            return value
        }
    }
}

extension CanonicalJSON: Codable {
    /// Decodes any JSON value.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let values = try? container.decode([CanonicalJSON].self) {
            self = .array(values)
        } else {
            self = .object(try container.decode([String: CanonicalJSON].self))
        }
    }

    /// Encodes the value as the JSON it is (an audit line's detail, say).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}

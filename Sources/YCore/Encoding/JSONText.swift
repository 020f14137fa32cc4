import Foundation

/// JSON text as JavaScript reads and writes it: `JSON.parse` and `JSON.stringify` semantics for
/// the payloads Yjs stores as JSON strings (ContentJSON, ContentFormat values, ContentEmbed).
package enum JSONText {
    // MARK: Writing

    /// `JSON.stringify(value)`; `undefined` at top level gives `nil`.
    static func stringify(_ value: AnyValue) -> String? {
        if case .undefined = value { return nil }
        var out = ""
        append(value, to: &out)
        return out
    }

    static func append(_ value: AnyValue, to out: inout String) {
        switch value {
        case .undefined, .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += d.isFinite ? formatNumber(d) : "null"
        case .bigint(let i): out += String(i)
        case .string(let s): appendQuoted(s, to: &out)
        case .binary(let bytes):
            // JSON.stringify(Uint8Array) gives an object of index keys.
            out += "{"
            for (i, b) in bytes.enumerated() {
                if i > 0 { out += "," }
                out += "\"\(i)\":\(b)"
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                append(item, to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            var first = true
            for (k, v) in pairs {
                if case .undefined = v { continue }
                if !first { out += "," }
                first = false
                appendQuoted(k, to: &out)
                out += ":"
                append(v, to: &out)
            }
            out += "}"
        }
    }

    /// Appends a string literal escaped as `JSON.stringify` escapes it.
    static func appendQuoted(_ s: String, to out: inout String) {
        out.unicodeScalars.append("\"")
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out.unicodeScalars.append("\"")
    }

    /// Formats a finite number as JavaScript's `Number.prototype.toString` does.
    static func formatNumber(_ d: Double) -> String {
        if d == 0 { return "0" }
        if d.rounded(.towardZero) == d && d.magnitude < 1e15 {
            return String(Int64(d))
        }
        let negative = d < 0
        let text = d.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(intPart.utf8) + Array(fracPart.utf8)
        var point = intPart.count + exponent
        while digits.count > 1 && digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1 && digits.last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        let k = digits.count
        let n = point
        let ds = String(decoding: digits, as: UTF8.self)
        var result: String
        if k <= n && n <= 21 {
            result = ds + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let idx = ds.index(ds.startIndex, offsetBy: n)
            result = ds[..<idx] + "." + ds[idx...]
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + ds
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            if k == 1 {
                result = ds + "e" + sign + String(e.magnitude)
            } else {
                let idx = ds.index(after: ds.startIndex)
                result = ds[..<idx] + "." + ds[idx...] + "e" + sign + String(e.magnitude)
            }
        }
        return negative ? "-" + result : result
    }

    // MARK: Parsing

    /// Whether `JSON.parse(text)` would succeed (an awareness state that does not parse makes
    /// stock clients throw).
    package static func isValid(_ text: String) -> Bool {
        (try? parse(text)) != nil
    }

    /// `JSON.parse(text)`; throws ``YCoreError/Code/invalidJSON``.
    static func parse(_ text: String) throws(YCoreError) -> AnyValue {
        var p = Parser(bytes: Array(text.utf8))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.fail("unexpected trailing characters") }
        return v
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        func fail(_ message: String) -> YCoreError {
            YCoreError(.invalidJSON, "JSON: \(message) at character \(i)")
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
                i += 1
            }
        }

        mutating func literal(_ word: String, _ v: AnyValue) throws(YCoreError) -> AnyValue {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw fail("bad literal") }
            i += w.count
            return v
        }

        mutating func value(depth: Int) throws(YCoreError) -> AnyValue {
            guard depth < AnyCoding.maxDepth else { throw fail("nesting too deep") }
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                i += 1
                var items: [AnyValue] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(items)
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unterminated array") }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                    } else if bytes[i] == UInt8(ascii: "]") {
                        i += 1
                        return .array(items)
                    } else {
                        throw fail("expected , or ]")
                    }
                }
            case UInt8(ascii: "{"):
                i += 1
                var pairs: [(String, AnyValue)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(pairs)
                }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected key") }
                    let k = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected :") }
                    i += 1
                    skipSpace()
                    pairs.append((k, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unterminated object") }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                    } else if bytes[i] == UInt8(ascii: "}") {
                        i += 1
                        return .object(JSObjectOrder.normalize(pairs))
                    } else {
                        throw fail("expected , or }")
                    }
                }
            default:
                return .number(try number())
            }
        }

        mutating func number() throws(YCoreError) -> Double {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { throw fail("bad number") }
            if bytes[i] == 48 {
                i += 1
            } else {
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { throw fail("bad fraction") }
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { throw fail("bad exponent") }
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            }
            guard let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw fail("bad number") }
            return d
        }

        mutating func hex4() throws(YCoreError) -> UInt16 {
            guard i + 4 <= bytes.count else { throw fail("bad escape") }
            var v: UInt16 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt16
                switch c {
                case 48...57: d = UInt16(c - 48)
                case 65...70: d = UInt16(c - 55)
                case 97...102: d = UInt16(c - 87)
                default: throw fail("bad hex digit")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        mutating func string() throws(YCoreError) -> String {
            i += 1
            var units: [UInt16] = []
            var runStart = i
            func flushRun(_ end: Int) {
                if end > runStart {
                    units.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).utf16)
                }
            }
            while true {
                guard i < bytes.count else { throw fail("unterminated string") }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    flushRun(i)
                    i += 1
                    return UTF16Text.string(units)
                }
                if c < 0x20 { throw fail("control character in string") }
                if c == UInt8(ascii: "\\") {
                    flushRun(i)
                    i += 1
                    guard i < bytes.count else { throw fail("bad escape") }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""): units.append(0x22)
                    case UInt8(ascii: "\\"): units.append(0x5C)
                    case UInt8(ascii: "/"): units.append(0x2F)
                    case UInt8(ascii: "b"): units.append(0x08)
                    case UInt8(ascii: "f"): units.append(0x0C)
                    case UInt8(ascii: "n"): units.append(0x0A)
                    case UInt8(ascii: "r"): units.append(0x0D)
                    case UInt8(ascii: "t"): units.append(0x09)
                    case UInt8(ascii: "u"): units.append(try hex4())
                    default: throw fail("bad escape")
                    }
                    runStart = i
                } else {
                    i += 1
                }
            }
        }
    }
}

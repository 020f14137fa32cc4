/// Conversions between UTF-8 bytes, Swift strings and the UTF-16 code units that Yjs counts in.
enum UTF16Text {
    /// The replacement character U+FFFD.
    static let replacement: UInt16 = 0xFFFD

    /// Decodes `count` bytes at `start` as strict UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF)
    /// into UTF-16 code units; `nil` when invalid.
    static func decodeUTF8(_ bytes: [UInt8], from start: Int, count: Int) -> [UInt16]? {
        precondition(start >= 0 && count >= 0 && start + count <= bytes.count)
        if count == 0 { return [] }
        // A UTF-8 sequence never yields more UTF-16 units than it has bytes, so `count` units of
        // capacity suffice; the units are written in place through raw pointers (the bounds are
        // checked once, above).
        // (Any array allocation here goes through the standard library's unspecialized
        // `_allocateBufferUninitialized`, which looks up generic metadata on every call; see
        // docs/DECISIONS.md, "YCore's decode path".)
        var valid = true
        var written = 0
        var out = [UInt16](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { buf in
                var src = buf.baseAddress! + start
                let end = src + count
                var dst = out.baseAddress!
                let first = dst
                while src < end {
                    let b0 = src.pointee
                    if b0 < 0x80 {
                        dst.pointee = UInt16(b0)
                        dst += 1
                        src += 1
                        continue
                    }
                    var scalar: UInt32
                    let need: Int
                    var lower: UInt8 = 0x80
                    var upper: UInt8 = 0xBF
                    switch b0 {
                    case 0xC2...0xDF:
                        need = 1
                        scalar = UInt32(b0 & 0x1F)
                    case 0xE0...0xEF:
                        need = 2
                        scalar = UInt32(b0 & 0x0F)
                        if b0 == 0xE0 { lower = 0xA0 }
                        if b0 == 0xED { upper = 0x9F }
                    case 0xF0...0xF4:
                        need = 3
                        scalar = UInt32(b0 & 0x07)
                        if b0 == 0xF0 { lower = 0x90 }
                        if b0 == 0xF4 { upper = 0x8F }
                    default:
                        valid = false
                        return
                    }
                    if end - src <= need {
                        valid = false
                        return
                    }
                    src += 1
                    for k in 0..<need {
                        let b = src.pointee
                        if k == 0 ? (b < lower || b > upper) : (b < 0x80 || b > 0xBF) {
                            valid = false
                            return
                        }
                        scalar = scalar << 6 | UInt32(b & 0x3F)
                        src += 1
                    }
                    if scalar >= 0x10000 {
                        let v = scalar - 0x10000
                        dst.pointee = UInt16(0xD800 + (v >> 10))
                        (dst + 1).pointee = UInt16(0xDC00 + (v & 0x3FF))
                        dst += 2
                    } else {
                        dst.pointee = UInt16(scalar)
                        dst += 1
                    }
                }
                written = dst - first
            }
        }
        guard valid else { return nil }
        if written < count { out.removeLast(count - written) }
        return out
    }

    /// Appends the UTF-8 encoding of UTF-16 units; lone surrogates become U+FFFD.
    static func appendUTF8<C: Collection>(of units: C, to out: inout [UInt8]) where C.Element == UInt16 {
        var it = units.makeIterator()
        var pending: UInt16? = nil
        while true {
            let u: UInt16
            if let p = pending {
                u = p
                pending = nil
            } else if let n = it.next() {
                u = n
            } else {
                break
            }
            var scalar: UInt32
            if u < 0xD800 || u > 0xDFFF {
                scalar = UInt32(u)
            } else if u <= 0xDBFF {
                if let lo = it.next() {
                    if lo >= 0xDC00 && lo <= 0xDFFF {
                        scalar = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(lo) - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                        pending = lo
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else {
                scalar = 0xFFFD
            }
            switch scalar {
            case 0..<0x80:
                out.append(UInt8(scalar))
            case 0x80..<0x800:
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            case 0x800..<0x10000:
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            default:
                out.append(UInt8(0xF0 | (scalar >> 18)))
                out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
    }

    /// A Swift string from UTF-16 units (lone surrogates become U+FFFD).
    static func string<C: Collection>(_ units: C) -> String where C.Element == UInt16 {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(units.count)
        appendUTF8(of: units, to: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The UTF-16 code units of a Swift string.
    static func units(_ string: String) -> [UInt16] {
        Array(string.utf16)
    }
}

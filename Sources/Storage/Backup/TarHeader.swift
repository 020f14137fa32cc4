package import Foundation

/// One header block of a POSIX ustar archive (POSIX.1-1988, the format `tar --format=ustar`
/// writes), reduced to what Atelier's backups hold: regular files with names under 100 bytes.
///
/// A header is 512 bytes; the file's bytes follow, padded with zeros to a multiple of 512, and
/// two zero blocks end the archive. Fields (offset, length): name (0, 100), mode (100, 8),
/// uid (108, 8), gid (116, 8), size (124, 12), mtime (136, 12), checksum (148, 8), type flag
/// (156, 1: `0` or NUL for a file), link name (157, 100), magic `ustar\0` (257, 6), version `00`
/// (263, 2), then owner and group names, device numbers and a name prefix, all unused here.
/// Numbers are octal ASCII ending in NUL; a size of 8 GiB or more is written in base 256 (the
/// first byte's high bit set, the rest big-endian), as GNU tar and bsdtar read it. The checksum is
/// the sum of the header's bytes with the checksum field counted as eight spaces.
///
/// For example:
///
/// ```swift
/// let block = TarHeader(name: "manifest.json", size: 120, modified: Date()).encoded()
/// let header = try TarHeader(decoding: block)  // the same name, size and second
/// ```
package struct TarHeader: Equatable, Sendable {
    /// The size of a header and the unit the contents are padded to.
    package static let blockSize = 512
    /// The longest name a header holds.
    package static let maxNameLength = 100

    /// The entry's path inside the archive.
    package var name: String
    /// The number of bytes that follow the header.
    package var size: Int64
    /// When the file was last modified (whole seconds).
    package var modified: Date

    /// Makes a header.
    package init(name: String, size: Int64, modified: Date) {
        self.name = name
        self.size = size
        self.modified = Date(timeIntervalSince1970: modified.timeIntervalSince1970.rounded(.down))
    }

    /// Why a block is not a header this reader accepts.
    package enum DecodingError: Error, Equatable {
        /// The magic or the checksum is wrong: not a tar header, or a damaged one.
        case notAHeader
        /// A tar header of an entry that is not a regular file (a link, a directory…).
        case unsupportedType(Character)
    }

    /// The 512-byte block.
    package func encoded() -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        block.replaceSubrange(0..<min(name.utf8.count, Self.maxNameLength), with: name.utf8.prefix(Self.maxNameLength))
        Self.putOctal(0o644, into: &block, at: 100, length: 8)
        Self.putOctal(0, into: &block, at: 108, length: 8)
        Self.putOctal(0, into: &block, at: 116, length: 8)
        if size < 1 << 33 {  // eleven octal digits
            Self.putOctal(size, into: &block, at: 124, length: 12)
        } else {
            block[124] = 0x80
            for index in 0..<8 { block[135 - index] = UInt8(truncatingIfNeeded: size >> (8 * index)) }
        }
        Self.putOctal(Int64(modified.timeIntervalSince1970), into: &block, at: 136, length: 12)
        block[156] = UInt8(ascii: "0")
        block.replaceSubrange(257..<265, with: Array("ustar\u{0}00".utf8))
        block.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        let checksum = block.reduce(0) { $0 + Int64($1) }
        Self.putOctal(checksum, into: &block, at: 148, length: 7)
        return block
    }

    /// Reads a header block; throws ``DecodingError`` for anything else.
    package init(decoding block: [UInt8]) throws(DecodingError) {
        guard block.count == Self.blockSize, Array(block[257..<262]) == Array("ustar".utf8),
            let stored = Self.number(block[148..<156])
        else { throw .notAHeader }
        let checksum = block.enumerated().reduce(Int64(0)) { sum, byte in
            sum + ((148..<156).contains(byte.offset) ? 0x20 : Int64(byte.element))
        }
        guard stored == checksum, let size = Self.number(block[124..<136]), size >= 0,
            let seconds = Self.number(block[136..<148])
        else { throw .notAHeader }
        let type = block[156]
        guard type == UInt8(ascii: "0") || type == 0 else {
            throw .unsupportedType(Character(Unicode.Scalar(type)))
        }
        let nameBytes = block[0..<Self.maxNameLength].prefix { $0 != 0 }
        self.init(
            name: String(decoding: nameBytes, as: UTF8.self), size: size,
            modified: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Writes `value` as octal digits filling `length - 1` bytes, then a NUL.
    private static func putOctal(_ value: Int64, into block: inout [UInt8], at offset: Int, length: Int) {
        var digits = Array(String(value, radix: 8).utf8)
        digits = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, length - 1 - digits.count)) + digits
        block.replaceSubrange(offset..<offset + length, with: digits + [0])
    }

    /// A numeric field: octal ASCII (leading spaces, trailing NULs or spaces) or base 256.
    private static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        if let first = field.first, first & 0x80 != 0 {
            guard first == 0x80, field.dropFirst().prefix(field.count - 9).allSatisfy({ $0 == 0 }) else { return nil }
            return field.suffix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        }
        let text = field.drop { $0 == 0x20 }.prefix { $0 != 0 && $0 != 0x20 }
        guard !text.isEmpty, text.allSatisfy({ (0x30...0x37).contains($0) }) else { return nil }
        return Int64(String(decoding: text, as: UTF8.self), radix: 8)
    }
}

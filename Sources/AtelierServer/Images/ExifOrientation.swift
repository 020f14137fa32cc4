/// The one EXIF field an image keeps: its orientation (how to turn the stored pixels to show
/// them upright), read from the original EXIF block and written into a new one that holds
/// nothing else.
///
/// EXIF is a TIFF structure: a header (`II*\0` little-endian or `MM\0*` big-endian, then the
/// 4-byte offset of IFD0 from the header's start), and at that offset IFD0: a 2-byte entry
/// count, then 12-byte entries — tag (2), type (2), count (4), value or value offset (4) —
/// and the 4-byte offset of the next IFD. Orientation is tag 0x0112, type SHORT (3), count 1,
/// its value in the first two bytes of the value field; 1 means upright, 2–8 a mirror and/or
/// a turn. JPEG carries the block in APP1 after `Exif\0\0`; PNG's `eXIf` and WebP's `EXIF`
/// chunks carry it bare (some writers add `Exif\0\0` there too).
///
/// For example:
/// ```swift
/// ExifOrientation.read(Array(payload))   // 6: turn 90° clockwise to show
/// ExifOrientation.block(6)               // 26 bytes of big-endian TIFF with that one entry
/// ```
enum ExifOrientation {
    /// The `Exif\0\0` prefix of an APP1 segment (and of some PNG and WebP blocks).
    static let prefix: [UInt8] = Array("Exif".utf8) + [0, 0]

    /// The orientation (2…8) a TIFF block gives, or nil when it gives none, says upright (1),
    /// or cannot be read (the block is dropped then, as every other metadata is).
    static func read(_ block: [UInt8]) -> Int? {
        let tiff = block.has(prefix, at: 0) ? Array(block.dropFirst(prefix.count)) : block
        let read: (Int, Int) -> Int?
        if tiff.has(Array("II".utf8) + [0x2A, 0x00], at: 0) {
            read = { tiff.littleEndian(at: $0, width: $1) }
        } else if tiff.has(Array("MM".utf8) + [0x00, 0x2A], at: 0) {
            read = { tiff.bigEndian(at: $0, width: $1) }
        } else {
            return nil
        }
        guard let ifd = read(4, 4), ifd >= 8, let count = read(ifd, 2) else { return nil }
        for index in 0..<min(count, (tiff.count - ifd - 2) / 12) {
            let entry = ifd + 2 + index * 12
            guard read(entry, 2) == 0x0112 else { continue }
            guard read(entry + 2, 2) == 3, read(entry + 4, 4) == 1, let value = read(entry + 8, 2),
                (2...8).contains(value)
            else { return nil }
            return value
        }
        return nil
    }

    /// A big-endian TIFF block whose IFD0 holds only the orientation (26 bytes).
    static func block(_ orientation: Int) -> [UInt8] {
        Array("MM".utf8) + [0x00, 0x2A, 0, 0, 0, 8]  // header, IFD0 at 8
            + [0, 1]  // one entry
            + [0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(clamping: orientation), 0, 0]  // 0x0112 SHORT ×1
            + [0, 0, 0, 0]  // no next IFD
    }
}

/// Metadata out of a PNG file, the image data untouched.
///
/// A PNG file is an 8-byte signature and a sequence of chunks: length (4 bytes, big-endian,
/// at most 2³¹−1, the data's length), type (4 ASCII letters), data, CRC-32 of type and data
/// (4 bytes). IHDR (13 bytes) comes first and IEND last; the image data is in IDAT chunks. A
/// type whose first letter is upper case is critical (a decoder cannot show the image without
/// understanding it); lower case is ancillary.
///
/// Kept: every critical chunk (IHDR, PLTE, IDAT, IEND and any other; their CRC is checked, as
/// browsers do), and the ancillary chunks that change how the image looks: colour (iCCP,
/// sRGB, gAMA, cHRM, cICP, mDCV, cLLI, sBIT), transparency (tRNS), background (bKGD),
/// physical size (pHYs) and animation (acTL, fcTL, fdAT). Dropped: text (tEXt, zTXt, iTXt —
/// XMP lives in iTXt), eXIf (replaced by one holding the orientation alone, see
/// ``ExifOrientation``), tIME, histograms and suggested palettes, private chunks, and
/// anything after IEND.
enum PNGMetadata {
    /// The PNG signature.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The ancillary chunks kept.
    static let keptAncillary: Set<String> = [
        "iCCP", "sRGB", "gAMA", "cHRM", "cICP", "mDCV", "cLLI", "sBIT", "tRNS", "bKGD", "pHYs", "acTL", "fcTL", "fdAT",
    ]

    /// The file without its metadata; throws when its structure is broken.
    static func strip(_ input: [UInt8]) throws(ImageMetadataError) -> [UInt8] {
        guard input.has(signature, at: 0) else { throw .malformed(.png, "it does not begin with the PNG signature") }
        var output = signature
        output.reserveCapacity(input.count)
        var position = signature.count
        var sawData = false
        var wroteOrientation = false
        while true {
            guard let length = input.bigEndian(at: position, width: 4) else {
                throw .truncated(.png, "it ends before its last chunk (IEND), at byte \(position)")
            }
            guard length <= Int(Int32.max) else {
                throw .malformed(.png, "the chunk at byte \(position) gives a length of \(length)")
            }
            let type = input[min(position + 4, input.count)..<min(position + 8, input.count)]
            guard type.count == 4, type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw .malformed(.png, "the chunk at byte \(position) has no valid type")
            }
            let name = String(decoding: type, as: UTF8.self)
            let end = position + 12 + length
            guard end <= input.count else {
                throw .truncated(
                    .png,
                    "chunk \(name) at byte \(position) says \(length) bytes; \(input.count - position - 12) are left")
            }
            if position == signature.count, name != "IHDR" || length != 13 {
                throw .malformed(.png, "it does not begin with its header chunk (IHDR)")
            }
            let data = input[(position + 8)..<(position + 8 + length)]
            if type[type.startIndex] < 0x61 {  // critical: an upper-case first letter
                guard crc32(type + data) == input.bigEndian(at: position + 8 + length, width: 4) else {
                    throw .malformed(.png, "chunk \(name) at byte \(position) fails its checksum")
                }
                output += input[position..<end]
                if name == "IDAT" { sawData = true }
                if name == "IEND" {
                    guard sawData else { throw .malformed(.png, "it has no image data (IDAT)") }
                    return output
                }
            } else if keptAncillary.contains(name) {
                output += input[position..<end]
            } else if name == "eXIf", !wroteOrientation, let orientation = ExifOrientation.read(Array(data)) {
                output += chunk("eXIf", ExifOrientation.block(orientation))
                wroteOrientation = true
            }
            position = end
        }
    }

    /// A chunk with its length, type and CRC.
    private static func chunk(_ name: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(name.utf8) + data
        let crc = crc32(typeAndData)
        return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: data.count >> $0) } + typeAndData
            + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: crc >> $0) }
    }

    /// CRC-32 as PNG (and zlib) computes it: polynomial 0xEDB88320, reflected, inverted.
    static func crc32(_ bytes: some Sequence<UInt8>) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return Int(crc ^ 0xFFFF_FFFF)
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }
}

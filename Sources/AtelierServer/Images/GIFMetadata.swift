/// Metadata out of a GIF file, the image data untouched.
///
/// A GIF file is a 6-byte header (`GIF87a` or `GIF89a`), a 7-byte logical screen descriptor
/// whose packed byte (offset 10) says whether a global colour table of 3 × 2^(n+1) bytes
/// follows (bit 7, n in bits 0–2), then blocks until the trailer `3B`:
/// - an image: `2C`, a 9-byte descriptor whose last byte may announce a local colour table
///   the same way, one byte (the LZW minimum code size), then data sub-blocks;
/// - an extension: `21`, a label byte, then sub-blocks.
/// Sub-blocks are a length byte and that many bytes, ended by a zero length.
///
/// Kept: images, graphic control (`F9`: delays, transparency) and plain text (`01`)
/// extensions, and the application extensions that change how the file plays or looks:
/// `NETSCAPE2.0` and `ANIMEXTS1.0` (looping) and `ICCRGBG1012` (an ICC profile). Dropped:
/// comments (`FE`), other application extensions (XMP's `XMP DataXMP` among them), unknown
/// extensions, and anything after the trailer.
enum GIFMetadata {
    /// The application identifiers (8 bytes) and authentication codes (3) kept.
    static let keptApplications: Set<String> = ["NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012"]

    /// The file without its metadata; throws when its structure is broken.
    static func strip(_ input: [UInt8]) throws(ImageMetadataError) -> [UInt8] {
        guard input.has(Array("GIF87a".utf8), at: 0) || input.has(Array("GIF89a".utf8), at: 0) else {
            throw .malformed(.gif, "it does not begin with a GIF header")
        }
        guard input.count >= 13 else { throw .truncated(.gif, "it ends inside its screen descriptor") }
        var position = 13 + colourTableSize(input[10])
        guard position <= input.count else { throw .truncated(.gif, "it ends inside its global colour table") }
        var output = Array(input[0..<position])
        output.reserveCapacity(input.count)
        var sawImage = false
        while true {
            guard position < input.count else { throw .truncated(.gif, "it ends before its trailer (3B)") }
            let start = position
            switch input[position] {
            case 0x3B:
                guard sawImage else { throw .malformed(.gif, "it has no image") }
                output.append(0x3B)
                return output
            case 0x2C:
                guard position + 10 <= input.count else {
                    throw .truncated(.gif, "it ends inside the image descriptor at byte \(start)")
                }
                position += 10 + colourTableSize(input[position + 9]) + 1  // + the LZW minimum code size
                guard position <= input.count else {
                    throw .truncated(.gif, "it ends inside the image at byte \(start)")
                }
                position = try endOfSubBlocks(input, from: position, block: start)
                output += input[start..<position]
                sawImage = true
            case 0x21:
                guard position + 2 <= input.count else {
                    throw .truncated(.gif, "it ends inside the extension at byte \(start)")
                }
                let label = input[position + 1]
                position = try endOfSubBlocks(input, from: position + 2, block: start)
                if keeps(label, subBlocks: input[(start + 2)..<position]) { output += input[start..<position] }
            default:
                throw .malformed(.gif, "byte \(start) (\(input[start])) starts no block")
            }
        }
    }

    /// The size of the colour table a packed byte announces.
    private static func colourTableSize(_ packed: UInt8) -> Int {
        packed & 0x80 == 0 ? 0 : 3 << (Int(packed & 0x07) + 1)
    }

    /// Where the sub-blocks that begin at `start` end (after their zero length).
    private static func endOfSubBlocks(_ input: [UInt8], from start: Int, block: Int) throws(ImageMetadataError)
        -> Int
    {
        var position = start
        while position < input.count {
            let length = Int(input[position])
            position += 1 + length
            if length == 0 { return position }
        }
        throw .truncated(.gif, "it ends inside the data of the block at byte \(block)")
    }

    /// Whether an extension with this label (and these sub-blocks) is kept.
    private static func keeps(_ label: UInt8, subBlocks blocks: ArraySlice<UInt8>) -> Bool {
        switch label {
        case 0xF9, 0x01:
            return true
        case 0xFF:
            guard blocks.first == 11, blocks.count >= 12 else { return false }
            let identifier = blocks[(blocks.startIndex + 1)..<(blocks.startIndex + 12)]
            return keptApplications.contains(String(decoding: identifier, as: UTF8.self))
        default:
            return false
        }
    }
}

/// Metadata out of a WebP file, the image data untouched.
///
/// A WebP file is a RIFF container: `RIFF`, the size of what follows (4 bytes,
/// little-endian), `WEBP`, then chunks: a FourCC, the payload's size (4 bytes, little-endian),
/// the payload, and one padding byte when the size is odd. A simple file holds one `VP8 `
/// (lossy) or `VP8L` (lossless) chunk. An extended file begins with `VP8X` (10 bytes: a flags
/// byte — ICC `0x20`, alpha `0x10`, EXIF `0x08`, XMP `0x04`, animation `0x02` — 3 reserved
/// bytes, then the canvas size) and may hold `ICCP`, `ANIM`, `ANMF` (one animation frame,
/// with its own sub-chunks), `ALPH`, the image chunk, `EXIF` and `XMP `.
///
/// Kept: VP8X (the EXIF and XMP flags cleared), ICCP, ANIM, ANMF, ALPH, VP8 and VP8L. Dropped:
/// XMP, EXIF (replaced by one holding the orientation alone, see ``ExifOrientation``, with
/// its flag set again), unknown chunks and anything past the RIFF size. The RIFF size is
/// written anew.
enum WebPMetadata {
    /// The chunks kept as they are.
    static let kept: Set<String> = ["VP8X", "ICCP", "ANIM", "ANMF", "ALPH", "VP8 ", "VP8L"]
    /// The chunks that hold a picture.
    static let image: Set<String> = ["ANMF", "VP8 ", "VP8L"]

    private static let exifFlag: UInt8 = 0x08
    private static let xmpFlag: UInt8 = 0x04

    /// The file without its metadata; throws when its structure is broken.
    static func strip(_ input: [UInt8]) throws(ImageMetadataError) -> [UInt8] {
        guard input.has(Array("RIFF".utf8), at: 0), input.has(Array("WEBP".utf8), at: 8),
            let size = input.littleEndian(at: 4, width: 4)
        else { throw .malformed(.webp, "it does not begin with a RIFF WEBP header") }
        let end = 8 + size
        guard size >= 4 else { throw .malformed(.webp, "its RIFF size is \(size)") }
        guard end <= input.count else {
            throw .truncated(.webp, "its RIFF header says \(end) bytes; the file has \(input.count)")
        }
        var body: [UInt8] = Array("WEBP".utf8)
        body.reserveCapacity(size)
        var flagsOffset: Int?
        var sawImage = false
        var wroteOrientation = false
        var position = 12
        while position < end {
            guard position + 8 <= end, let length = input.littleEndian(at: position + 4, width: 4) else {
                throw .truncated(.webp, "it ends inside the chunk header at byte \(position)")
            }
            let name = String(decoding: input[position..<position + 4], as: UTF8.self)
            let next = position + 8 + length + (length & 1)
            guard next <= end else {
                throw .truncated(
                    .webp, "chunk \(name) at byte \(position) says \(length) bytes; \(end - position - 8) are left")
            }
            if name == "VP8X" {
                guard position == 12, length >= 10 else {
                    throw .malformed(.webp, "its extended header (VP8X) is not the first chunk or is too short")
                }
                flagsOffset = body.count + 8
            }
            if kept.contains(name) {
                body += input[position..<next]
                if image.contains(name) { sawImage = true }
                if let flags = flagsOffset, name == "VP8X" { body[flags] &= ~(exifFlag | xmpFlag) }
            } else if name == "EXIF", !wroteOrientation, let flags = flagsOffset,
                let orientation = ExifOrientation.read(Array(input[(position + 8)..<(position + 8 + length)]))
            {
                let block = ExifOrientation.block(orientation)  // 26 bytes: no padding
                body += Array("EXIF".utf8) + littleEndian(block.count) + block
                body[flags] |= exifFlag
                wroteOrientation = true
            }
            position = next
        }
        guard sawImage else { throw .malformed(.webp, "it has no image data (VP8, VP8L or ANMF)") }
        return Array("RIFF".utf8) + littleEndian(body.count) + body
    }

    private static func littleEndian(_ value: Int) -> [UInt8] {
        [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
}

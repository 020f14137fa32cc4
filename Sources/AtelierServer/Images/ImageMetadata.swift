/// Strips what an uploaded image says about its author, their camera and where they stood —
/// EXIF (GPS position included), XMP, IPTC, comments, text chunks, editing software — and
/// keeps what a browser needs to show it as it was meant: the image data byte for byte, the
/// colour profile and colour chunks, transparency, animation, and the EXIF orientation (in a
/// new, minimal EXIF block; a phone photo would otherwise show on its side).
///
/// Each format has its own walker (``JPEGMetadata``, ``PNGMetadata``, ``WebPMetadata``,
/// ``GIFMetadata``) that reads the file's structure once, checking every length against what
/// is left before using it, and copies the parts it keeps. A file whose structure is broken —
/// truncated, a length that points past the end, a missing end marker — is refused with an
/// ``ImageMetadataError`` that says where; nothing is guessed, and every loop advances by at
/// least one byte, so no input makes a walker trap or spin. Bytes after the format's end
/// marker (a second image, a video, a zip) are dropped. No library here does this: Foundation
/// has no image codecs on Linux, and a decoder that re-encodes would change the pixels.
///
/// For example:
/// ```swift
/// let clean = try ImageMetadata.strip(bytes, as: .jpeg)  // no GPS, same scan data
/// ```
enum ImageMetadata {
    /// The image without its metadata; throws when its structure is broken.
    static func strip(_ bytes: [UInt8], as type: ImageType) throws(ImageMetadataError) -> [UInt8] {
        switch type {
        case .jpeg: try JPEGMetadata.strip(bytes)
        case .png: try PNGMetadata.strip(bytes)
        case .webp: try WebPMetadata.strip(bytes)
        case .gif: try GIFMetadata.strip(bytes)
        }
    }
}

/// Why an image's structure could not be read: a stable ``code`` and a sentence saying where.
struct ImageMetadataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable codes.
    enum Code: String, Sendable {
        /// The file ends inside a part it announced (a segment, a chunk, the image data).
        case truncated
        /// A part is not what the format allows there (a bad marker, length or checksum).
        case malformed
    }

    /// What went wrong.
    let code: Code
    /// A sentence for people, naming the format and the byte offset.
    let message: String

    /// A file that ends too early: "the PNG image ends inside chunk IDAT at byte 120".
    static func truncated(_ type: ImageType, _ detail: String) -> Self {
        Self(code: .truncated, message: "the \(type.name) image is cut short: \(detail)")
    }

    /// A file whose structure is wrong.
    static func malformed(_ type: ImageType, _ detail: String) -> Self {
        Self(code: .malformed, message: "the \(type.name) image is malformed: \(detail)")
    }

    var description: String { message }
}

extension [UInt8] {
    /// The unsigned big-endian integer of `width` bytes (at most 4) at `offset`; nil when
    /// those bytes are not all there.
    func bigEndian(at offset: Int, width: Int) -> Int? {
        guard offset >= 0, width <= 4, offset <= count - width else { return nil }
        return self[offset..<offset + width].reduce(0) { $0 << 8 | Int($1) }
    }

    /// The unsigned little-endian integer of `width` bytes (at most 4) at `offset`; nil when
    /// those bytes are not all there.
    func littleEndian(at offset: Int, width: Int) -> Int? {
        guard offset >= 0, width <= 4, offset <= count - width else { return nil }
        return self[offset..<offset + width].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    /// Whether the bytes at `offset` are `prefix`.
    func has(_ prefix: some Collection<UInt8>, at offset: Int) -> Bool {
        guard offset >= 0, offset <= count - prefix.count else { return false }
        return self[offset..<offset + prefix.count].elementsEqual(prefix)
    }
}

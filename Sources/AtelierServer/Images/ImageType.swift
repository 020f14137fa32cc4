import Foundation

/// The image types accepted, told from their first bytes.
enum ImageType: String, Sendable, CaseIterable {
    case png, jpeg, webp, gif

    init?(sniffing data: some Collection<UInt8>) {
        let bytes = [UInt8](data.prefix(12))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            self = .gif
        } else if bytes.count == 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8)
        {
            self = .webp
        } else {
            return nil
        }
    }

    /// `image/png`, `image/jpeg`…
    var mediaType: String { "image/\(rawValue)" }

    /// The name people know the format by (`PNG`, `JPEG`, `WebP`, `GIF`).
    var name: String {
        switch self {
        case .png: "PNG"
        case .jpeg: "JPEG"
        case .webp: "WebP"
        case .gif: "GIF"
        }
    }

    /// Whether the bytes look like an SVG document (to say why it is refused).
    static func looksLikeSVG(_ data: some Collection<UInt8>) -> Bool {
        let head = String(decoding: data.prefix(1024), as: UTF8.self).lowercased()
        return head.contains("<svg") || (head.contains("<?xml") && head.contains("svg"))
    }
}

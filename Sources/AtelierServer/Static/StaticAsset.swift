import Crypto
import Foundation
import NIOCore

/// One file as served, in every form it is sent: its bytes, their gzip form (compressed once,
/// when the server starts), a strong validator for each form and the content type.
///
/// For example:
///
/// ```swift
/// let asset = StaticAsset(bytes: Array(data), contentType: "text/javascript; charset=utf-8")
/// asset.etag         // "\"3q2-…\"" for the identity form; the gzip form's ends in -gz
/// ```
struct StaticAsset: Sendable {
    /// `Content-Type`.
    let contentType: String
    /// The bytes as they are.
    let identity: ByteBuffer
    /// The gzip member of the bytes, when compressing them makes them smaller.
    let gzip: ByteBuffer?
    /// The strong validator of the identity form, quoted.
    let etag: String
    /// The strong validator of the gzip form, quoted (a different representation, so a
    /// different tag).
    let gzipETag: String
    /// SHA-256 of the bytes, hex.
    let digest: String

    /// Types worth compressing.
    static func isCompressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json")
            || contentType.hasPrefix("image/svg+xml") || contentType.hasPrefix("application/manifest+json")
    }

    init(bytes: [UInt8], contentType: String) {
        self.contentType = contentType
        identity = ByteBuffer(bytes: bytes)
        let hash = SHA256.hash(data: bytes)
        digest = hash.map { String(format: "%02x", $0) }.joined()
        let tag = Data(hash).base64EncodedString().prefix(22)
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        etag = "\"\(tag)\""
        gzipETag = "\"\(tag)-gz\""
        if bytes.count >= 256, Self.isCompressible(contentType), let compressed = Gzip.compress(bytes) {
            gzip = ByteBuffer(bytes: compressed)
        } else {
            gzip = nil
        }
    }

    /// The bytes decoded as UTF-8 (for pages and modules whose text is read at start).
    var text: String { String(buffer: identity) }
}

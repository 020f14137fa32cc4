import Crypto
package import Foundation

/// Writes a ustar archive (``TarHeader``) to a file, one entry after another, streaming each
/// file's bytes and hashing them on the way.
///
/// For example:
///
/// ```swift
/// var writer = try TarWriter(creating: url)
/// let copied = try writer.append("atelier.sqlite", contentsOf: database)  // its size and SHA-256
/// try writer.append("manifest.json", data: manifest)
/// try writer.finish()
/// ```
package struct TarWriter {
    /// What was written for one entry.
    package struct Written: Equatable, Sendable {
        /// The number of bytes.
        package var bytes: Int64
        /// Their SHA-256, hex.
        package var sha256: String
    }

    /// The chunk a file is copied in.
    static let chunkSize = 1 << 20

    private let handle: FileHandle
    private let url: URL

    /// Creates (or empties) the archive file.
    package init(creating url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw DataDirectoryError(.io, "cannot create \(url.path)")
        }
        self.handle = try FileHandle(forWritingTo: url)
        self.url = url
    }

    /// Appends the file at `source` under `name`; nil (and nothing written) when it does not exist.
    @discardableResult
    package mutating func append(_ name: String, contentsOf source: URL) throws -> Written? {
        guard let input = try? FileHandle(forReadingFrom: source) else { return nil }
        defer { try? input.close() }
        let size = Int64(try input.seekToEnd())
        try input.seek(toOffset: 0)
        let attributes = try? FileManager.default.attributesOfItem(atPath: source.path)
        let modified = attributes?[.modificationDate] as? Date ?? Date()
        try handle.write(contentsOf: TarHeader(name: name, size: size, modified: modified).encoded())
        var hasher = SHA256()
        var remaining = size
        while remaining > 0 {
            let chunk = try input.read(upToCount: Int(min(remaining, Int64(Self.chunkSize)))) ?? Data()
            guard !chunk.isEmpty else {
                throw DataDirectoryError(.io, "\(source.path) shrank while it was copied")
            }
            hasher.update(data: chunk)
            try handle.write(contentsOf: chunk)
            remaining -= Int64(chunk.count)
        }
        try pad(size)
        return Written(bytes: size, sha256: Self.hex(hasher.finalize()))
    }

    /// Appends `data` under `name`.
    package mutating func append(_ name: String, data: Data, modified: Date = Date()) throws {
        try handle.write(contentsOf: TarHeader(name: name, size: Int64(data.count), modified: modified).encoded())
        try handle.write(contentsOf: data)
        try pad(Int64(data.count))
    }

    /// Ends the archive (two zero blocks), flushes it to the disk and closes it.
    package func finish() throws {
        try handle.write(contentsOf: Data(count: 2 * TarHeader.blockSize))
        try handle.synchronize()
        try handle.close()
    }

    /// Closes the file without ending the archive (after a failure).
    package func abandon() {
        try? handle.close()
    }

    private func pad(_ size: Int64) throws {
        let remainder = Int(size % Int64(TarHeader.blockSize))
        if remainder > 0 { try handle.write(contentsOf: Data(count: TarHeader.blockSize - remainder)) }
    }

    /// Hex of a digest.
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

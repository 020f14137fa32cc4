import Crypto
package import Foundation

/// Reads a ustar archive written by ``TarWriter`` entry by entry, streaming each file's bytes
/// and hashing them; a short read is `truncated`, a bad header `corrupt` (or `not-a-backup` when
/// the very first block is not a tar header).
///
/// For example:
///
/// ```swift
/// var reader = try TarReader(url)
/// while let header = try reader.next() {
///     let copied = try reader.copy(header, to: folder.appendingPathComponent(header.name))
/// }
/// ```
package struct TarReader {
    private let handle: FileHandle
    private let path: String
    /// The offset of the next block.
    private(set) var offset: Int64 = 0

    /// Opens the archive; `not-found` when it cannot be read.
    package init(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = try? FileHandle(forReadingFrom: url)
        else { throw DataDirectoryError(.notFound, "no backup file at \(url.path)") }
        self.handle = handle
        self.path = url.path
    }

    /// The next entry's header; nil at the end of the archive.
    package mutating func next() throws -> TarHeader? {
        let block = try read(TarHeader.blockSize, what: "a header")
        if block.allSatisfy({ $0 == 0 }) { return nil }
        do throws(TarHeader.DecodingError) {
            return try TarHeader(decoding: [UInt8](block))
        } catch .notAHeader where offset == Int64(TarHeader.blockSize) {
            throw DataDirectoryError(.notABackup, "\(path) is not an Atelier backup (not a tar archive)")
        } catch .notAHeader {
            throw DataDirectoryError(
                .corrupt, "\(path) is damaged: the header at byte \(offset - Int64(TarHeader.blockSize)) is not valid")
        } catch .unsupportedType(let type) {
            throw DataDirectoryError(
                .notABackup, "\(path) is not an Atelier backup (it holds an entry of tar type '\(type)')")
        }
    }

    /// Copies the entry's bytes to `destination` and returns their SHA-256, hex.
    package mutating func copy(_ header: TarHeader, to destination: URL) throws -> String {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
            throw DataDirectoryError(.io, "cannot create \(destination.path)")
        }
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        var hasher = SHA256()
        var remaining = header.size
        while remaining > 0 {
            let chunk = try read(Int(min(remaining, Int64(TarWriter.chunkSize))), what: header.name)
            hasher.update(data: chunk)
            try output.write(contentsOf: chunk)
            remaining -= Int64(chunk.count)
        }
        try output.synchronize()
        try skipPadding(header)
        return TarWriter.hex(hasher.finalize())
    }

    /// The entry's bytes, refused (`not-a-backup`) past `limit`.
    package mutating func data(_ header: TarHeader, limit: Int) throws -> Data {
        guard header.size <= Int64(limit) else {
            throw DataDirectoryError(.notABackup, "\(path) is not an Atelier backup (\(header.name) is too large)")
        }
        let data = try read(Int(header.size), what: header.name)
        try skipPadding(header)
        return data
    }

    /// Closes the file.
    package func close() {
        try? handle.close()
    }

    private mutating func skipPadding(_ header: TarHeader) throws {
        let remainder = Int(header.size % Int64(TarHeader.blockSize))
        if remainder > 0 { _ = try read(TarHeader.blockSize - remainder, what: header.name) }
    }

    /// Exactly `count` bytes; `truncated` when the file ends first.
    private mutating func read(_ count: Int, what: String) throws -> Data {
        var data = Data()
        while data.count < count {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: count - data.count)
            } catch {
                throw DataDirectoryError(.io, "cannot read \(path): \(error)")
            }
            guard let chunk, !chunk.isEmpty else {
                if offset == 0 {
                    throw DataDirectoryError(.notABackup, "\(path) is not an Atelier backup (not a tar archive)")
                }
                throw DataDirectoryError(
                    .truncated,
                    "\(path) is truncated: it ends at byte \(offset + Int64(data.count)) inside \(what); the backup is incomplete"
                )
            }
            data.append(chunk)
        }
        offset += Int64(count)
        return data
    }
}

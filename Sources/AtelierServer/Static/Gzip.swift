import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Gzip (RFC 1952) for the static files, compressed once when the server starts.
///
/// The compression itself is the system's zlib (`libz.so.1`, part of every Debian install:
/// `zlib1g` is a required package), loaded when first used rather than linked, so the server
/// needs no C module or extra package for it. `compress2` gives a zlib stream (RFC 1950):
/// a 2-byte header, raw DEFLATE, an Adler-32 trailer; a gzip member is the same DEFLATE
/// between a 10-byte header and a CRC-32 + length trailer (zlib's `crc32`). Without zlib,
/// ``compress(_:)`` answers nil and files are served uncompressed.
///
/// For example:
///
/// ```swift
/// if let gz = Gzip.compress(Array(data)) { … }  // nil without zlib, or when it would not shrink
/// ```
enum Gzip {
    private typealias Compress2 =
        @convention(c) (
            UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?, UnsafePointer<UInt8>?, UInt, Int32
        ) -> Int32
    private typealias CompressBound = @convention(c) (UInt) -> UInt
    private typealias CRC32 = @convention(c) (UInt, UnsafePointer<UInt8>?, UInt32) -> UInt

    private struct Library: @unchecked Sendable {
        // Plain C function pointers into a library that is never unloaded: safe to share.
        let compress2: Compress2
        let compressBound: CompressBound
        let crc32: CRC32
    }

    private static let library: Library? = {
        for name in ["libz.so.1", "libz.so", "libz.1.dylib", "libz.dylib"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let c = dlsym(handle, "compress2"), let b = dlsym(handle, "compressBound"),
                let crc = dlsym(handle, "crc32")
            else { continue }
            return Library(
                compress2: unsafeBitCast(c, to: Compress2.self),
                compressBound: unsafeBitCast(b, to: CompressBound.self),
                crc32: unsafeBitCast(crc, to: CRC32.self))
        }
        return nil
    }()

    /// Whether zlib could be loaded.
    static var isAvailable: Bool { library != nil }

    /// A gzip member holding `bytes` (level 9), or nil without zlib or when it would not be smaller.
    static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        guard let zlib = library, !bytes.isEmpty, bytes.count < Int(UInt32.max) else { return nil }
        var capacity = zlib.compressBound(UInt(bytes.count))
        var stream = [UInt8](repeating: 0, count: Int(capacity))
        let status = stream.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                zlib.compress2(out.baseAddress, &capacity, input.baseAddress, UInt(input.count), 9)
            }
        }
        // zlib stream: 2-byte header (no preset dictionary), DEFLATE data, 4-byte Adler-32.
        guard status == 0, capacity > 6, stream[1] & 0x20 == 0 else { return nil }
        let deflate = stream[2..<(Int(capacity) - 4)]
        let crc = bytes.withUnsafeBufferPointer { zlib.crc32(0, $0.baseAddress, UInt32($0.count)) }
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]  // deflate, no flags, no mtime, max, Unix
        out.reserveCapacity(deflate.count + 18)
        out += deflate
        out += littleEndian(UInt32(truncatingIfNeeded: crc))
        out += littleEndian(UInt32(truncatingIfNeeded: bytes.count))
        return out.count < bytes.count ? out : nil
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xff), UInt8(value >> 8 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 24)]
    }
}

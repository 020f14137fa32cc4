import Foundation
import Testing

@testable import AtelierServer

/// ``ImageMetadata``, the pure function: each fixture (`Tests/Fixtures/images/`, made by
/// `make_images.py` with metadata of every kind, each with a word beginning "Secret") comes out
/// without any of it, with its image data byte for byte and its orientation; a cut or a lie in
/// the structure is refused with an error that says where, and no corruption traps or spins.
/// `AssetPrivacyTests` checks the same files decoded by Pillow after a real upload.
@Suite("Image metadata")
struct ImageMetadataTests {
    static let fixtures: [(name: String, type: ImageType)] = [
        ("gps.jpg", .jpeg), ("gps-progressive.jpg", .jpeg), ("meta.png", .png), ("meta.webp", .webp),
        ("meta.gif", .gif),
    ]

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TestServer.packageRoot.appendingPathComponent("Tests/Fixtures/images/\(name)")))
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        bytes.firstRange(of: Array(text.utf8)) != nil
    }

    @Test("every fixture loses its metadata and keeps its orientation; stripping again changes nothing")
    func stripsEveryFixture() throws {
        for (name, type) in Self.fixtures {
            let input = try Self.fixture(name)
            #expect(Self.contains(input, "Secret"), "\(name) has no metadata to strip")
            let output = try ImageMetadata.strip(input, as: type)
            #expect(!Self.contains(output, "Secret"), "\(name) keeps some metadata")
            #expect(output.count < input.count, "\(name)")
            #expect(try ImageMetadata.strip(output, as: type) == output, "\(name): a second pass changed it")
            #expect(ImageType(sniffing: output) == type)
        }
    }

    @Test("JPEG: the frame, tables and scans are copied byte for byte; ICC and JFIF kept; orientation alone in EXIF")
    func jpegImageData() throws {
        for name in ["gps.jpg", "gps-progressive.jpg"] {
            let input = try Self.fixture(name)
            let output = try ImageMetadata.strip(input, as: .jpeg)
            let before = JPEGWalk(input)
            let after = JPEGWalk(output)
            // Everything from the first table on (frame, tables, every scan's data, EOI) is identical.
            #expect(before.imageData == after.imageData, "\(name)")
            #expect(after.imageData.count > 500)
            #expect(after.segments.map(\.marker) == [0xE0, 0xE1, 0xE2], "\(name): \(after.segments.map(\.marker))")
            #expect(
                after.segments.first { $0.marker == 0xE2 }?.payload
                    == before.segments.first { $0.marker == 0xE2 }?.payload)
            let exif = try #require(after.segments.first { $0.marker == 0xE1 }?.payload)
            #expect(exif.count == 6 + 26)
            #expect(ExifOrientation.read(exif) == 6)
            #expect(before.segments.contains { $0.marker == 0xED } && before.segments.contains { $0.marker == 0xFE })
        }
    }

    @Test("PNG: critical and colour chunks kept in order, text, tIME and private chunks dropped, eXIf orientation only")
    func pngChunks() throws {
        let input = try Self.fixture("meta.png")
        let output = try ImageMetadata.strip(input, as: .png)
        let before = PNGWalk(input).chunks
        let after = PNGWalk(output).chunks
        #expect(after.map(\.type) == ["IHDR", "iCCP", "gAMA", "cHRM", "PLTE", "tRNS", "pHYs", "eXIf", "IDAT", "IEND"])
        for chunk in after where chunk.type != "eXIf" {
            #expect(before.contains { $0 == chunk }, "\(chunk.type) changed")
        }
        #expect(Set(before.map(\.type)).isSuperset(of: ["tEXt", "zTXt", "iTXt", "tIME", "prVt", "eXIf"]))
        #expect(ExifOrientation.read(try #require(after.first { $0.type == "eXIf" }?.data)) == 6)
        #expect(after.allSatisfy { $0.crcMatches })
    }

    @Test("WebP: VP8L and ICCP kept byte for byte, EXIF and XMP dropped, flags cleared, RIFF size right")
    func webpChunks() throws {
        let input = try Self.fixture("meta.webp")
        let output = try ImageMetadata.strip(input, as: .webp)
        let before = WebPWalk(input)
        let after = WebPWalk(output)
        #expect(before.chunks.map(\.fourCC) == ["VP8X", "ICCP", "VP8L", "EXIF", "XMP "])
        #expect(after.chunks.map(\.fourCC) == ["VP8X", "ICCP", "VP8L", "EXIF"])
        #expect(after.riffSize == output.count - 8)
        for kind in ["ICCP", "VP8L"] {
            #expect(after.chunks.first { $0.fourCC == kind }?.data == before.chunks.first { $0.fourCC == kind }?.data)
        }
        let flags = try #require(after.chunks.first?.data.first)
        #expect(before.chunks.first?.data.first == UInt8(0x20 | 0x10 | 0x08 | 0x04))  // ICC, alpha, EXIF, XMP
        #expect(flags == UInt8(0x20 | 0x10 | 0x08))  // XMP cleared; EXIF holds the orientation now
        #expect(ExifOrientation.read(try #require(after.chunks.first { $0.fourCC == "EXIF" }?.data)) == 6)
        #expect(Array(after.chunks[0].data.dropFirst()) == Array(before.chunks[0].data.dropFirst()))
    }

    @Test("GIF: frames and looping kept, the comment and the XMP application extension dropped")
    func gifBlocks() throws {
        let input = try Self.fixture("meta.gif")
        let output = try ImageMetadata.strip(input, as: .gif)
        #expect(Self.contains(output, "NETSCAPE2.0"))
        #expect(!Self.contains(output, "XMP DataXMP"))
        #expect(output.last == 0x3B)
        // Only whole extension blocks went: the bytes left are the input's, in order.
        var cursor = input.startIndex
        for byte in output {
            guard let found = input[cursor...].firstIndex(of: byte) else {
                Issue.record("output byte not in the input's order")
                break
            }
            cursor = found + 1
        }
    }

    @Test("an image without orientation keeps no EXIF at all")
    func noOrientationNoExif() throws {
        var input = try Self.fixture("meta.png")
        // Make the orientation 1 (upright) inside eXIf, with the chunk's CRC fixed up.
        let chunks = PNGWalk(input).chunks
        let exif = try #require(chunks.first { $0.type == "eXIf" })
        let orientation = try #require(exif.data.firstRange(of: [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]))
        let little = exif.data.starts(with: Array("II".utf8))
        input[exif.offset + 8 + orientation.lowerBound + 8 + (little ? 0 : 1)] = 1
        let crc = PNGMetadata.crc32(Array("eXIf".utf8) + input[(exif.offset + 8)..<(exif.offset + 8 + exif.data.count)])
        for (i, shift) in [24, 16, 8, 0].enumerated() {
            input[exif.offset + 8 + exif.data.count + i] = UInt8(truncatingIfNeeded: crc >> shift)
        }
        let output = try ImageMetadata.strip(input, as: .png)
        #expect(!PNGWalk(output).chunks.contains { $0.type == "eXIf" })
    }

    @Test("every truncation of every fixture is refused with an error that says where")
    func truncations() throws {
        for (name, type) in Self.fixtures {
            let input = try Self.fixture(name)
            for length in 0..<input.count {
                do {
                    let output = try ImageMetadata.strip(Array(input.prefix(length)), as: type)
                    Issue.record("\(name) cut at \(length) of \(input.count) was accepted (\(output.count) bytes)")
                } catch {
                    #expect(error.message.contains(type.name), "\(name) at \(length): \(error.message)")
                }
            }
        }
    }

    @Test("lying lengths and huge numbers are refused, each with its code")
    func lyingLengths() throws {
        let png = try Self.fixture("meta.png")
        let jpeg = try Self.fixture("gps.jpg")
        let webp = try Self.fixture("meta.webp")
        let gif = try Self.fixture("meta.gif")
        func replacing(_ bytes: [UInt8], at offset: Int, with new: [UInt8]) -> [UInt8] {
            var bytes = bytes
            bytes.replaceSubrange(offset..<offset + new.count, with: new)
            return bytes
        }
        let iccp = PNGWalk(png).chunks[1].offset
        let idat = try #require(PNGWalk(png).chunks.first { $0.type == "IDAT" })
        let cases: [(what: String, bytes: [UInt8], type: ImageType, code: ImageMetadataError.Code)] = [
            ("PNG chunk length 2^32-1", replacing(png, at: iccp, with: [0xFF, 0xFF, 0xFF, 0xFF]), .png, .malformed),
            ("PNG chunk length 2^31-1", replacing(png, at: iccp, with: [0x7F, 0xFF, 0xFF, 0xFF]), .png, .truncated),
            ("PNG chunk length past the end", replacing(png, at: iccp, with: [0, 0, 0x10, 0]), .png, .truncated),
            (
                "PNG IDAT with a bad CRC", replacing(png, at: idat.offset + 12 + idat.data.count - 1, with: [0]), .png,
                .malformed
            ),
            ("PNG without IHDR first", replacing(png, at: 12, with: Array("IHDX".utf8)), .png, .malformed),
            ("PNG chunk type not letters", replacing(png, at: iccp + 4, with: [0x00]), .png, .malformed),
            ("JPEG segment length 1", replacing(jpeg, at: 4, with: [0x00, 0x01]), .jpeg, .malformed),
            ("JPEG segment length 65535", replacing(jpeg, at: 4, with: [0xFF, 0xFF]), .jpeg, .truncated),
            ("JPEG without a marker", replacing(jpeg, at: 2, with: [0x12]), .jpeg, .malformed),
            ("JPEG scan before its frame", Array(jpeg.prefix(2)) + [0xFF, 0xDA, 0, 2, 0xFF, 0xD9], .jpeg, .malformed),
            ("JPEG without a scan", [0xFF, 0xD8, 0xFF, 0xD9], .jpeg, .malformed),
            ("WebP RIFF size 2^32-1", replacing(webp, at: 4, with: [0xFF, 0xFF, 0xFF, 0xFF]), .webp, .truncated),
            ("WebP chunk size 2^32-1", replacing(webp, at: 16, with: [0xFF, 0xFF, 0xFF, 0xFF]), .webp, .truncated),
            ("WebP RIFF size 0", replacing(webp, at: 4, with: [0, 0, 0, 0]), .webp, .malformed),
            ("WebP without image data", Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBP".utf8), .webp, .malformed),
            ("GIF colour table past the end", Array(gif.prefix(13)), .gif, .truncated),
            ("GIF unknown block", replacing(gif, at: gif.count - 1, with: [0x99]), .gif, .malformed),
            ("GIF without an image", Array(gif.prefix(13 + 3 * 256)) + [0x3B], .gif, .malformed),
        ]
        for (what, bytes, type, code) in cases {
            #expect(throws: ImageMetadataError.self, "\(what)") { try ImageMetadata.strip(bytes, as: type) }
            do {
                _ = try ImageMetadata.strip(bytes, as: type)
            } catch {
                #expect(error.code == code, "\(what): \(error.message)")
                #expect(error.message.hasPrefix("the \(type.name) image is "), "\(what): \(error.message)")
            }
        }
    }

    @Test(
        "random corruptions of every fixture are stripped or refused, never trap, and a second pass changes nothing (seeded)"
    )
    func corruptions() throws {
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        print("ImageMetadataTests.corruptions seed=\(seed)")
        var random = SplitMix64(seed: seed)
        for (name, type) in Self.fixtures {
            let input = try Self.fixture(name)
            var refused = 0
            for _ in 0..<1000 {
                var bytes = input
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let offset = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[offset] =
                        Bool.random(using: &random)
                        ? UInt8.random(in: 0...255, using: &random) : [0x00, 0xFF][offset & 1]
                }
                do {
                    let output = try ImageMetadata.strip(bytes, as: type)
                    #expect(output.count <= bytes.count + 32, "seed \(seed), \(name)")
                    #expect(try ImageMetadata.strip(output, as: type) == output, "seed \(seed), \(name)")
                } catch {
                    refused += 1
                }
            }
            print("ImageMetadataTests.corruptions \(name): \(refused) of 1000 refused")
        }
    }
}

// MARK: - Independent readers of the structures (the tests' own, to compare before and after)

/// A JPEG's segments before its first table, and the bytes from there on.
struct JPEGWalk {
    struct Segment: Equatable {
        let marker: UInt8
        let payload: [UInt8]
    }
    var segments: [Segment] = []
    var imageData: [UInt8] = []

    init(_ bytes: [UInt8]) {
        var i = 2
        while i + 4 <= bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            if !(0xE0...0xEF).contains(marker) && marker != 0xFE {
                imageData = Array(bytes[i...])
                return
            }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            segments.append(Segment(marker: marker, payload: Array(bytes[(i + 4)..<(i + 2 + length)])))
            i += 2 + length
        }
    }
}

/// A PNG's chunks.
struct PNGWalk {
    struct Chunk: Equatable {
        let offset: Int
        let type: String
        let data: [UInt8]
        let crc: [UInt8]

        var crcMatches: Bool {
            let value = PNGMetadata.crc32(Array(type.utf8) + data)
            return crc == [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
        }

        static func == (a: Chunk, b: Chunk) -> Bool { a.type == b.type && a.data == b.data && a.crc == b.crc }
    }
    var chunks: [Chunk] = []

    init(_ bytes: [UInt8]) {
        var i = 8
        while i + 12 <= bytes.count {
            let length = bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let end = i + 12 + length
            chunks.append(
                Chunk(
                    offset: i, type: type, data: Array(bytes[(i + 8)..<(end - 4)]), crc: Array(bytes[(end - 4)..<end])))
            i = end
        }
    }
}

/// A WebP's RIFF size and top-level chunks.
struct WebPWalk {
    struct Chunk {
        let fourCC: String
        let data: [UInt8]
    }
    let riffSize: Int
    var chunks: [Chunk] = []

    init(_ bytes: [UInt8]) {
        func le32(_ i: Int) -> Int { bytes[i..<i + 4].reversed().reduce(0) { $0 << 8 | Int($1) } }
        riffSize = le32(4)
        var i = 12
        while i + 8 <= bytes.count {
            let size = le32(i + 4)
            chunks.append(
                Chunk(
                    fourCC: String(decoding: bytes[i..<i + 4], as: UTF8.self),
                    data: Array(bytes[(i + 8)..<(i + 8 + size)])))
            i += 8 + size + (size & 1)
        }
    }
}

import Foundation

@testable import AtelierServer

/// Images for upload tests whose structure is sound (uploads are walked chunk by chunk, see
/// ``ImageMetadata``), sized at will.
enum TestImages {
    /// A PNG whose one IDAT chunk holds `filler` (a 1×1 header; the data is not decoded).
    static func png(filler: Data) -> Data {
        var png = Data(PNGMetadata.signature)
        png += chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])
        png += chunk("IDAT", [UInt8](filler))
        png += chunk("IEND", [])
        return png
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> Data {
        let crc = PNGMetadata.crc32(Array(type.utf8) + data)
        func bigEndian(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        return Data(bigEndian(data.count) + Array(type.utf8) + data + bigEndian(crc))
    }
}

/// Metadata out of a JPEG file, the compressed image data untouched.
///
/// A JPEG file is a sequence of markers: `FF` (any number of `FF` fill bytes may precede the
/// code), then a code byte. SOI (`D8`) opens the file and EOI (`D9`) ends it; RST0–7
/// (`D0`–`D7`) and TEM (`01`) stand alone; every other marker starts a segment whose next two
/// bytes give its length, big-endian, counting themselves (so at least 2). SOS (`DA`), the
/// start of a scan, is followed by entropy-coded data in which `FF` is always followed by `00`
/// (a stuffed byte) or a RST marker; the data ends at the first other marker. A progressive
/// file has several scans, with tables between them.
///
/// Kept: the frame header (SOF), tables (DQT, DHT, DAC, DRI), scans with their data, and of
/// the application segments only what displays the picture: JFIF (APP0, rebuilt without its
/// thumbnail), the ICC profile (APP2 `ICC_PROFILE`, possibly in several parts) and Adobe's
/// colour transform (APP14 `Adobe`). Dropped: EXIF (replaced by one holding the orientation
/// alone, see ``ExifOrientation``), XMP and other APP1, IPTC/Photoshop (APP13), multi-picture
/// and FlashPix APP2, every other APPn, comments (COM), and anything after EOI.
enum JPEGMetadata {
    /// The file without its metadata; throws when its structure is broken.
    static func strip(_ input: [UInt8]) throws(ImageMetadataError) -> [UInt8] {
        guard input.has([0xFF, 0xD8], at: 0) else { throw .malformed(.jpeg, "it does not begin with SOI") }
        var output: [UInt8] = [0xFF, 0xD8]
        output.reserveCapacity(input.count)
        var position = 2
        var sawFrame = false
        var sawScan = false
        var wroteOrientation = false
        while true {
            guard position < input.count else { throw .truncated(.jpeg, "it ends before its end marker (EOI)") }
            guard input[position] == 0xFF else {
                throw .malformed(.jpeg, "a marker was expected at byte \(position)")
            }
            while position < input.count && input[position] == 0xFF { position += 1 }
            guard position < input.count else { throw .truncated(.jpeg, "it ends inside a marker") }
            let marker = input[position]
            let start = position - 1
            position += 1
            switch marker {
            case 0xD9:
                guard sawScan else { throw .malformed(.jpeg, "it ends before any image data (no scan)") }
                output += [0xFF, 0xD9]
                return output
            case 0xD0...0xD7, 0x01:
                output += [0xFF, marker]
                continue
            case 0x00, 0xD8:
                throw .malformed(.jpeg, "marker FF\(hex(marker)) at byte \(start) is not allowed there")
            default:
                break
            }
            guard let length = input.bigEndian(at: position, width: 2) else {
                throw .truncated(.jpeg, "it ends inside the length of segment FF\(hex(marker)) at byte \(start)")
            }
            guard length >= 2 else {
                throw .malformed(.jpeg, "segment FF\(hex(marker)) at byte \(start) gives a length of \(length)")
            }
            let end = position + length
            guard end <= input.count else {
                throw .truncated(
                    .jpeg,
                    "segment FF\(hex(marker)) at byte \(start) says \(length) bytes; \(input.count - position) are left"
                )
            }
            let payload = Array(input[(position + 2)..<end])
            switch marker {
            case 0xE0...0xEF, 0xFE:
                if marker == 0xE1, !wroteOrientation, payload.has(ExifOrientation.prefix, at: 0),
                    let orientation = ExifOrientation.read(payload)
                {
                    output += segment(0xE1, ExifOrientation.prefix + ExifOrientation.block(orientation))
                    wroteOrientation = true
                } else if let kept = keptApplicationSegment(marker, payload) {
                    output += kept
                }
                position = end
            case 0xDA:
                guard sawFrame else { throw .malformed(.jpeg, "a scan at byte \(start) comes before the frame header") }
                let next = try endOfScanData(input, from: end)
                output += input[start..<next]
                sawScan = true
                position = next
            default:
                // Frame headers: SOF0–15 but DHT (C4), JPG (C8) and DAC (CC).
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) { sawFrame = true }
                output += input[start..<end]
                position = end
            }
        }
    }

    /// Where a scan's entropy-coded data ends: at the first `FF` that is neither a stuffed
    /// `FF 00` nor a restart marker.
    private static func endOfScanData(_ input: [UInt8], from start: Int) throws(ImageMetadataError) -> Int {
        var position = start
        while true {
            guard let mark = input[position...].firstIndex(of: 0xFF), mark + 1 < input.count else {
                throw .truncated(.jpeg, "it ends inside the image data of the scan before byte \(start)")
            }
            let code = input[mark + 1]
            if code == 0x00 || (0xD0...0xD7).contains(code) {
                position = mark + 2
            } else {
                return mark
            }
        }
    }

    /// An APPn or COM segment worth keeping, as it is written back; nil to drop it.
    private static func keptApplicationSegment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8]? {
        switch marker {
        case 0xE0 where payload.has(Array("JFIF".utf8) + [0], at: 0) && payload.count >= 14:
            // Version, density unit and densities; no thumbnail (it may show what was cropped).
            return segment(0xE0, Array(payload[0..<12]) + [0, 0])
        case 0xE2 where payload.has(Array("ICC_PROFILE".utf8) + [0], at: 0):
            return segment(0xE2, payload)
        case 0xEE where payload.has(Array("Adobe".utf8), at: 0):
            return segment(0xEE, payload)
        default:
            return nil
        }
    }

    /// A segment with its marker and length.
    private static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

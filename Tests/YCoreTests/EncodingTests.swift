import Testing

@testable import YCore

@Suite("lib0 encoding and the v1 update format")
struct EncodingTests {
    @Test(
        arguments: [0, 1, 127, 128, 300, 16_383, 16_384, 2_147_483_647, 4_294_967_296, 9_007_199_254_740_991]
            as [UInt64])
    func varUIntRoundTrip(_ value: UInt64) throws {
        var w = ByteWriter()
        w.writeVarUInt(value)
        var r = ByteReader(w.bytes)
        #expect(try r.readVarUInt() == value)
        #expect(r.isAtEnd)
    }

    @Test func varUIntKnownBytes() {
        var w = ByteWriter()
        w.writeVarUInt(UInt64(300))
        #expect(w.bytes == [0xAC, 0x02])
    }

    @Test(arguments: [0, 1, -1, 63, 64, -64, 8191, -8192, 2_147_483_647, -2_147_483_647] as [Int64])
    func varIntRoundTrip(_ value: Int64) throws {
        var w = ByteWriter()
        w.writeVarInt(value)
        var r = ByteReader(w.bytes)
        let (v, negZero) = try r.readVarInt()
        #expect(v == value)
        #expect(!negZero)
    }

    @Test func varIntSignBitAndNegativeZero() throws {
        var w = ByteWriter()
        w.writeVarInt(-1)
        #expect(w.bytes == [0x41])
        var z = ByteWriter()
        z.writeVarInt(0, negativeZero: true)
        #expect(z.bytes == [0x40])
        var r = ByteReader(z.bytes)
        #expect(try r.readVarInt().negativeZero)
    }

    @Test func varUIntBeyond53BitsThrows() {
        var r = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: YCoreError.self) { try r.readVarUInt() }
    }

    @Test func truncatedVarUIntThrows() {
        var r = ByteReader([0x80, 0x80])
        do {
            _ = try r.readVarUInt()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unexpectedEndOfData)
        }
    }

    @Test func stringsAreUTF8AndValidated() throws {
        var w = ByteWriter()
        w.writeString("héllo 😀")
        var r = ByteReader(w.bytes)
        #expect(try r.readString() == "héllo 😀")
        // An overlong encoding of "/" and a lone continuation byte are rejected.
        for bad: [UInt8] in [[2, 0xC0, 0xAF], [1, 0x80], [3, 0xED, 0xA0, 0x80]] {
            var rb = ByteReader(bad)
            #expect(throws: YCoreError.self) { try rb.readString() }
        }
    }

    @Test func loneSurrogatesAreWrittenAsReplacementCharacters() {
        var w = ByteWriter()
        w.writeString(utf16: [0x61, 0xD83D, 0x62])
        #expect(w.bytes == [5, 0x61, 0xEF, 0xBF, 0xBD, 0x62])
    }

    @Test func anyRoundTrip() throws {
        let value = AnyValue.makeObject([
            ("s", "text"), ("i", 42), ("neg", -7), ("f32", 1.5), ("f64", 0.1), ("big", .bigint(-5)),
            ("t", true), ("f", false), ("n", .null), ("u", .undefined), ("bin", .binary([1, 2, 3])),
            ("arr", .array([1, "two", .array([])])), ("2", "index keys come first"),
        ])
        var w = ByteWriter()
        AnyCoding.write(value, to: &w)
        var r = ByteReader(w.bytes)
        let decoded = try AnyCoding.read(&r)
        #expect(decoded == value)
        guard case .object(let pairs) = decoded else {
            Issue.record("not an object")
            return
        }
        #expect(pairs.first?.0 == "2")
    }

    @Test func anyNumberEncodings() {
        func bytes(_ v: AnyValue) -> [UInt8] {
            var w = ByteWriter()
            AnyCoding.write(v, to: &w)
            return w.bytes
        }
        #expect(bytes(1) == [125, 1])
        #expect(bytes(.number(-0.0)) == [125, 0x40])
        #expect(bytes(1.5) == [124, 0x3F, 0xC0, 0, 0])
        #expect(bytes(0.1).first == 123)
        #expect(bytes(.number(4_294_967_296)).first == 124)
    }

    @Test func unknownAnyTagThrows() {
        var r = ByteReader([100])
        #expect(throws: YCoreError.self) { try AnyCoding.read(&r) }
    }

    @Test func deeplyNestedAnyThrowsInsteadOfOverflowing() {
        var r = ByteReader([UInt8](repeating: 117, count: 10_000).flatMap { [$0, 1] })
        #expect(throws: YCoreError.self) { try AnyCoding.read(&r) }
    }

    @Test func jsonTextMatchesJavaScript() throws {
        #expect(JSONText.formatNumber(1) == "1")
        #expect(JSONText.formatNumber(1.5) == "1.5")
        #expect(JSONText.formatNumber(1e21) == "1e+21")
        #expect(JSONText.formatNumber(1e20) == "100000000000000000000")
        #expect(JSONText.formatNumber(0.000001) == "0.000001")
        #expect(JSONText.formatNumber(1e-7) == "1e-7")
        #expect(JSONText.formatNumber(-0.0) == "0")
        #expect(JSONText.formatNumber(123.456) == "123.456")
        #expect(JSONText.formatNumber(5e-324) == "5e-324")
        #expect(JSONText.stringify(.string("a\"b\\\n\u{1}")) == "\"a\\\"b\\\\\\n\\u0001\"")
        #expect(
            try JSONText.parse("{\"b\":1,\"a\":[true,null,\"x\\u00e9\"]}")
                == .object([("b", 1), ("a", .array([true, .null, "xé"]))]))
        #expect(throws: YCoreError.self) { try JSONText.parse("{") }
    }

    @Test func jsonValueSerialization() {
        let v = JSONValue.object([("a", .number(1)), ("b", .array([.null, .string("é")])), ("c", .number(1e21))])
        #expect(v.serialized() == "{\"a\":1,\"b\":[null,\"é\"],\"c\":1e+21}")
        #expect(JSONValue.object([("a", .number(1)), ("b", .null)]) == .object([("b", .null), ("a", .number(1))]))
        #expect(JSONValue.from(.binary([1, 2, 3]))?.serialized() == "{\"$binary\":\"AQID\"}")
    }

    @Test func stateVectorRoundTripAndErrors() throws {
        let doc = Doc(clientID: 5)
        doc.getText("t").insert(at: 0, "abc")
        let sv = doc.encodeStateVector()
        #expect(sv == [1, 5, 3])
        #expect(try decodeStateVector(sv) == [5: 3])
        do {
            _ = try doc.encodeStateAsUpdate(from: [2, 5])
            Issue.record("expected an error")
        } catch let error as YCoreError {
            #expect(error.code == .invalidStateVector)
        }
    }
}

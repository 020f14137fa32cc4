import Testing
import YSync

@Suite("y-protocols messages")
struct SyncMessageTests {
    @Test("every message kind round-trips through its bytes")
    func roundTrip() throws {
        let messages: [SyncMessage] = [
            .syncStep1(stateVector: [1, 7, 3]), .syncStep2(update: [0, 0]), .update([1, 2, 3]),
            .awareness([0]), .permissionDenied(reason: "board is read-only in this phase"), .queryAwareness,
        ]
        for message in messages {
            #expect(try SyncMessage(decoding: message.encoded) == message)
        }
    }

    @Test("wire bytes match y-protocols")
    func wireBytes() {
        // y-protocols: writeVarUint(0) writeVarUint(0) writeVarUint8Array(sv)
        #expect(SyncMessage.syncStep1(stateVector: [0]).encoded == [0, 0, 1, 0])
        #expect(SyncMessage.update([0, 0]).encoded == [0, 2, 2, 0, 0])
        #expect(SyncMessage.queryAwareness.encoded == [3])
        #expect(SyncMessage.permissionDenied(reason: "no").encoded == [2, 0, 2, 110, 111])
    }

    @Test(
        "malformed input throws a coded error",
        arguments: [
            ([UInt8](), ProtocolError.Code.truncated), ([9], .unknownMessageType), ([0, 5, 0], .unknownSyncStep),
            ([0, 2, 9, 1], .truncated), ([0, 0, 1, 0, 0], .malformed), ([0x80], .truncated),
            ([2, 0, 2, 0xFF, 0xFE], .malformed),
        ])
    func malformed(bytes: [UInt8], code: ProtocolError.Code) {
        #expect(throws: ProtocolError.self) { try SyncMessage(decoding: bytes) }
        do {
            _ = try SyncMessage(decoding: bytes)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("awareness updates round-trip, and a removal is a null state")
    func awareness() throws {
        let update = AwarenessUpdate(entries: [
            .init(clientID: 1, clock: 3, state: #"{"user":{"name":"Léa"}}"#),
            .init(clientID: 9_007_199_254_740_991, clock: 4, state: "null"),
        ])
        let decoded = try AwarenessUpdate(decoding: update.encoded)
        #expect(decoded == update)
        #expect(decoded.entries[1].isRemoval)
        #expect(throws: ProtocolError.self) { try AwarenessUpdate(decoding: [200, 1]) }
    }
}

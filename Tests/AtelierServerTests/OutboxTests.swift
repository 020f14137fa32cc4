import NIOCore
import Testing

@testable import AtelierServer

@Suite("Outbox")
struct OutboxTests {
    @Test("messages come out in order, then nil once finished")
    func order() async {
        let outbox = Outbox(limit: 4)
        #expect(outbox.push(ByteBuffer(bytes: [1])) == .queued)
        #expect(outbox.push(ByteBuffer(bytes: [2])) == .queued)
        outbox.finish()
        var seen: [UInt8] = []
        while let item = await outbox.next() {
            if case .message(let buffer) = item { seen.append(contentsOf: buffer.readableBytesView) }
        }
        #expect(seen == [1, 2])
    }

    @Test("a full outbox drops its queue and ends with a 4408 close; later messages are refused")
    func overflow() async {
        let outbox = Outbox(limit: 2)
        #expect(outbox.push(ByteBuffer(bytes: [1])) == .queued)
        #expect(outbox.push(ByteBuffer(bytes: [2])) == .queued)
        #expect(outbox.push(ByteBuffer(bytes: [3])) == .overflowed)
        #expect(outbox.push(ByteBuffer(bytes: [4])) == .closed)
        #expect(outbox.count == 1)
        guard case .close(let code, let reason) = await outbox.next() else {
            Issue.record("expected a close")
            return
        }
        #expect(code == 4408)
        #expect(reason.contains("slow"))
    }

    @Test("a waiting writer is handed the next message directly")
    func waitingWriter() async {
        let outbox = Outbox(limit: 1)
        async let next = outbox.next()
        try? await waitUntil("writer waits") { outbox.count == 0 }
        // Push until the waiting writer has taken one (it may not be parked yet on the first push).
        #expect(outbox.push(ByteBuffer(bytes: [9])) == .queued)
        guard case .message(let buffer) = await next else {
            Issue.record("expected a message")
            return
        }
        #expect(Array(buffer.readableBytesView) == [9])
    }

    @Test("close keeps what is queued, then the close")
    func closeAfterQueue() async {
        let outbox = Outbox(limit: 8)
        _ = outbox.push(ByteBuffer(bytes: [1]))
        outbox.close(code: 4400, reason: "malformed")
        #expect(outbox.push(ByteBuffer(bytes: [2])) == .closed)
        guard case .message = await outbox.next(), case .close(let code, _) = await outbox.next() else {
            Issue.record("expected message then close")
            return
        }
        #expect(code == 4400)
    }

    @Test("a message may bypass the queue only when nothing is queued, nothing is being written, and not closing")
    func bypass() async {
        let outbox = Outbox(limit: 4)
        #expect(outbox.canBypass())
        _ = outbox.push(ByteBuffer(bytes: [1]))
        #expect(!outbox.canBypass(), "something is queued")
        _ = await outbox.next()
        #expect(!outbox.canBypass(), "the writer holds an item it has not written yet")
        outbox.close(code: 4400, reason: "malformed")
        _ = await outbox.next()
        #expect(!outbox.canBypass(), "closing")
    }
}

@Suite("Fan-out frames")
struct FanOutFrameTests {
    @Test(
        "a broadcast frame is a final, unmasked binary frame with RFC 6455's length forms",
        arguments: [0, 5, 125, 126, 200, 65535, 65536, 70000])
    func frameHeader(length: Int) {
        let payload = ByteBuffer(bytes: (0..<length).map { UInt8(truncatingIfNeeded: $0) })
        let frame = SyncConnection.encodeFrame(payload)
        let bytes = Array(frame.readableBytesView)
        #expect(bytes[0] == 0x82)
        let headerLength: Int
        switch length {
        case ..<126:
            #expect(Int(bytes[1]) == length)
            headerLength = 2
        case ...65535:
            #expect(bytes[1] == 126)
            #expect(Int(bytes[2]) << 8 | Int(bytes[3]) == length)
            headerLength = 4
        default:
            #expect(bytes[1] == 127)
            #expect(bytes[2..<10].reduce(0) { $0 << 8 | Int($1) } == length)
            headerLength = 10
        }
        #expect(bytes.count == headerLength + length)
        #expect(Array(bytes[headerLength...]) == Array(payload.readableBytesView))
    }
}

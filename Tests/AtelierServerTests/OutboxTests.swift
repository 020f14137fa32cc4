import NIOCore
import Synchronization
import Testing

@testable import AtelierServer

@Suite("Outbox")
struct OutboxTests {
    /// Counts the writer's wake-ups.
    final class Wakes: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func wake() { count.withLock { $0 += 1 } }
    }

    @Test("messages come out in order; the queue is empty then")
    func order() {
        let outbox = Outbox(limit: 4)
        #expect(outbox.push(ByteBuffer(bytes: [1])) == .queued)
        #expect(outbox.push(ByteBuffer(bytes: [2])) == .queued)
        var seen: [UInt8] = []
        while let item = outbox.take() {
            if case .message(let buffer) = item { seen.append(contentsOf: buffer.readableBytesView) }
        }
        #expect(seen == [1, 2])
        #expect(outbox.count == 0)
    }

    @Test("a full outbox drops its queue and ends with a 4408 close; later messages are refused")
    func overflow() {
        let outbox = Outbox(limit: 2)
        #expect(outbox.push(ByteBuffer(bytes: [1])) == .queued)
        #expect(outbox.push(ByteBuffer(bytes: [2])) == .queued)
        #expect(outbox.push(ByteBuffer(bytes: [3])) == .overflowed)
        #expect(outbox.push(ByteBuffer(bytes: [4])) == .closed)
        #expect(outbox.count == 1)
        guard case .close(let code, let reason) = outbox.take() else {
            Issue.record("expected a close")
            return
        }
        #expect(code == 4408)
        #expect(reason.contains("slow"))
    }

    @Test(
        "the writer is woken once per burst: when a message reaches an idle queue, and again only after it found the queue empty"
    )
    func wakeups() {
        let outbox = Outbox(limit: 8)
        let wakes = Wakes()
        _ = outbox.push(ByteBuffer(bytes: [1]))
        outbox.setWriter { wakes.wake() }
        #expect(wakes.value == 1, "a message was already waiting")
        _ = outbox.push(ByteBuffer(bytes: [2]))
        #expect(wakes.value == 1, "the writer is already draining")
        #expect(outbox.take() != nil)
        #expect(outbox.take() != nil)
        #expect(outbox.take() == nil)
        _ = outbox.push(ByteBuffer(bytes: [3]))
        #expect(wakes.value == 2, "the writer went idle")
        outbox.close(code: 4400, reason: "malformed")
        #expect(wakes.value == 2)
    }

    @Test("close keeps what is queued, then the close")
    func closeAfterQueue() {
        let outbox = Outbox(limit: 8)
        _ = outbox.push(ByteBuffer(bytes: [1]))
        outbox.close(code: 4400, reason: "malformed")
        #expect(outbox.push(ByteBuffer(bytes: [2])) == .closed)
        guard case .message = outbox.take(), case .close(let code, _) = outbox.take() else {
            Issue.record("expected message then close")
            return
        }
        #expect(code == 4400)
    }

    @Test("finishing drops what is queued and refuses the rest")
    func finish() {
        let outbox = Outbox(limit: 8)
        _ = outbox.push(ByteBuffer(bytes: [1]))
        outbox.finish()
        #expect(outbox.take() == nil)
        #expect(outbox.push(ByteBuffer(bytes: [2])) == .closed)
        #expect(!outbox.isClosing, "the client's messages before the end are still read")
    }

    @Test("a message may bypass the queue only when nothing is queued, the writer is idle, and not closing")
    func bypass() {
        let outbox = Outbox(limit: 4)
        outbox.setWriter {}
        #expect(outbox.canBypass())
        _ = outbox.push(ByteBuffer(bytes: [1]))
        #expect(!outbox.canBypass(), "something is queued")
        _ = outbox.take()
        #expect(!outbox.canBypass(), "the writer has not yet found the queue empty")
        #expect(outbox.take() == nil)
        #expect(outbox.canBypass())
        outbox.close(code: 4400, reason: "malformed")
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

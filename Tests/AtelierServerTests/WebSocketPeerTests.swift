import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing

@testable import AtelierServer

/// The socket handler alone, on NIO's testing channel: frames in, what the session was handed
/// and the frames written out. No socket, no server.
@Suite("WebSocket peer")
struct WebSocketPeerTests {
    /// A session that records what it is handed and echoes binary messages.
    final class Recorder: SocketSession {
        let outbox = Outbox(limit: 64)
        let maxMessageSize: Int
        private let log = Mutex<[String]>([])

        init(maxMessageSize: Int = 16) {
            self.maxMessageSize = maxMessageSize
        }

        var events: [String] { log.withLock { $0 } }

        func open() async { log.withLock { $0.append("open") } }

        func receive(_ message: SocketMessage) async {
            switch message {
            case .text(let text): log.withLock { $0.append("text \(text)") }
            case .binary(let buffer):
                log.withLock { $0.append("binary \(Array(buffer.readableBytesView))") }
                _ = outbox.push(buffer)
            }
        }

        func refuse(_ code: CloseCode, reason: String) async {
            log.withLock { $0.append("refuse \(code.rawValue)") }
            outbox.close(code, reason: reason)
        }

        func closed() async { log.withLock { $0.append("closed") } }
    }

    /// A peer on a testing channel, with pings every 30 s.
    func peer(_ session: Recorder) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext {
            let peer = WebSocketPeer(
                session: session, timing: .init(pingPeriod: .seconds(30), closeTimeout: .seconds(15)),
                tasks: SocketTasks())
            try channel.pipeline.syncOperations.addHandler(peer)
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1))
        return channel
    }

    func frame(_ opcode: WebSocketOpcode, _ bytes: [UInt8], fin: Bool = true, rsv1: Bool = false) -> WebSocketFrame {
        WebSocketFrame(fin: fin, rsv1: rsv1, opcode: opcode, data: ByteBuffer(bytes: bytes))
    }

    /// The close code and reason of a close frame.
    func close(of frame: WebSocketFrame) -> (UInt16?, String) {
        var data = frame.data
        let code = data.readInteger(as: UInt16.self)
        return (code, data.readString(length: data.readableBytes) ?? "")
    }

    /// Waits until the session has seen `events`, running the testing loop (which runs the jobs
    /// queued on it, the session's task among them, only when asked).
    func waitFor(_ events: [String], in session: Recorder, on channel: NIOAsyncTestingChannel) async throws {
        try await waitUntil("session saw \(events)", poll: .milliseconds(5)) {
            await channel.testingEventLoop.run()
            return session.events == events
        }
    }

    @Test("fragments make one message; a ping between them is answered with its payload")
    func fragments() async throws {
        let session = Recorder()
        let channel = try await peer(session)
        try await channel.writeInbound(frame(.binary, [1, 2], fin: false))
        try await channel.writeInbound(frame(.ping, [9, 9]))
        try await channel.writeInbound(frame(.continuation, [3], fin: true))
        let pong = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(pong.opcode == .pong && Array(pong.data.readableBytesView) == [9, 9])
        try await waitFor(["open", "binary [1, 2, 3]"], in: session, on: channel)
        let echo = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(echo.opcode == .binary && Array(echo.data.readableBytesView) == [1, 2, 3])
    }

    @Test("a message over the limit is refused with 1009 after the one before it, and nothing more is read or answered")
    func tooBig() async throws {
        let session = Recorder(maxMessageSize: 4)
        let channel = try await peer(session)
        try await channel.writeInbound(frame(.binary, [1]))
        try await channel.writeInbound(frame(.binary, [1, 2, 3], fin: false))
        try await channel.writeInbound(frame(.continuation, [4, 5], fin: true))
        try await channel.writeInbound(frame(.ping, [7]))
        try await channel.writeInbound(frame(.binary, [2]))
        try await waitFor(["open", "binary [1]", "refuse 1009"], in: session, on: channel)
        let echo = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(echo.opcode == .binary)
        let closing = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(closing.opcode == .connectionClose)
        #expect(close(of: closing).0 == 1009)
        #expect(close(of: closing).1 == "message exceeds 4 bytes")
        #expect(
            try await channel.readOutbound(as: WebSocketFrame.self) == nil, "the ping after the refusal is not answered"
        )
    }

    /// A frame as a test case writes it: opcode, payload, FIN, RSV1.
    typealias RawFrame = (opcode: UInt8, bytes: [UInt8], fin: Bool, rsv1: Bool)

    static let framingCases: [(String, [RawFrame], UInt16)] = [
        ("reserved bit", [(0x2, [1], true, true)], 1002),
        ("continuation first", [(0x0, [1], true, false)], 1002),
        ("message inside a message", [(0x2, [1], false, false), (0x1, [2], true, false)], 1002),
        ("reserved opcode", [(0x3, [1], true, false)], 1002),
        ("fragmented ping", [(0x9, [1], false, false)], 1002),
        ("text that is not UTF-8", [(0x1, [0xC3, 0x28], true, false)], 1007),
    ]

    @Test("framing errors close with 1002 or 1007", arguments: framingCases)
    func framing(_ name: String, _ frames: [RawFrame], _ code: UInt16) async throws {
        let session = Recorder()
        let channel = try await peer(session)
        for (raw, bytes, fin, rsv1) in frames {
            let opcode = WebSocketOpcode(encodedWebSocketOpcode: raw)!
            try await channel.writeInbound(frame(opcode, bytes, fin: fin, rsv1: rsv1))
        }
        let closing = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(closing.opcode == .connectionClose, "\(name)")
        #expect(close(of: closing).0 == code, "\(name)")
        try await waitUntil("refused") { session.events.last == "refuse \(code)" }
    }

    /// Close bodies and the answer each gets: none, 1000, 4000 "ok", one byte, 1005 (never sent),
    /// a reason that is not UTF-8, 5000.
    static let closeCases: [([UInt8], UInt16)] = [
        ([], 1000), ([0x03, 0xE8], 1000), ([0x0F, 0xA0, 0x6F, 0x6B], 1000), ([0x03], 1002),
        ([0x03, 0xED], 1002), ([0x03, 0xE8, 0xC3, 0x28], 1002), ([0x13, 0x88], 1002),
    ]

    @Test(
        "a client's close is answered (1000, or 1002 when malformed) after the messages before it are handled",
        arguments: closeCases)
    func clientClose(_ body: [UInt8], _ answer: UInt16) async throws {
        let session = Recorder()
        let channel = try await peer(session)
        try await channel.writeInbound(frame(.text, Array("hi".utf8)))
        try await channel.writeInbound(frame(.connectionClose, body))
        let reply = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(reply.opcode == .connectionClose)
        #expect(close(of: reply).0 == answer)
        try await waitUntil("the channel is closed") { !channel.isActive }
        try await waitFor(["open", "text hi", "closed"], in: session, on: channel)
    }

    @Test("an idle client is pinged every 30 s and closed (1001) when it has not answered by the next ping")
    func pings() async throws {
        let session = Recorder()
        let channel = try await peer(session)
        await channel.testingEventLoop.advanceTime(by: .seconds(30))
        let ping = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(ping.opcode == .ping)
        try await channel.writeInbound(frame(.pong, Array(ping.data.readableBytesView)))
        await channel.testingEventLoop.advanceTime(by: .seconds(30))
        let second = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(second.opcode == .ping, "the first was answered")
        await channel.testingEventLoop.advanceTime(by: .seconds(30))
        let closing = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(closing.opcode == .connectionClose)
        #expect(close(of: closing) == (1001, "ping timeout"))
        await channel.testingEventLoop.advanceTime(by: .seconds(15))
        try await waitUntil("the channel is closed") { !channel.isActive }
    }

    @Test("what the session queues is written in order; a close from the outbox ends the writing")
    func outbox() async throws {
        let session = Recorder()
        let channel = try await peer(session)
        _ = session.outbox.push(ByteBuffer(bytes: [1]))
        _ = session.outbox.push(text: "two")
        session.outbox.close(.forbidden, reason: "you may not read this board now")
        #expect(session.outbox.push(ByteBuffer(bytes: [3])) == .closed)
        let first = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        let second = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        let third = try await channel.waitForOutboundWrite(as: WebSocketFrame.self)
        #expect(first.opcode == .binary && second.opcode == .text && third.opcode == .connectionClose)
        #expect(close(of: third) == (4403, "you may not read this board now"))
        try await channel.writeInbound(frame(.connectionClose, [0x03, 0xE8]))
        try await waitUntil("the channel is closed once the client answered") { !channel.isActive }
    }

    /// Counts the reads that reach the head of the pipeline (those the peer lets through).
    final class ReadCounter: ChannelOutboundHandler, Sendable {
        typealias OutboundIn = Any
        private let count = Atomic(0)
        var reads: Int { count.load(ordering: .relaxed) }
        func read(context: ChannelHandlerContext) {
            count.add(1, ordering: .relaxed)
            context.read()
        }
    }

    /// A session whose handling of messages waits until it is let go.
    final class Gated: SocketSession {
        let outbox = Outbox(limit: 64)
        let maxMessageSize = 16
        private let handled = Mutex(0)
        private let gate: AsyncStream<Void>
        private let open: AsyncStream<Void>.Continuation

        init() {
            (gate, open) = AsyncStream.makeStream(of: Void.self)
        }

        var count: Int { handled.withLock { $0 } }
        func release() { open.finish() }
        func open() async {
            for await _ in gate {}
        }
        func receive(_ message: SocketMessage) async { handled.withLock { $0 += 1 } }
    }

    @Test("while the session is behind by more than 32 messages, the socket is not read; it is again once it caught up")
    func backpressure() async throws {
        let session = Gated()
        let counter = ReadCounter()
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(counter)
            try channel.pipeline.syncOperations.addHandler(
                WebSocketPeer(session: session, timing: .init(pingPeriod: nil), tasks: SocketTasks()))
        }
        for i in 0..<40 {
            try await channel.writeInbound(frame(.binary, [UInt8(i)]))
        }
        let before = counter.reads
        channel.pipeline.read()
        await channel.testingEventLoop.run()
        #expect(counter.reads == before, "the read is held")
        session.release()
        try await waitUntil("every message handled", poll: .milliseconds(5)) {
            await channel.testingEventLoop.run()
            return session.count == 40
        }
        try await waitUntil("the held read goes through", poll: .milliseconds(5)) {
            await channel.testingEventLoop.run()
            return counter.reads > before
        }
    }
}

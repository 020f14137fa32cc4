import Foundation
import NIOCore
import NIOPosix
import NIOWebSocket
import Testing
import Workshop

@testable import AtelierServer

/// The fan-out's direct write (`SyncConnection.sendNow`) on a real loopback TCP connection: it
/// sends only when NIO holds nothing unsent for the channel, so no byte overtakes another.
@Suite("Fan-out writes on a socket")
struct FanOutSocketTests {
    @Test("a frame goes straight to the socket when NIO holds nothing, after NIO's bytes otherwise")
    func order() async throws {
        let pair = try await SocketPair.make()
        defer { pair.shutdown() }
        let connection = await pair.connection()
        let first = SyncConnection.encodeFrame(ByteBuffer(bytes: [1, 2, 3]))
        let second = SyncConnection.encodeFrame(ByteBuffer(bytes: [4, 5]))
        let third = SyncConnection.encodeFrame(ByteBuffer(bytes: [6]))

        let steps = try await pair.server.eventLoop.submit { () -> [String] in
            var steps: [String] = []
            // Nothing held: the frame is sent with one send(2).
            steps.append("direct \(connection.sendNow(first) ?? -1)")
            // NIO holds an unflushed write: the frame must not overtake it.
            pair.server.write(
                WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(string: "held")), promise: nil)
            steps.append("while held \(connection.sendNow(second).map(String.init) ?? "nil")")
            steps.append("fan-out \(connection.writeFanOutFrame(second, payload: ByteBuffer(bytes: [4, 5])))")
            pair.server.flush()
            return steps
        }.get()
        #expect(steps == ["direct \(first.readableBytes)", "while held nil", "fan-out true"])

        // Once NIO has written everything, the direct path is open again.
        let held = SyncConnection.encodeFrame(ByteBuffer(string: "held"))
        let expected = [first, held, second].flatMap { Array($0.readableBytesView) }
        try await pair.received.wait(forCount: expected.count)
        let sentAgain = try await pair.server.eventLoop.submit { connection.sendNow(third) }.get()
        #expect(sentAgain == third.readableBytes)
        try await pair.received.wait(forCount: expected.count + third.readableBytes)
        #expect(pair.received.bytes == expected + Array(third.readableBytesView))
    }

    @Test("a closed channel is never written directly")
    func closed() async throws {
        let pair = try await SocketPair.make()
        defer { pair.shutdown() }
        let connection = await pair.connection()
        let frame = SyncConnection.encodeFrame(ByteBuffer(bytes: [1]))
        #expect(try await pair.server.eventLoop.submit { connection.sendNow(frame) }.get() == frame.readableBytes)
        try await pair.server.close()
        #expect(try await pair.server.eventLoop.submit { connection.sendNow(frame) }.get() == nil)
    }

    @Test("bytes NIO held before the connection was prepared keep the direct path shut until written")
    func heldBeforePreparing() async throws {
        let pair = try await SocketPair.make()
        defer { pair.shutdown() }
        let held = SyncConnection.encodeFrame(ByteBuffer(string: "held"))
        try await pair.server.eventLoop.submit {
            pair.server.write(
                WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(string: "held")), promise: nil)
        }.get()
        let connection = await pair.connection()
        let frame = SyncConnection.encodeFrame(ByteBuffer(bytes: [7]))
        #expect(try await pair.server.eventLoop.submit { connection.sendNow(frame) }.get() == nil)
        try await pair.server.eventLoop.submit { pair.server.flush() }.get()
        try await pair.received.wait(forCount: held.readableBytes)
        #expect(try await pair.server.eventLoop.submit { connection.sendNow(frame) }.get() == frame.readableBytes)
        try await pair.received.wait(forCount: held.readableBytes + frame.readableBytes)
        #expect(pair.received.bytes == Array(held.readableBytesView) + Array(frame.readableBytesView))
    }
}

/// A loopback TCP connection made with NIO: the accepted side (with a WebSocket frame encoder, as
/// on the hub's sockets) and what the connecting side received.
private struct SocketPair {
    let group: MultiThreadedEventLoopGroup
    let listener: any Channel
    let server: any Channel
    let client: any Channel
    let received: Received

    static func make() async throws -> SocketPair {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let accepted = group.next().makePromise(of: (any Channel).self)
        let listener = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                accepted.succeed(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let received = Received()
        let client = try await ClientBootstrap(group: group)
            .channelInitializer { $0.pipeline.addHandler(Collector(received: received)) }
            .connect(to: listener.localAddress!).get()
        let server = try await accepted.futureResult.get()
        return SocketPair(group: group, listener: listener, server: server, client: client, received: received)
    }

    /// A sync connection on the accepted side, prepared for the fan-out's direct writes.
    func connection() async -> SyncConnection {
        let connection = SyncConnection(
            id: 1, caller: RoomCaller(caller: Caller(role: .facilitator, id: "facilitator")), outboxLimit: 4,
            channel: server)
        await connection.prepareFanOut()
        return connection
    }

    func shutdown() {
        try? group.syncShutdownGracefully()
    }
}

/// The bytes a client received, in order.
private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [UInt8] = []

    var bytes: [UInt8] { lock.withLock { stored } }

    func append(_ buffer: ByteBuffer) {
        lock.withLock { stored += buffer.readableBytesView }
    }

    /// Waits (up to 10 s) until `count` bytes have arrived.
    func wait(forCount count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while bytes.count < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(bytes.count) of \(count) bytes arrived")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

private final class Collector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let received: Received

    init(received: Received) { self.received = received }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received.append(unwrapInboundIn(data))
    }
}

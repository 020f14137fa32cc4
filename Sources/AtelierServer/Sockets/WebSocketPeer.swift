import NIOCore
import NIOWebSocket

/// One upgraded WebSocket, served by NIO handlers alone: it puts frames together into messages
/// for its session (``SocketInbox``), answers pings, pings an idle peer, runs the closing
/// handshake, and drains the session's ``Outbox`` to the socket. Confined to the channel's event
/// loop.
///
/// An open socket holds no task: the session's work runs in a task only while messages wait, and
/// writes happen on the event loop. (Hummingbird's WebSocket handler keeps a task per connection,
/// plus one to ping and one to write; their memory was most of a connection's 35 KiB,
/// docs/BENCHMARKS.md.)
///
/// Framing follows RFC 6455: reserved bits and opcodes, a continuation without a message or a
/// new message inside one, and a control frame split in fragments close with 1002; a message
/// over the session's limit with 1009; a text message that is not UTF-8 with 1007. Frame-level
/// errors (a control frame over 125 bytes, a frame over the decoder's limit) are answered by
/// NIO's `WebSocketProtocolErrorHandler`, which sits before this handler.
final class WebSocketPeer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Timings of the socket.
    struct Timing: Sendable {
        /// How often an idle peer is pinged; a peer that has not answered the previous ping by
        /// the next one is closed (1001). Nil: never.
        var pingPeriod: TimeAmount? = .seconds(30)
        /// How long the peer may take to answer a close before the connection is dropped.
        var closeTimeout: TimeAmount = .seconds(15)
    }

    private let session: any SocketSession
    private let timing: Timing
    private let tasks: SocketTasks
    private var inbox: SocketInbox?
    private var context: ChannelHandlerContext?
    /// The message being put together from fragments.
    private var partial: (opcode: WebSocketOpcode, buffer: ByteBuffer)?
    /// A refusal is queued: data frames are no longer read.
    private var refusing = false
    private var closeSent = false
    private var closeReceived = false
    private var closeTimer: Scheduled<Void>?
    private var pingTimer: RepeatedTask?
    /// The payload of the ping not yet answered.
    private var pendingPing: ByteBuffer?
    /// A read the inbox asked to hold.
    private var heldRead = false

    init(session: any SocketSession, timing: Timing, tasks: SocketTasks) {
        self.session = session
        self.timing = timing
        self.tasks = tasks
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let loop = context.eventLoop
        let peer = NIOLoopBound(self, eventLoop: loop)
        let inbox = SocketInbox(session: session, loop: loop, tasks: tasks) {
            loop.execute { peer.value.resumeReading() }
        }
        self.inbox = inbox
        session.outbox.setWriter {
            loop.execute { peer.value.drainOutbox() }
        }
        if let period = timing.pingPeriod {
            pingTimer = loop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
                peer.value.ping()
            }
        }
        inbox.push(.open)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimers()
        self.context = nil
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        // After a refusal or a close only the peer's close is read: a failed connection answers
        // nothing more, not even a ping.
        if (closeSent || refusing) && frame.opcode != .connectionClose { return }
        guard frame.reservedBits.isEmpty else {
            return fail(.protocolError, "reserved bits set without an extension")
        }
        switch frame.opcode {
        case .ping:
            guard frame.fin else { return fail(.protocolError, "a fragmented ping") }
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .pong:
            guard frame.fin else { return fail(.protocolError, "a fragmented pong") }
            if frame.unmaskedData == pendingPing { pendingPing = nil }
        case .connectionClose:
            receivedClose(frame, context: context)
        case .text, .binary:
            guard partial == nil else { return fail(.protocolError, "a new message inside a fragmented one") }
            partial = (frame.opcode, frame.unmaskedData)
            appended(fin: frame.fin)
        case .continuation:
            guard partial != nil else {
                return fail(.protocolError, "a continuation frame without a message to continue")
            }
            var data = frame.unmaskedData
            partial?.buffer.writeBuffer(&data)
            appended(fin: frame.fin)
        default:
            fail(.protocolError, "reserved opcode \(frame.opcode)")
        }
    }

    /// A data frame was added to the message being put together.
    private func appended(fin: Bool) {
        guard let (opcode, buffer) = partial else { return }
        let limit = session.maxMessageSize
        guard buffer.readableBytes <= limit else { return fail(.messageTooBig, "message exceeds \(limit) bytes") }
        guard fin else { return }
        partial = nil
        let message: SocketMessage
        if opcode == .text {
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                return fail(.invalidPayload, "invalid UTF-8 in a text message")
            }
            message = .text(text)
        } else {
            message = .binary(buffer)
        }
        deliver(.message(message))
    }

    /// Refuses what the peer sent: the session closes the socket after the messages before it,
    /// and nothing more is read.
    private func fail(_ code: CloseCode, _ reason: String) {
        guard !refusing else { return }
        refusing = true
        partial = nil
        deliver(.refuse(code, reason))
    }

    private func deliver(_ event: SocketInbox.Event) {
        inbox?.push(event)
    }

    func read(context: ChannelHandlerContext) {
        if inbox?.isPaused ?? false {
            heldRead = true
        } else {
            context.read()
        }
    }

    private func resumeReading() {
        guard heldRead, let context else { return }
        heldRead = false
        context.read()
    }

    /// The peer closes: answer with a close (1000, or 1002 for a malformed close: a one-byte
    /// body, a code no endpoint may send, a reason that is not UTF-8), then drop the connection.
    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        guard !closeReceived else { return }
        closeReceived = true
        if closeSent {
            context.close(promise: nil)
            return
        }
        var body = frame.unmaskedData
        var code = CloseCode.normal.rawValue
        if body.readableBytes == 1 {
            code = CloseCode.protocolError.rawValue
        } else if let received = body.readInteger(as: UInt16.self) {
            let valid =
                (1000...1003).contains(received) || (1007...1011).contains(received)
                || (3000...4999).contains(received)
            if !valid || String(validating: body.readableBytesView, as: UTF8.self) == nil {
                code = CloseCode.protocolError.rawValue
            }
        }
        sendClose(code: code, reason: "", context: context)
    }

    // MARK: Writing

    /// Writes what the outbox holds while the socket takes it; resumes when it is writable
    /// again. A close ends the writing.
    private func drainOutbox() {
        guard let context else { return }
        var wrote = false
        while !closeSent, context.channel.isWritable, let item = session.outbox.take() {
            switch item {
            case .message(let buffer):
                context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: buffer)), promise: nil)
                wrote = true
            case .text(let text):
                var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
                buffer.writeString(text)
                context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
                wrote = true
            case .close(let code, let reason):
                sendClose(code: code, reason: reason, context: context)
                wrote = false
            }
        }
        if wrote { context.flush() }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { drainOutbox() }
        context.fireChannelWritabilityChanged()
    }

    /// Sends a close frame (the reason cut to the 123 bytes a close may carry). The connection
    /// is dropped once the peer has answered, or after the close timeout.
    private func sendClose(code: UInt16, reason: String, context: ChannelHandlerContext) {
        guard !closeSent else { return }
        closeSent = true
        session.outbox.finish()
        var body = context.channel.allocator.buffer(capacity: 2 + min(reason.utf8.count, 123))
        body.writeInteger(code)
        var cut = Substring(reason)
        while cut.utf8.count > 123 { cut = cut.dropLast() }
        body.writeString(String(cut))
        let written = context.writeAndFlush(
            wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: body)))
        let channel = context.channel
        if closeReceived {
            written.whenComplete { _ in channel.close(promise: nil) }
        } else {
            closeTimer = context.eventLoop.scheduleTask(in: timing.closeTimeout) { channel.close(promise: nil) }
        }
    }

    private func ping() {
        guard let context, !closeSent else { return }
        if pendingPing != nil {
            session.outbox.close(.goingAway, reason: "ping timeout")
            let channel = context.channel
            context.eventLoop.scheduleTask(in: timing.closeTimeout) { channel.close(promise: nil) }
            return
        }
        var payload = context.channel.allocator.buffer(capacity: 8)
        payload.writeInteger(UInt64.random(in: .min ... .max))
        pendingPing = payload
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: payload)), promise: nil)
    }

    // MARK: Lifecycle

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            session.outbox.close(.goingAway, reason: "server shutting down")
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimers()
        session.outbox.finish()
        deliver(.closed)
        inbox = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Framing errors were answered by NIO's protocol error handler; I/O errors end the
        // connection.
        if !(error is NIOWebSocketError) { context.close(promise: nil) }
    }

    private func stopTimers() {
        pingTimer?.cancel()
        pingTimer = nil
        closeTimer?.cancel()
        closeTimer = nil
    }
}

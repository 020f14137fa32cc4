import Foundation
import NIOCore
import NIOWebSocket

/// One open `/sync` WebSocket: who it is, and its outbox.
///
/// The room appends to the outbox; the connection's own writer task drains it to the socket.
final class SyncConnection: Sendable, Identifiable {
    /// A process-unique id, for logs and the room's table.
    let id: UInt64
    /// Who the connection acts for.
    let caller: RoomCaller
    /// The participant id stored as each update's sender.
    var participant: String { caller.participant }
    /// Outgoing messages.
    let outbox: Outbox
    /// The socket's channel: fan-out writes to it directly when the connection keeps up, and
    /// it is closed by force when a stalled client never takes its close frame.
    let channel: (any Channel)?
    /// How long a connection given up as too slow may take to receive its close frame.
    private let closeGrace: TimeAmount
    /// The pipeline context of the WebSocket frame encoder, found on first use: fan-out writes
    /// a frame it encoded once for every recipient below the encoder.
    private let encoderContext: NIOLoopBoundBox<ChannelHandlerContext?>?

    /// Makes a connection with an outbox of `outboxLimit` messages.
    init(
        id: UInt64, caller: RoomCaller, outboxLimit: Int, channel: (any Channel)? = nil,
        closeGrace: TimeAmount = .seconds(30)
    ) {
        self.id = id
        self.caller = caller
        self.outbox = Outbox(limit: outboxLimit)
        self.channel = channel
        self.closeGrace = closeGrace
        self.encoderContext = channel.map {
            .makeEmptyBox(valueType: ChannelHandlerContext.self, eventLoop: $0.eventLoop)
        }
    }

    /// Writes a complete WebSocket frame (see ``SyncConnection/encodeFrame(_:)``) straight to the
    /// socket, below the frame encoder. Only on the channel's event loop, and only when the
    /// outbox may be bypassed.
    func writeEncodedFrame(_ frame: ByteBuffer, payload: ByteBuffer) {
        guard let channel, let box = encoderContext else { return }
        if box.value == nil {
            box.value = try? channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        }
        if let context = box.value {
            context.writeAndFlush(NIOAny(frame), promise: nil)
        } else {
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .binary, data: payload), promise: nil)
        }
    }

    /// An unmasked, final binary WebSocket frame holding `payload` (RFC 6455 §5.2), as a
    /// server sends it.
    static func encodeFrame(_ payload: ByteBuffer) -> ByteBuffer {
        let n = payload.readableBytes
        var frame = ByteBuffer()
        frame.reserveCapacity(n + 10)
        frame.writeInteger(UInt8(0x82))  // FIN, binary
        if n < 126 {
            frame.writeInteger(UInt8(n))
        } else if n <= Int(UInt16.max) {
            frame.writeInteger(UInt8(126))
            frame.writeInteger(UInt16(n))
        } else {
            frame.writeInteger(UInt8(127))
            frame.writeInteger(UInt64(n))
        }
        var payload = payload
        frame.writeBuffer(&payload)
        return frame
    }

    /// The outbox overflowed and now ends with a 4408 close; if the client does not even take
    /// that within the grace period, the TCP connection is closed under it.
    func outboxOverflowed() {
        guard let channel else { return }
        channel.eventLoop.scheduleTask(in: closeGrace) {
            channel.close(promise: nil)
        }
    }

    /// Queues a message; returns false when the connection overflowed or is closing.
    @discardableResult
    func send(_ buffer: ByteBuffer) -> Outbox.PushResult {
        outbox.push(buffer)
    }

    /// Closes the connection after what is queued, with a code and a reason.
    func close(code: UInt16, reason: String) {
        outbox.close(code: code, reason: reason)
    }
}

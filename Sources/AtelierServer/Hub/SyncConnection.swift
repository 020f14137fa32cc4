import Foundation
import NIOCore
import NIOWebSocket

#if canImport(Glibc)
    import Glibc
#endif

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
    /// The channel's socket descriptor, found on first use (see ``sendNow(_:)``).
    private let socket: NIOLoopBoundBox<CInt>?

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
        self.socket = channel.map { .makeBoxSendingValue(Self.unknownSocket, eventLoop: $0.eventLoop) }
    }

    /// Writes a complete WebSocket frame (see ``SyncConnection/encodeFrame(_:)``) of the fan-out
    /// to the socket, below the frame encoder; false when the socket takes nothing now and NIO
    /// holds enough for it already (not writable): the caller then queues the message in the
    /// outbox. Only on the channel's event loop, and only when the outbox may be bypassed.
    ///
    /// When NIO holds nothing unsent for the channel, the frame goes out with one `send(2)` on
    /// the socket (``sendNow(_:)``); what the socket does not take, or all of it when NIO still
    /// holds bytes, goes through the pipeline, which keeps the order and waits for the socket to
    /// drain.
    func writeFanOutFrame(_ frame: ByteBuffer, payload: ByteBuffer) -> Bool {
        guard let channel, let box = encoderContext else { return false }
        var rest = frame
        if let sent = sendNow(frame) {
            if sent == frame.readableBytes { return true }
            rest.moveReaderIndex(forwardBy: sent)
        } else if !channel.isWritable {
            return false
        }
        if box.value == nil {
            box.value = try? channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        }
        if let context = box.value {
            context.writeAndFlush(NIOAny(rest), promise: nil)
        } else if rest.readableBytes == frame.readableBytes {
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .binary, data: payload), promise: nil)
        } else {
            // Cannot happen (a socket without the frame encoder is not a WebSocket), but a frame
            // cut in two must not be left that way.
            channel.close(promise: nil)
        }
        return true
    }

    /// Sends `frame` on the channel's socket with one non-blocking `send(2)`, if NIO holds no
    /// unsent bytes for it (anything sent now would overtake them). Returns how many bytes the
    /// socket took, or nil when nothing was sent: bytes held, no open socket, or the send failed
    /// (a full socket, a reset peer), which the pipeline then meets and handles as usual.
    ///
    /// Only on the channel's event loop. The descriptor is asked of NIO once
    /// (`withUnsafeTransportIfAvailable`, whose cast costs more than the send) and kept: NIO
    /// closes the socket only on this loop, after which the channel is no longer active, so
    /// while it is active here the descriptor is still this channel's socket.
    ///
    /// This skips the pipeline's per-write work, a quarter of the fan-out's CPU time in a profile
    /// (docs/DECISIONS.md, "Fan-out"). Atelier serves plain HTTP (TLS ends at a proxy),
    /// so no handler below the frame encoder changes the bytes.
    func sendNow(_ frame: ByteBuffer) -> Int? {
        #if os(Linux)
            return sendNowOnLinux(frame)
        #else
            return nil
        #endif
    }

    #if os(Linux)
        private func sendNowOnLinux(_ frame: ByteBuffer) -> Int? {
            guard let channel, let box = socket, channel.isActive else { return nil }
            if box.value == Self.unknownSocket {
                box.value =
                    (try? channel.pipeline.syncOperations.withUnsafeTransportIfAvailable(
                        of: NIOBSDSocket.Handle.self, { $0 })) ?? Self.noSocket
            }
            let socket = box.value
            guard socket >= 0, (try? channel.syncOptions?.getOption(.bufferedWritableBytes)) == 0 else { return nil }
            let sent = frame.withUnsafeReadableBytes { bytes in
                Glibc.send(socket, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            return sent >= 0 ? sent : nil
        }
    #endif

    private static let unknownSocket: CInt = -2
    private static let noSocket: CInt = -1

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

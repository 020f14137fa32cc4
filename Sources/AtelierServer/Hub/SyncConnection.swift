import Foundation
import NIOCore
import NIOWebSocket

/// One open `/sync` WebSocket: who it is, and its outbox.
///
/// The room appends to the outbox, or writes to the socket directly when the connection keeps up
/// (``writeFanOutFrame(_:payload:)``); the socket's ``WebSocketPeer`` drains the outbox.
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
    /// What the fan-out needs to write to the socket itself (``prepareFanOut()``); nil until
    /// then, or when the channel has no socket to offer.
    private let direct: NIOLoopBoundBox<DirectWrites?>?

    /// Makes a connection with an outbox of `outboxLimit` messages.
    convenience init(
        id: UInt64, caller: RoomCaller, outboxLimit: Int, channel: (any Channel)? = nil,
        closeGrace: TimeAmount = .seconds(30)
    ) {
        self.init(id: id, caller: caller, outbox: Outbox(limit: outboxLimit), channel: channel, closeGrace: closeGrace)
    }

    /// Makes a connection that sends through `outbox` (drained by the socket's ``WebSocketPeer``).
    init(id: UInt64, caller: RoomCaller, outbox: Outbox, channel: (any Channel)?, closeGrace: TimeAmount) {
        self.id = id
        self.caller = caller
        self.outbox = outbox
        self.channel = channel
        self.closeGrace = closeGrace
        self.direct = channel.map { .makeEmptyBox(valueType: DirectWrites.self, eventLoop: $0.eventLoop) }
    }

    /// Gets the connection ready for the fan-out's direct writes, on the channel's loop: finds
    /// the socket and the frame encoder, and puts an ``UnsentBytes`` counter next to the head of
    /// the pipeline. Without it (no channel, not a socket, already closed) the fan-out writes
    /// through the pipeline.
    func prepareFanOut() async {
        guard let channel, let box = direct else { return }
        try? await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            guard channel.isActive,
                let socket = try pipeline.withUnsafeTransportIfAvailable(of: NIOBSDSocket.Handle.self, { $0 }),
                let held = try channel.syncOptions?.getOption(.bufferedWritableBytes)
            else { return }
            let encoder = try pipeline.context(handlerType: WebSocketFrameEncoder.self)
            let unsent = UnsentBytes(held: held)
            try pipeline.addHandler(unsent, position: .first)
            box.value = DirectWrites(socket: socket, encoder: encoder, unsent: unsent)
        }.get()
    }

    /// Writes a complete WebSocket frame (see ``SyncConnection/encodeFrame(_:)``) of the fan-out;
    /// false when the socket takes nothing now and NIO already holds enough for it (not
    /// writable): the caller then queues the message in the outbox. Only on the channel's event
    /// loop, and only when the outbox may be bypassed.
    ///
    /// When NIO holds nothing unsent for the channel, the frame goes out with one `send(2)` on
    /// the socket (``sendNow(_:)``); what the socket does not take, or all of it when NIO still
    /// holds bytes, goes through the pipeline below the frame encoder, which keeps the order and
    /// waits for the socket to drain.
    func writeFanOutFrame(_ frame: ByteBuffer, payload: ByteBuffer) -> Bool {
        guard let channel else { return false }
        guard let direct = direct?.value else {
            guard channel.isWritable else { return false }
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .binary, data: payload), promise: nil)
            return true
        }
        var rest = frame
        if let sent = direct.send(frame, on: channel) {
            if sent == frame.readableBytes { return true }
            rest.moveReaderIndex(forwardBy: sent)
        } else if !channel.isWritable {
            return false
        }
        direct.encoder.writeAndFlush(NIOAny(rest), promise: nil)
        return true
    }

    /// Sends `frame` with one `send(2)` if NIO holds nothing unsent for the channel; see
    /// ``DirectWrites/send(_:on:)``. Only on the channel's event loop.
    func sendNow(_ frame: ByteBuffer) -> Int? {
        guard let channel, let direct = direct?.value else { return nil }
        return direct.send(frame, on: channel)
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
    func close(_ code: CloseCode, reason: String) {
        outbox.close(code, reason: reason)
    }
}

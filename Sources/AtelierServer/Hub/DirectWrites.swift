import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// A connection's socket as the fan-out writes to it, bypassing NIO's per-write path (a quarter
/// of the fan-out's CPU time in a profile; docs/DECISIONS.md, "Fan-out"). Confined to the
/// channel's event loop.
///
/// The descriptor comes from NIO's `withUnsafeTransportIfAvailable`, asked once: NIO closes the
/// socket only on this loop, after which the channel is no longer active, so while it is active
/// here the descriptor is still this channel's socket. Atelier serves plain HTTP (TLS ends at a
/// proxy), so no handler below the frame encoder changes the bytes.
final class DirectWrites {
    /// The channel's socket.
    let socket: NIOBSDSocket.Handle
    /// The WebSocket frame encoder's context: what the socket does not take goes on below it.
    let encoder: ChannelHandlerContext
    /// What NIO holds for the socket.
    let unsent: UnsentBytes

    init(socket: NIOBSDSocket.Handle, encoder: ChannelHandlerContext, unsent: UnsentBytes) {
        self.socket = socket
        self.encoder = encoder
        self.unsent = unsent
    }

    /// Sends `frame` with one non-blocking `send(2)`, if NIO holds no unsent byte for the socket
    /// (anything sent now would overtake it). Returns how many bytes the socket took, or nil when
    /// nothing was sent: bytes held, the channel closed, or the send failed (a full socket, a
    /// reset peer), which the pipeline then meets and handles as usual.
    func send(_ frame: ByteBuffer, on channel: any Channel) -> Int? {
        #if os(Linux)
            guard channel.isActive, unsent.isEmpty(on: channel) else { return nil }
            let sent = frame.withUnsafeReadableBytes { bytes in
                Glibc.send(socket, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            return sent >= 0 ? sent : nil
        #else
            return nil
        #endif
    }
}

/// Counts the bytes written into a channel's pipeline that NIO has not yet handed to the socket.
/// It sits next to the head of the pipeline, so every write passes it; a write leaves the count
/// when its promise completes (written, or failed because the channel closed).
///
/// NIO's own figure (`ChannelOptions.bufferedWritableBytes`) gives the same number, but asking
/// for it goes through a chain of dynamic casts: 6 % of the server's time during a fan-out. It is
/// asked only for bytes NIO already held when the counter was added, whose writes it never saw.
final class UnsentBytes: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// Bytes written through this handler that the socket has not taken yet.
    private var count = 0
    /// Whether NIO held bytes when the handler was added (until NIO says they are gone).
    private var heldBefore: Bool

    /// A counter for a channel where NIO holds `held` bytes already.
    init(held: Int) {
        heldBefore = held > 0
    }

    /// Whether NIO holds nothing unsent for `channel`. On the channel's event loop.
    func isEmpty(on channel: any Channel) -> Bool {
        guard count == 0 else { return false }
        if heldBefore {
            guard (try? channel.syncOptions?.getOption(.bufferedWritableBytes)) == 0 else { return false }
            heldBefore = false
        }
        return true
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data).readableBytes
        count += bytes
        let written = promise ?? context.eventLoop.makePromise()
        written.futureResult.assumeIsolated().whenComplete { _ in self.count -= bytes }
        context.write(data, promise: written)
    }
}

import Foundation
import NIOCore

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

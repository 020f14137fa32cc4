import Foundation
import NIOCore

/// A whole message read from a WebSocket (its frames put together).
enum SocketMessage: Sendable {
    /// A text message, valid UTF-8.
    case text(String)
    /// A binary message.
    case binary(ByteBuffer)
}

/// What one open WebSocket serves (a board's sync, the session's live channel, the echo).
///
/// Its ``WebSocketPeer`` reads the socket on the channel's event loop and hands the session its
/// events in order, one at a time (``SocketInbox``): ``open()`` first, then each message, then
/// ``closed()``. What the session sends goes through its ``outbox``, which the peer drains.
protocol SocketSession: AnyObject, Sendable {
    /// The connection's outgoing messages.
    var outbox: Outbox { get }
    /// The largest message the session accepts; a larger one closes the socket with 1009.
    var maxMessageSize: Int { get }
    /// Admits the connection (authorization, joining a room) before any message is handled;
    /// refusing means closing the outbox with a code and a reason.
    func open() async
    /// Handles one message; after a close is queued, later messages are dropped unread.
    func receive(_ message: SocketMessage) async
    /// Closes the connection for a message it should not have sent (bad framing, too big,
    /// invalid UTF-8), in order after the messages before it.
    func refuse(_ code: CloseCode, reason: String) async
    /// The socket is closed; called once, after every other event.
    func closed() async
}

extension SocketSession {
    func refuse(_ code: CloseCode, reason: String) async {
        outbox.close(code, reason: reason)
    }

    func closed() async {}
}

/// The upgrade request of a WebSocket, as the endpoints see it.
struct SocketRequest: Sendable {
    /// The path, without the query.
    let path: String
    /// The query's parameters, percent-decoded.
    let query: [String: String]
    /// The connecting peer.
    let remoteAddress: SocketAddress?
    /// The `X-Forwarded-For` header, if any.
    let forwardedFor: String?

    /// The segment after `prefix` (e.g. `/sync/`) when the path is that prefix and one more
    /// non-empty segment, percent-decoded; nil otherwise.
    func parameter(after prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let raw = path.dropFirst(prefix.count)
        guard !raw.isEmpty, !raw.contains("/") else { return nil }
        return raw.removingPercentEncoding ?? String(raw)
    }
}

/// A WebSocket route: makes the session for the requests it serves.
protocol SocketEndpoint: Sendable {
    /// The session for `request`, or nil when the endpoint does not serve its path. Called on
    /// the channel's event loop, once the upgrade is agreed.
    func session(for request: SocketRequest, channel: any Channel) -> (any SocketSession)?
}

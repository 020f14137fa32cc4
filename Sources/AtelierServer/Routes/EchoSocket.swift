import NIOCore

/// `/echo`: returns every message as it came, through the same WebSocket handlers as the hub
/// (``WebSocketPeer``). Only mounted with `--echo-endpoint`, for the Autobahn conformance cases.
struct EchoSocket: SocketEndpoint {
    /// The largest message echoed (the Autobahn 9.* cases send 16 MiB).
    static let maxMessageSize = 32 << 20

    func session(for request: SocketRequest, channel: any Channel) -> (any SocketSession)? {
        request.path == "/echo" ? EchoSession() : nil
    }
}

/// Sends each message back.
final class EchoSession: SocketSession {
    let outbox = Outbox(limit: 1024)
    var maxMessageSize: Int { EchoSocket.maxMessageSize }

    func open() async {}

    func receive(_ message: SocketMessage) async {
        switch message {
        case .text(let text): _ = outbox.push(text: text)
        case .binary(let buffer): _ = outbox.push(buffer)
        }
    }
}

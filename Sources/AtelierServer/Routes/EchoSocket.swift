import Hummingbird
import HummingbirdWebSocket

/// `/echo`: returns every message as it came, through the same WebSocket configuration as the
/// hub. Only mounted with `--echo-endpoint`, for the Autobahn conformance cases.
struct EchoSocket: Sendable {
    /// The largest message echoed (the Autobahn 9.* cases send 16 MiB).
    static let maxMessageSize = 32 << 20

    func addRoutes(to router: Router<SocketRequestContext>) {
        router.ws("/echo") { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: Self.maxMessageSize) {
                switch message {
                case .text(let text): try await outbound.writeTextMessage(text)
                case .binary(let buffer): try await outbound.writeBinaryMessage(buffer)
                }
            }
        }
    }
}

import Hummingbird
import NIOCore

/// The request context of HTTP routes: the basic one, plus the peer's address (for the bad
/// token throttle).
struct AtelierRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The TCP peer's address.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}

/// A context that knows its TCP peer.
protocol PeerAddressContext: RequestContext {
    /// The TCP peer's address.
    var remoteAddress: SocketAddress? { get }
}

extension AtelierRequestContext: PeerAddressContext {}

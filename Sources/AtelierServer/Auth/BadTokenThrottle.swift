import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Slows down guessing: an address that sent more than ``limit`` bad tokens within
/// ``window`` gets 429 (with `Retry-After`) for bad tokens until the window has passed. Good
/// tokens are never slowed: a classroom shares one address, and one person's typo must not
/// lock the others out. Behind a reverse proxy, the address is the one the trusted proxy puts
/// in `X-Forwarded-For`.
final class BadTokenThrottle: Sendable {
    /// Bad tokens one address may send within ``window``.
    let limit: Int
    /// The window, in seconds.
    let window: Double
    /// Proxies whose `X-Forwarded-For` is believed.
    let trustedProxies: Set<String>
    private let failures = Mutex<[String: [Double]]>([:])
    private let clock: @Sendable () -> Double

    init(
        limit: Int = 20, window: Double = 60, trustedProxies: Set<String> = [],
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.limit = limit
        self.window = window
        self.trustedProxies = trustedProxies
        self.clock = clock
    }

    /// The address a request comes from: the peer, or the client a trusted proxy names.
    func clientAddress(peer: SocketAddress?, forwardedFor: String?) -> String {
        let peerAddress = peer?.ipAddress ?? "unknown"
        guard trustedProxies.contains(peerAddress), let forwardedFor else { return peerAddress }
        // The rightmost address no trusted proxy added is the client's.
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return hops.reversed().first { !trustedProxies.contains($0) && !$0.isEmpty } ?? peerAddress
    }

    /// Seconds to wait before a bad token from `address` is heard again; nil when it may be.
    func retryAfter(for address: String) -> Int? {
        let now = clock()
        return failures.withLock { table in
            let recent = (table[address] ?? []).filter { $0 > now - window }
            table[address] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int((oldest + window - now).rounded(.up)))
        }
    }

    /// Records a bad token from `address`.
    func recordFailure(from address: String) {
        let now = clock()
        failures.withLock { table in
            var recent = (table[address] ?? []).filter { $0 > now - window }
            recent.append(now)
            if recent.count > limit * 2 { recent.removeFirst(recent.count - limit * 2) }
            table[address] = recent
            // Forget addresses that went quiet, so the table stays small.
            if table.count > 10_000 { table = table.filter { $0.value.last ?? 0 > now - window } }
        }
    }
}

/// Applies ``BadTokenThrottle`` to HTTP requests: a request whose token is bad gets 429
/// while its address is throttled, and counts towards it otherwise.
struct BadTokenMiddleware<Context: PeerAddressContext>: RouterMiddleware {
    let throttle: BadTokenThrottle
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let queryToken: String? = request.uri.queryParameters.get("token").map { String($0) }
        // The cookie is a credential for images only: elsewhere a stale one must not slow anyone.
        let cookieToken = request.uri.path.hasPrefix("/assets/") ? request.cookieToken : nil
        // A token the store could not check (an outage) is not a bad one: the route answers 503.
        guard let token = request.bearerToken ?? queryToken ?? cookieToken, !token.isEmpty,
            case .unknown = await authenticator.check(token)
        else { return try await next(request, context) }
        let address = throttle.clientAddress(
            peer: context.remoteAddress, forwardedFor: request.headers[.xForwardedFor])
        if let seconds = throttle.retryAfter(for: address) {
            var error = APIError(
                .tooManyRequests, code: "too_many_bad_tokens",
                "too many unknown tokens from this address; try again in \(seconds) s")
            error.headers[.retryAfter] = "\(seconds)"
            throw error
        }
        throttle.recordFailure(from: address)
        return try await next(request, context)
    }
}

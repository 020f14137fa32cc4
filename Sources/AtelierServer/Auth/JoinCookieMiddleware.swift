import Foundation
import Hummingbird

/// Signs a browser in when it opens an invite link: `GET /join/{token}` answers the app's page
/// with the `atelier_token` cookie when the token is good (see ``SignInCookie``), so the
/// images of the boards it opens next show at once.
///
/// A bad token gets the same page without a cookie and counts towards ``BadTokenThrottle``
/// like a bad token anywhere; while its address is throttled no token of its links is looked
/// up, so the link cannot try tokens faster than the API.
struct JoinCookieMiddleware<Context: PeerAddressContext>: RouterMiddleware {
    let cookie: SignInCookie
    let throttle: BadTokenThrottle
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        guard request.method == .get, response.status == .ok || response.status == .notModified,
            let token = Self.token(inPath: request.uri.path)
        else { return response }
        let address = throttle.clientAddress(peer: context.remoteAddress, forwardedFor: request.headers[.xForwardedFor])
        guard throttle.retryAfter(for: address) == nil else { return response }
        switch await authenticator.check(token) {
        case .unknown:
            throttle.recordFailure(from: address)
            return response
        case .unchecked:
            return response  // not checked (an outage): no cookie, and not a bad token either
        case .known:
            break
        }
        response.setCookie(cookie.setting(token))
        // A shared cache must not keep (or hand out) this answer.
        response.headers[.cacheControl] = "private, no-cache"
        return response
    }

    /// The token of a `/join/{token}` path, nil for any other path.
    static func token(inPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count == 2, parts[0] == "join" else { return nil }
        return String(parts[1]).removingPercentEncoding
    }
}

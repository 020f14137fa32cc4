import Foundation
import Hummingbird

extension Request {
    /// The bearer token of the `Authorization` header, if any.
    var bearerToken: String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}

extension Authenticator {
    /// The request's principal, or 401 with a JSON error. With `allowQuery`, a `?token=` works
    /// too (download links: CSV and reports, which a plain link cannot send a header for); with
    /// `allowCookie`, the `atelier_token` cookie (images, see ``SignInCookie``). The bearer
    /// token comes first, then the query's, then the cookie's.
    func require(_ request: Request, allowQuery: Bool = false, allowCookie: Bool = false) async throws -> Principal {
        let queryToken = allowQuery ? request.uri.queryParameters.get("token") : nil
        let cookieToken = allowCookie ? request.cookieToken : nil
        guard let token = request.bearerToken ?? queryToken ?? cookieToken else {
            let ways = allowCookie ? "sign in (the atelier_token cookie), or send the token" : "send the token"
            throw APIError(.unauthorized, code: "missing_token", "\(ways) as 'Authorization: Bearer <token>'")
        }
        guard let principal = try await principal(for: token) else {
            throw APIError(.unauthorized, code: "bad_token", "this token is not valid (unknown or revoked)")
        }
        return principal
    }

    /// The request's principal if it is the administrator (the server-wide facilitator
    /// token), else 401/403: the server's own routes.
    func requireAdministrator(_ request: Request) async throws {
        guard try await require(request).isAdministrator else {
            throw APIError(.forbidden, code: "forbidden", "only the administrator may do this")
        }
    }

    /// The request's principal if it has the facilitator's rights on the session (the
    /// administrator, or a co-facilitator of that session), else 401/403.
    func requireFacilitator(_ request: Request, of sessionId: String) async throws -> Principal {
        let principal = try await require(request)
        guard principal.facilitates(sessionId) else {
            throw APIError(.forbidden, code: "forbidden", "only a facilitator of this session may do this")
        }
        return principal
    }
}

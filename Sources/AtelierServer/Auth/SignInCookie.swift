import Foundation
import Hummingbird

/// The `atelier_token` cookie: how a browser's `<img src="/assets/…">` carries its token,
/// since an image request cannot send a header. It is `HttpOnly` (no script reads it),
/// `SameSite=Strict` (no other site's page sends it), `Path=/`, `Secure` when the server's
/// public URL is `https`, and lasts 30 days; the web app refreshes it as it signs in.
///
/// The server sets it on `GET /join/{token}` (``JoinCookieMiddleware``) and
/// `POST /api/v1/sign-in`, and clears it on `POST /api/v1/sign-out` (``SignInController``).
/// Only `GET /assets/{hash}` reads it: every other route wants the bearer token, so no form
/// on another site can act with it.
///
/// For example:
/// ```swift
/// response.setCookie(SignInCookie(secure: true).setting(token))
/// ```
struct SignInCookie: Sendable {
    /// The cookie's name.
    static let name = "atelier_token"
    /// Its lifetime: 30 days, refreshed by the web app.
    static let maxAge = 30 * 24 * 3600

    /// Whether the cookie is sent over HTTPS only.
    let secure: Bool

    /// The cookie that carries `token` (percent-encoded: a facilitator token set by the
    /// operator may hold any character).
    func setting(_ token: String) -> Cookie {
        cookie(
            value: token.addingPercentEncoding(withAllowedCharacters: Self.valueCharacters) ?? "", maxAge: Self.maxAge)
    }

    /// The cookie that removes it.
    var clearing: Cookie { cookie(value: "", maxAge: 0) }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: Self.name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    private static let valueCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

extension Request {
    /// The token of the `atelier_token` cookie, if any.
    var cookieToken: String? {
        guard let value = cookies[SignInCookie.name]?.value, !value.isEmpty else { return nil }
        return value.removingPercentEncoding
    }
}

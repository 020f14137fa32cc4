import Hummingbird

/// The browser's `atelier_token` cookie (``SignInCookie``): `POST /api/v1/sign-in` with the
/// bearer token sets it (the web app calls it whenever it takes a token, and once a day to
/// keep it), `POST /api/v1/sign-out` clears it. Both answer 204.
struct SignInController: Sendable {
    let authenticator: Authenticator
    let cookie: SignInCookie

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/api/v1/sign-in", use: signIn)
        router.post("/api/v1/sign-out", use: signOut)
    }

    /// Sets the cookie to the request's bearer token (401 when it is missing or bad).
    @Sendable func signIn(_ request: Request, context: some RequestContext) async throws -> Response {
        _ = try await authenticator.require(request)
        guard let token = request.bearerToken else {
            throw APIError(.unauthorized, code: "missing_token", "send the token as 'Authorization: Bearer <token>'")
        }
        var response = Response(status: .noContent, headers: [.cacheControl: "no-store"])
        response.setCookie(cookie.setting(token))
        return response
    }

    /// Clears the cookie; no token needed (it may be the one revoked).
    @Sendable func signOut(_ request: Request, context: some RequestContext) async throws -> Response {
        var response = Response(status: .noContent, headers: [.cacheControl: "no-store"])
        response.setCookie(cookie.clearing)
        return response
    }
}

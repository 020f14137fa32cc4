import HTTPTypes
import Hummingbird

/// Headers every answer carries: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
/// no-referrer`, and on HTML a Content-Security-Policy that allows the app's own files and its
/// one inline import map (by hash), and forbids framing (`frame-ancestors 'none'`). A handler
/// that sets its own policy (the report, assets) keeps it.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy of the app's pages.
    let pagePolicy: String

    /// The policy of pages built by the server with inline styles only (reports, records).
    static var documentPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    /// The app's policy, allowing the import map whose hash is `importMapHash`.
    init(importMapHash: String) {
        pagePolicy = [
            "default-src 'self'", "script-src 'self' \(importMapHash)", "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:", "connect-src 'self'", "font-src 'self'", "object-src 'none'",
            "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.contentType]?.hasPrefix("text/html") == true,
            response.headers[.contentSecurityPolicy] == nil
        {
            response.headers[.contentSecurityPolicy] = pagePolicy
        }
        return response
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy`.
    static var referrerPolicy: Self { Self("Referrer-Policy")! }
    /// `X-Forwarded-For`.
    static var xForwardedFor: Self { Self("X-Forwarded-For")! }
}

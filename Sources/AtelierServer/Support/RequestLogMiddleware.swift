import Foundation
import Hummingbird
import Logging

/// Logs each request's method, path, status and duration with structured metadata; the query
/// string is left out so tokens never reach the logs.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context: context, status: status, since: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(Self.redacted(request.uri.path))",
                "status": "\(status)",
                "ms": "\((milliseconds * 10).rounded() / 10)",
            ])
    }

    /// The path with invite tokens (`/join/{token}`, however many slashes surround it)
    /// replaced, so no secret reaches the logs.
    static func redacted(_ path: String) -> String {
        guard let range = path.range(of: "/join/") else { return path }
        return String(path[..<range.upperBound]) + "[redacted]"
    }
}

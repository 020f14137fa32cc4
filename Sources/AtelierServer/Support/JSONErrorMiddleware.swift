import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Storage
import Synchronization
import Workshop

/// Makes every error an API answers JSON `{"error": {"code", "message"}}`: domain refusals
/// (their category's status), a full disk (507), the router's bare 404 (or 405 when the path
/// exists for other methods, with `Allow`), Hummingbird's own HTTP errors, and anything
/// unexpected (500, logged).
///
/// Hummingbird wraps each route with the middlewares added before it, so this one is added
/// first; the route table it needs for 405 is filled in once every route is added.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes of the router, filled in after they are all added.
    let table: RouteTable

    /// The routes of the router, as `(method, path pattern segments)`.
    var routes: [(method: HTTPRequest.Method, segments: [Substring])] { table.routes }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as WorkshopError {
            throw APIError(error)
        } catch let error where StoreFailure.isDiskFull(error) {
            context.logger.error("disk full", metadata: ["error": "\(error)"])
            throw APIError(
                .init(code: 507, reasonPhrase: "Insufficient Storage"), code: "disk-full",
                "the server's disk is full; nothing was saved, try again later")
        } catch let error as StoreError where error.code == .unavailable {
            throw APIError.unavailable("the database does not answer right now; retry in a few seconds")
        } catch let error as HTTPError {
            if error.status == .notFound { throw notFound(request) }
            throw APIError(
                error.status, code: Self.code(for: error.status), error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, code: "internal", "the server failed; the error is logged")
        }
        if response.status == .notFound, response.headers[.contentType] == nil {
            throw notFound(request)
        }
        return response
    }

    /// 405 with `Allow` when the path exists for other methods, else 404; both JSON.
    private func notFound(_ request: Request) -> any Error {
        let path = request.uri.path.split(separator: "/")
        let allowed = routes.filter { Self.matches($0.segments, path) }.map(\.method.rawValue)
        if !allowed.isEmpty && !allowed.contains(request.method.rawValue) {
            return MethodNotAllowed(allowed: Array(Set(allowed)).sorted(), method: request.method.rawValue)
        }
        return APIError(.notFound, code: "not_found", "no route \(request.method.rawValue) \(request.uri.path)")
    }

    static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        pattern.count == path.count && zip(pattern, path).allSatisfy(segment)
    }

    private static func segment(_ pair: (Substring, Substring)) -> Bool {
        pair.0 == "*" || (pair.0.hasPrefix("{") && pair.0.hasSuffix("}")) || pair.0 == pair.1
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 413: "too_large"
        case 415: "unsupported_media_type"
        default: "http_\(status.code)"
        }
    }
}

/// 405 as JSON, with the `Allow` header.
struct MethodNotAllowed: HTTPResponseError {
    let allowed: [String]
    let method: String
    var status: HTTPResponse.Status { .methodNotAllowed }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try APIError(
            .methodNotAllowed, code: "method_not_allowed",
            "\(method) is not allowed here; use \(allowed.joined(separator: ", "))"
        ).response(from: request, context: context)
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }
}

/// The router's routes, for telling 404 from 405; set once, after every route is added.
final class RouteTable: Sendable {
    private let storage = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    /// The routes, as `(method, path pattern segments)`.
    var routes: [(method: HTTPRequest.Method, segments: [Substring])] { storage.withLock { $0 } }

    /// Records the routes; catch-all routes (static files) do not make a path "exist" for 405.
    func set(_ routes: [(HTTPRequest.Method, String)]) {
        let parsed = routes.filter { !$0.1.contains("**") }.map { ($0.0, $0.1.split(separator: "/")) }
        storage.withLock { $0 = parsed }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat
import Workshop

/// An error answered as JSON `{"error": {"code", "message"}}` with its HTTP status; a domain
/// refusal adds the `field` of a definition or the `criteria` concerned, so an app can say it
/// in its reader's language from the code alone.
struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `not_found`.
    let code: String
    /// A sentence for people.
    let message: String
    /// The offending field of a definition, if any.
    var field: String?
    /// The criteria concerned (unscored, off-scale…), if any.
    var criteria: [String]?
    /// Extra headers (`Retry-After`).
    var headers: HTTPFields = [:]

    /// Makes an error.
    init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// 503 `unavailable` with `Retry-After: 5`: the database does not answer; nothing about
    /// the request is in question.
    static func unavailable(_ message: String) -> APIError {
        var error = APIError(.serviceUnavailable, code: "unavailable", message)
        error.headers[.retryAfter] = "5"
        return error
    }

    /// The one place a domain refusal becomes an HTTP status: forbidden 403, not found 404,
    /// conflict 409, invalid 422.
    init(_ error: WorkshopError) {
        let status: HTTPResponse.Status =
            switch error.category {
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .conflict: .conflict
            case .invalid: .unprocessableContent
            }
        self.init(
            status, code: error.code.rawValue, error.code == .invalidDefinition ? error.description : error.message)
        field = error.field
        criteria = error.criteria.isEmpty ? nil : error.criteria
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(
            Body(error: .init(code: code, message: message, field: field, criteria: criteria)))
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: body)))
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?
            let criteria: [String]?
        }
        let error: Detail
    }

    static func notFound(_ message: String = "no such route") -> APIError {
        APIError(.notFound, code: "not_found", message)
    }
}

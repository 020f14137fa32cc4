package import Foundation
package import HTTPTypes
package import Hummingbird
package import NIOFoundationEssentialsCompat

/// An error answered as JSON `{"error": {"code", "message"}}` with its HTTP status.
package struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    package let status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `not_found`.
    package let code: String
    /// A sentence for people.
    package let message: String

    /// Makes an error.
    package init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(Body(error: .init(code: code, message: message)))
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: body)))
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }

    static func notFound(_ message: String = "no such route") -> APIError {
        APIError(.notFound, code: "not_found", message)
    }
}

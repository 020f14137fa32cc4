import Foundation
import Hummingbird
import NIOCore
import NIOFoundationEssentialsCompat

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every route (`docs/openapi.json`).
///
/// The document is read and checked (it must parse as a JSON object) once, when the server
/// starts, so a broken file stops the start instead of failing later. `OpenAPITests` checks that
/// it names exactly the routes of the role × route matrix.
///
/// For example:
///
/// ```swift
/// try OpenAPIController(contentsOf: configuration.openAPIDocument).addRoutes(to: router)
/// ```
struct OpenAPIController: Sendable {
    /// The document's bytes, served as they are.
    let document: Data

    /// Serves `document` (already checked by the caller).
    init(document: Data) {
        self.document = document
    }

    /// Reads the document from `url` once; throws if it is missing or not a JSON object.
    init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw OpenAPIDocumentError(path: url.path, problem: "cannot be read: \(error.localizedDescription)")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw OpenAPIDocumentError(path: url.path, problem: "is not a JSON object")
        }
        self.init(document: data)
    }

    /// Adds `GET /api/v1/openapi.json` (no token needed).
    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/v1/openapi.json", use: openAPI)
    }

    @Sendable func openAPI(_ request: Request, context: some RequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(data: document)))
    }
}

/// The OpenAPI document could not be loaded at start.
struct OpenAPIDocumentError: Error, CustomStringConvertible {
    /// Where the document was looked for.
    let path: String
    /// What is wrong with it.
    let problem: String

    var description: String { "the OpenAPI document \(path) \(problem)" }
}

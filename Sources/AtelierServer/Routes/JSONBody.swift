import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat

/// Reading JSON request bodies with clear errors: 400 for bad JSON, 422 for unknown or missing
/// fields, 413 for bodies over the limit.
enum JSONBody {
    /// The body's bytes, at most `limit`.
    static func data(_ request: Request, limit: Int = 1 << 20) async throws -> Data {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "the body exceeds \(limit) bytes")
        }
    }

    /// The body as a JSON object whose keys are all in `allowed`.
    static func object(_ request: Request, allowed: Set<String>) async throws -> [String: Any] {
        let data = try await data(request)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw APIError(.badRequest, code: "bad_json", "the body must be a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError(
                .unprocessableContent, code: "unknown_field",
                "unknown field \"\(unknown)\"; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
        return object
    }

    /// A string field, required or optional.
    static func string(_ object: [String: Any], _ key: String, required: Bool = true) throws -> String? {
        switch object[key] {
        case let value as String: return value
        case nil, is NSNull:
            if required { throw APIError(.unprocessableContent, code: "missing_field", "field \"\(key)\" is required") }
            return nil
        default: throw APIError(.unprocessableContent, code: "bad_field", "field \"\(key)\" must be a string")
        }
    }

    /// A boolean field (absent: `false`).
    static func bool(_ object: [String: Any], _ key: String) throws -> Bool {
        switch object[key] {
        case nil, is NSNull: return false
        case let value as Bool: return value
        default: throw APIError(.unprocessableContent, code: "bad_field", "field \"\(key)\" must be true or false")
        }
    }

    /// A JSON response with a status.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.epochMilliseconds.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat
import Workshop

/// Reading JSON request bodies into typed requests with clear errors: 400 `bad_json` for
/// what is not JSON, 413 `too_large` past the limit, 422 `unknown_field`, `missing_field` or
/// `bad_field` naming the field (a number a field cannot hold — `1e300` for a time — included).
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

    /// The body decoded as `T`; an empty body decodes as `{}` when `emptyAllowed`.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, emptyAllowed: Bool = false)
        async throws -> T
    {
        var data = try await data(request)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard emptyAllowed else { throw APIError(.badRequest, code: "bad_json", "the body must be a JSON object") }
            data = Data("{}".utf8)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any]
        else {
            throw APIError(.badRequest, code: "bad_json", notAnObject(data))
        }
        // Foundation's readers take trailing commas and keep one of two equal names silently;
        // a name given twice is ambiguous (which score did the juror mean?), so it is refused.
        do {
            _ = try CanonicalJSON.parse(data)
        } catch {
            throw APIError(.badRequest, code: "bad_json", "the body is not strict JSON: \(error)")
        }
        // No text of any request is longer than the longest free text (a reason, a comment…),
        // nor holds a control or text-direction character.
        if let (path, problem) = textProblem(in: object, at: []) {
            var error = APIError(.unprocessableContent, code: "bad_field", "field \"\(path)\" \(problem)")
            error.field = path
            throw error
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as WorkshopError {
            throw APIError(.unprocessableContent, code: "unknown_field", error.message)
        } catch let error as APIError {
            throw error
        } catch let error as DecodingError {
            throw apiError(located(error, in: object, as: T.self))
        }
    }

    /// The first string of `value` that is longer than ``Limits/maxTextLength`` characters or
    /// holds a character no text may (``NameRules/isForbiddenInText(_:)``), with its field path
    /// (`reason`, `scores.a14-problem.comment`) and what is wrong, if any.
    static func textProblem(in value: Any, at path: [String]) -> (String, String)? {
        switch value {
        case let text as String:
            if let bad = text.unicodeScalars.first(where: NameRules.isForbiddenInText) {
                return (
                    path.joined(separator: "."),
                    "holds a control or text-direction character (\(NameRules.codePoint(bad)))"
                )
            }
            // Counting characters walks the string: only those that could be too long are counted.
            guard text.utf8.count > Limits.maxTextLength else { return nil }
            let count = text.count
            return count > Limits.maxTextLength
                ? (path.joined(separator: "."), "holds \(count) characters; at most \(Limits.maxTextLength)") : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = textProblem(in: object[key]!, at: path + [key]) { return found }
            }
            return nil
        case let array as [Any]:
            let parent = Array(path.dropLast())
            let name = path.last ?? ""
            for (index, element) in array.enumerated() {
                if let found = textProblem(in: element, at: parent + ["\(name)[\(index)]"]) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// Why a body is not a JSON object, with where it went wrong when it is not JSON at all
    /// (`1e400` is a number no field can hold: "bad number at byte 37").
    static func notAnObject(_ data: Data) -> String {
        do {
            _ = try CanonicalJSON.parse(data)
        } catch {
            return "the body must be a JSON object: \(error)"
        }
        return "the body must be a JSON object"
    }

    /// The error with its field: Foundation's decoder reports a number a field cannot hold
    /// (`1e300` or `1.5` for an integer) with no coding path, so ``NumberLocator`` finds it (at
    /// any depth).
    static func located<T: Decodable>(_ error: DecodingError, in object: [String: Any], as type: T.Type)
        -> DecodingError
    {
        guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
            let data = try? JSONSerialization.data(withJSONObject: object),
            let path = NumberLocator.locate(in: data, decode: { _ = try JSONDecoder().decode(T.self, from: $0) })
        else { return error }
        return .dataCorrupted(DecodingError.Context(codingPath: path, debugDescription: context.debugDescription))
    }

    /// A decoding error as 422 naming the field.
    static func apiError(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = FieldPath.render(context.codingPath + [key])
            return APIError(.unprocessableContent, code: "missing_field", "field \"\(field)\" is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let field = FieldPath.render(context.codingPath)
            return APIError(
                .unprocessableContent, code: "bad_field", "field \"\(field)\" has a value of the wrong type or range")
        @unknown default:
            return APIError(.unprocessableContent, code: "bad_field", "\(error)")
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

/// A request body that refuses fields it does not know: its coding keys list them all.
protocol StrictRequest: Decodable {
    associatedtype Fields: CodingKey & CaseIterable
}

extension Decoder {
    /// Throws 422 `unknown_field` naming the first field of the object not in `Fields`.
    func refuseUnknownFields<Fields: CodingKey & CaseIterable>(_ fields: Fields.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Fields.allCases.map(\.stringValue))
        if let unknown = container.allKeys.map(\.stringValue).filter({ !known.contains($0) }).sorted().first {
            let path = FieldPath.render(codingPath + [AnyCodingKey(stringValue: unknown)])
            throw APIError(
                .unprocessableContent, code: "unknown_field",
                "unknown field \"\(path)\"; allowed: \(known.sorted().joined(separator: ", "))")
        }
    }
}

/// Decodes a ``StrictRequest`` after refusing unknown fields.
struct Strict<Body: StrictRequest>: Decodable {
    /// The decoded body.
    let value: Body

    init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownFields(Body.Fields.self)
        value = try Body(from: decoder)
    }
}

extension JSONBody {
    /// The body as a strict request type (unknown fields refused with 422).
    static func request<Body: StrictRequest>(_ type: Body.Type, from request: Request, emptyAllowed: Bool = false)
        async throws -> Body
    {
        try await decode(Strict<Body>.self, from: request, emptyAllowed: emptyAllowed).value
    }
}

extension RequestContext {
    /// The `{id}` of a `/sessions/{id}/…` route; 404 when it is missing.
    func sessionID() throws -> String {
        guard let id = parameters.get("id"), !id.isEmpty else { throw APIError.notFound("no session") }
        return id
    }
}

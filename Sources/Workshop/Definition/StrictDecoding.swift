package import Foundation

/// A coding key for any string or index, used to list the keys actually present in a JSON object.
package struct AnyCodingKey: CodingKey {
    package var stringValue: String
    package var intValue: Int?

    package init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    package init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws a ``WorkshopError`` naming the first (alphabetically) key not in `keys`.
    package func refuseUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        let unknown = container.allKeys.filter { !known.contains($0.stringValue) }
            .sorted { $0.stringValue < $1.stringValue }
        if let key = unknown.first {
            throw WorkshopError(
                field: FieldPath.render(codingPath + [key]),
                message: "unknown field \"\(key.stringValue)\"; known fields: "
                    + Keys.allCases.map(\.stringValue).sorted().joined(separator: ", "))
        }
    }
}

/// Renders coding paths as JSON-path-like field names (`phases[3].day`).
package enum FieldPath {
    /// `groups[1].participants[0]` from the keys `groups`, index 1, `participants`, index 0.
    package static func render(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out
    }

    /// Turns a Foundation decoding error into a ``WorkshopError`` naming the field.
    package static func definitionError(from error: DecodingError) -> WorkshopError {
        switch error {
        case .keyNotFound(let key, let context):
            return WorkshopError(
                field: render(context.codingPath + [key]), message: "required field \"\(key.stringValue)\" is missing")
        case .typeMismatch(let type, let context):
            return WorkshopError(field: render(context.codingPath), message: "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return WorkshopError(field: render(context.codingPath), message: "expected \(describe(type)), got null")
        case .dataCorrupted(let context):
            let detail = (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription
            return WorkshopError(
                field: render(context.codingPath),
                message: context.codingPath.isEmpty ? "not valid JSON: \(detail)" : context.debugDescription)
        @unknown default:
            return WorkshopError(field: "", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        return switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object or other value"
        }
    }
}

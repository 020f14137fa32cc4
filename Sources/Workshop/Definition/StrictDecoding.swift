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

/// Finds the number a decoder could not hold.
///
/// Foundation's `JSONDecoder` reports a number an integer field cannot hold (`1.5`, `1e300`)
/// as data corrupted at the top of the document, with no coding path, so the error would name
/// no field. Each number of the document that no integer holds is set to 0 in turn and the
/// document decoded again: the one whose change makes that error go away is the culprit.
package enum NumberLocator {
    /// The path of the number behind `decode`'s pathless "corrupted" error, or nil.
    package static func locate(in data: Data, decode: (Data) throws -> Void) -> [any CodingKey]? {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return nil
        }
        for path in suspects(in: root, at: []) {
            guard let changed = try? JSONSerialization.data(withJSONObject: replacing(path[...], in: root, with: 0))
            else { continue }
            do {
                try decode(changed)
                return path
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch {
                return path
            }
        }
        return nil
    }

    /// Paths of the numbers that no 64-bit integer holds (fractions, huge magnitudes).
    private static func suspects(in value: Any, at path: [AnyCodingKey]) -> [[AnyCodingKey]] {
        switch value {
        case let object as [String: Any]:
            return object.keys.sorted().flatMap {
                suspects(in: object[$0]!, at: path + [AnyCodingKey(stringValue: $0)])
            }
        case let array as [Any]:
            return array.indices.flatMap { suspects(in: array[$0], at: path + [AnyCodingKey(intValue: $0)]) }
        case let number as NSNumber:  // true and false are 1 and 0: never suspects
            let double = number.doubleValue
            let integral = double.rounded() == double && abs(double) < 9.2e18
            return integral ? [] : [path]
        default:
            return []
        }
    }

    private static func replacing(_ path: ArraySlice<AnyCodingKey>, in value: Any, with leaf: Any) -> Any {
        guard let key = path.first else { return leaf }
        if var object = value as? [String: Any], let member = object[key.stringValue] {
            object[key.stringValue] = replacing(path.dropFirst(), in: member, with: leaf)
            return object
        }
        if var array = value as? [Any], let index = key.intValue, array.indices.contains(index) {
            array[index] = replacing(path.dropFirst(), in: array[index], with: leaf)
            return array
        }
        return value
    }
}

/// The request keys (`Idempotency-Key`) a kind of command was sent with, per author, and what
/// each one made (an entry's id, a grant's index): a retried command finds what its first
/// sending did instead of doing it twice. Stored beside what it indexes, in the same
/// transaction; never shown in a view.
package struct RequestKeys<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    /// What each key made, by `author\nkey` (two authors may choose the same key).
    private var filed: [String: Value] = [:]

    /// No key yet.
    package init() {}

    package init(from decoder: any Decoder) throws {
        filed = try decoder.singleValueContainer().decode([String: Value].self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(filed)
    }

    /// What `author`'s request with `key` made, if it was sent before.
    package subscript(key: String, author author: String) -> Value? {
        get { filed["\(author)\n\(key)"] }
        set { filed["\(author)\n\(key)"] = newValue }
    }
}

import HTTPTypes
import Hummingbird

/// The `Idempotency-Key` request header (IETF httpapi draft): a key a client chooses for one
/// write and sends again when it retries it, so that a write whose answer was lost is not
/// made twice. `POST …/qa` honours it (the answer to a retry carries `Idempotent-Replayed:
/// true`), and `POST …/pitch/extra-time` (a retry answers with the pitch as it is).
enum IdempotencyKey {
    /// The request header.
    static let header = HTTPField.Name("Idempotency-Key")!
    /// The answer's header when it replays the first request's outcome.
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    /// The request's key, if it sent one: 1 to 200 visible ASCII characters (a UUID, say);
    /// anything else is 400 `bad_idempotency_key`. The draft's structured-field quotes are
    /// taken off when present.
    static func of(_ request: Request) throws -> String? {
        let values = request.headers[values: header]
        guard let raw = values.first else { return nil }
        var key = Substring(raw)
        if key.count >= 2, key.first == "\"", key.last == "\"" { key = key.dropFirst().dropLast() }
        guard values.count == 1, (1...200).contains(key.utf8.count),
            key.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") })
        else {
            throw APIError(
                .badRequest, code: "bad_idempotency_key",
                "Idempotency-Key must be one value of 1 to 200 visible ASCII characters (a UUID, say)")
        }
        return String(key)
    }
}

import Crypto
import Foundation
import Logging
import Storage

/// The facilitator's bearer token: taken from `ATELIER_ADMIN_TOKEN`, or generated once and
/// printed once. Only its SHA-256 is stored.
package struct FacilitatorToken: Sendable {
    static let settingKey = "facilitator_token_sha256"

    /// The stored digest, hex.
    let digest: String

    /// A token shown to the operator, when one was generated at this start.
    package let generated: String?

    /// The shortest facilitator token accepted from the environment.
    static let minimumLength = 32

    /// Resolves the token: the environment's replaces a stored one (audited in the log); else
    /// the stored one is kept; else a new one is generated. A token from the environment shorter
    /// than ``minimumLength`` is refused: it could be guessed.
    static func resolve(environmentToken: String?, store: any SettingStore, logger: Logger) async throws
        -> FacilitatorToken
    {
        let stored = try await store.setting(settingKey)
        if let environmentToken, !environmentToken.isEmpty {
            guard environmentToken.count >= minimumLength else {
                throw ConfigurationError(
                    "ATELIER_ADMIN_TOKEN has \(environmentToken.count) characters; use at least \(minimumLength) (or unset it and a token is generated)"
                )
            }
            let digest = Self.digest(of: environmentToken)
            if stored != digest {
                try await store.setSetting(settingKey, to: digest)
                if stored != nil {
                    logger.notice("facilitator token replaced by ATELIER_ADMIN_TOKEN", metadata: ["audit": "token"])
                }
            }
            return FacilitatorToken(digest: digest, generated: nil)
        }
        if let stored { return FacilitatorToken(digest: stored, generated: nil) }
        let token = randomToken()
        let digest = Self.digest(of: token)
        try await store.setSetting(settingKey, to: digest)
        return FacilitatorToken(digest: digest, generated: token)
    }

    /// Whether `candidate` is the facilitator token (constant-time comparison of digests).
    func matches(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let a = Array(Self.digest(of: candidate).utf8)
        let b = Array(digest.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Hex SHA-256 of a token.
    static func digest(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// 43 random letters and digits (about 256 bits). No `-` or `_`: a token never looks like a
    /// command-line option and is selected whole by a double click.
    static func randomToken() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<43).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

}

/// A setting the server cannot start with; the message says what to change.
package struct ConfigurationError: Error, CustomStringConvertible {
    /// What to change.
    package let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Why a session definition was refused, naming the offending field.
///
/// `field` is a JSON-path-like name of the field, relative to the definition's root:
/// `timeZone`, `phases[3].day`, `boards.deck`, `rubric[2].weight`, `groups[0].participants[1]`.
/// An empty `field` means the document as a whole (e.g. not JSON at all).
///
/// For example:
/// ```swift
/// do { _ = try SessionDefinition.load(from: data) }
/// catch { print(error.field, error.message) }  // "phases[3].day", "day must be 1, 2 or 3"
/// ```
package struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable error code, for the HTTP layer (`invalid-definition`).
    package static let code = "invalid-definition"

    /// The JSON-path-like name of the offending field.
    package var field: String
    /// A human-readable explanation.
    package var message: String

    /// Creates an error for `field`.
    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`, or the message alone when the field is the whole document.
    package var description: String {
        field.isEmpty ? message : "\(field): \(message)"
    }
}

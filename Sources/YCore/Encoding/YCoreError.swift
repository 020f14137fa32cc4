/// An error thrown by YCore when an update, a state vector or an argument is not acceptable.
///
/// Tests and callers match on ``code``; ``message`` is for people and ``offset`` (when known)
/// is the byte position in the input where decoding failed.
public struct YCoreError: Error, Equatable, CustomStringConvertible {
    /// A stable identifier of what went wrong.
    public enum Code: String, Sendable, Equatable {
        /// The input ended in the middle of a value.
        case unexpectedEndOfData
        /// A variable-length integer does not fit in 53 bits.
        case integerOverflow
        /// A string is not valid UTF-8.
        case invalidUTF8
        /// A struct carries a content reference that Yjs does not define.
        case invalidContentRef
        /// A type reference inside type content is unknown.
        case invalidTypeRef
        /// A lib0 `any` value has an unknown tag.
        case invalidAnyTag
        /// A JSON payload (ContentJSON, ContentFormat, ContentEmbed) does not parse.
        case invalidJSON
        /// An encoded state vector is malformed.
        case invalidStateVector
        /// The structure of an update is inconsistent (for example a reference to a future clock).
        case invalidStructure
        /// Values nest deeper than YCore accepts.
        case nestingTooDeep
        /// Bytes are left over after a complete update.
        case trailingBytes
        /// An index or length is outside the type's content.
        case indexOutOfBounds
    }

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation.
    public let message: String
    /// The byte offset in the decoded input, when the error comes from decoding.
    public let offset: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// `code: message (at byte N)`.
    public var description: String {
        if let offset {
            return "\(code.rawValue): \(message) (at byte \(offset))"
        }
        return "\(code.rawValue): \(message)"
    }
}

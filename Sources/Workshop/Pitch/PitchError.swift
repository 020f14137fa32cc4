/// Why a pitch, Q&A or slide command was refused; match on ``code``.
package struct PitchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable codes; the raw value is what the HTTP API returns.
    package enum Code: String, Sendable, Hashable, CaseIterable {
        /// The caller's role may not do this (HTTP 403).
        case notAllowed = "not-allowed"
        /// The deck has more slides than the limit (HTTP 409/422).
        case slideLimitExceeded = "slide-limit-exceeded"
        /// The pitch was already started (it runs once).
        case alreadyStarted = "already-started"
        /// The pitch (or Q&A) is not running.
        case notRunning = "not-running"
        /// The Q&A cannot start while the pitch runs.
        case pitchRunning = "pitch-running"
        /// No slide with that index in the frozen deck.
        case slideOutOfRange = "slide-out-of-range"
        /// No Q&A entry with that id.
        case unknownEntry = "unknown-entry"
        /// A Q&A entry's text is empty, or an edit changes nothing.
        case invalidEntry = "invalid-entry"
    }

    /// The stable code.
    package var code: Code
    /// A human-readable explanation.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    package var description: String { "\(code.rawValue): \(message)" }
}

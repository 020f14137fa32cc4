/// Why a phase command was refused; match on ``code`` (stable), show ``message``.
package struct PhaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes; the raw value is what the HTTP API returns.
    package enum Code: String, Sendable, Hashable, CaseIterable {
        /// Only a facilitator moves the phase.
        case notFacilitator = "not-facilitator"
        /// The next phase belongs to a day that has not begun.
        case dayNotBegun = "day-not-begun"
        /// `goto` without override named a phase beyond the next one.
        case skipRefused = "skip-refused"
        /// `goto` without override named an earlier phase (reopening needs an override).
        case reopenRequiresOverride = "override-required"
        /// An override was asked without a non-empty reason.
        case reasonRequired = "reason-required"
        /// No phase has that id.
        case unknownPhase = "unknown-phase"
        /// The sprint is in its last phase.
        case noNextPhase = "no-next-phase"
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

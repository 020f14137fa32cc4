/// Why a scoring command was refused; match on ``code``.
package struct ScoringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable codes; the raw value is what the HTTP API returns.
    package enum Code: String, Sendable, Hashable, CaseIterable {
        /// Only jurors score; only the facilitator reveals early (HTTP 403).
        case notAllowed = "not-allowed"
        /// No group with that id (HTTP 404).
        case unknownGroup = "unknown-group"
        /// The juror is not assigned to the group (HTTP 403).
        case notAssigned = "not-assigned"
        /// The juror declared a conflict of interest for the group (HTTP 403).
        case conflictOfInterest = "conflict-of-interest"
        /// The sheet is submitted and locked (HTTP 409).
        case alreadySubmitted = "already-submitted"
        /// A score names a criterion the rubric lacks (HTTP 422).
        case unknownCriterion = "unknown-criterion"
        /// A score is out of the scale's range or off its steps (HTTP 422).
        case offScale = "off-scale"
        /// Submission with criteria still unscored, listed in ``ScoringError/criteria`` (HTTP 422).
        case unscored
        /// An early reveal without a reason (HTTP 422).
        case reasonRequired = "reason-required"
    }

    /// The stable code.
    package var code: Code
    /// A human-readable explanation.
    package var message: String
    /// The criteria concerned (unscored, unknown or off-scale), in rubric order when known.
    package var criteria: [String]

    /// Creates an error.
    package init(_ code: Code, _ message: String, criteria: [String] = []) {
        self.code = code
        self.message = message
        self.criteria = criteria
    }

    /// `code: message`.
    package var description: String { "\(code.rawValue): \(message)" }
}

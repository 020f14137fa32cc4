/// Why the workshop refused a command or a definition: one error type for the whole domain,
/// with a stable ``code`` (what the HTTP API answers in `error.code`), a sentence for people,
/// and the details a client needs to say it in its own words (``field``, ``criteria``).
///
/// The HTTP layer maps ``Code/category`` to a status in one place; nothing else in the domain
/// knows about HTTP. For example:
///
/// ```swift
/// do { try sprint.advance(by: caller, at: now) }
/// catch { error.code == .dayNotBegun; error.category == .conflict }
/// ```
package struct WorkshopError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable codes; the raw value is what the API returns.
    package enum Code: String, Sendable, Hashable, CaseIterable {
        // Who may do what.
        /// The caller's role may not run this command.
        case forbidden
        /// The caller's role may not do this here (pitch, Q&A, scores).
        case notAllowed = "not-allowed"
        /// Only the server's administrator may do this (a co-facilitator may not: a juror's new link).
        case administratorOnly = "administrator-only"
        /// Only a facilitator moves the phase.
        case notFacilitator = "not-facilitator"
        /// A participant's command on another group.
        case notYourGroup = "not-your-group"
        /// The juror is not assigned to the group.
        case notAssigned = "not-assigned"
        /// The juror declared a conflict of interest for the group.
        case conflictOfInterest = "conflict-of-interest"
        /// Only the jury's president (or the acting president) may do this.
        case notPresident = "not-president"

        // What does not exist.
        /// No session (or other resource) with that id.
        case notFound = "not_found"
        /// No group with that id.
        case unknownGroup = "unknown-group"
        /// No Q&A entry with that id.
        case unknownEntry = "unknown-entry"

        // The state refuses it.
        /// The next phase belongs to a day that has not begun.
        case dayNotBegun = "day-not-begun"
        /// `goto` without override named a phase beyond the next one.
        case skipRefused = "skip-refused"
        /// `goto` without override named an earlier phase.
        case reopenRequiresOverride = "override-required"
        /// The sprint is in its last phase.
        case noNextPhase = "no-next-phase"
        /// The deck has more slides than the limit.
        case slideLimitExceeded = "slide-limit-exceeded"
        /// The pitch (or Q&A) was already started.
        case alreadyStarted = "already-started"
        /// The pitch (or Q&A) is not running.
        case notRunning = "not-running"
        /// The Q&A cannot start while the pitch runs.
        case pitchRunning = "pitch-running"
        /// The sheet is submitted and locked.
        case alreadySubmitted = "already-submitted"
        /// A pitch starts in the pitch phase only, unless a facilitator overrides with a reason.
        case notPitchPhase = "not-pitch-phase"
        /// The assessment record is closed: nothing of the jury's work changes (reopen first).
        case recordClosed = "record-closed"
        /// The record is not closed (reopen, publish).
        case notClosed = "not-closed"
        /// Not every juror has signed the record.
        case unsigned
        /// A candidate has no mark yet in some assessment.
        case incompleteMarks = "incomplete-marks"
        /// A group's problem statement is not approved before leaving its phase.
        case problemNotApproved = "problem-not-approved"
        /// The state changed while a record was being closed.
        case recordChanged = "record-changed"
        /// A recorded decision departs from the proposal as the marks now stand, without a
        /// justification (the marks changed after it was recorded).
        case departureUnjustified = "departure-unjustified"
        /// An acting president is named only for a group the president is recused from.
        case presidentNotRecused = "president-not-recused"
        /// A phase command named the phase it moves from, and the sprint is no longer there
        /// (another facilitator moved it first).
        case phaseChanged = "phase-changed"

        // What was sent is not acceptable.
        /// A reason is required (override, early reveal).
        case reasonRequired = "reason-required"
        /// No phase has that id.
        case unknownPhase = "unknown-phase"
        /// No slide with that index in the frozen deck.
        case slideOutOfRange = "slide-out-of-range"
        /// A Q&A entry's text is empty, a time is out of range, or an edit changes nothing.
        case invalidEntry = "invalid-entry"
        /// A score names a criterion the rubric lacks.
        case unknownCriterion = "unknown-criterion"
        /// A score is off the scale (range or step).
        case offScale = "off-scale"
        /// Criteria are still unscored (listed in ``WorkshopError/criteria``).
        case unscored
        /// The session definition is refused (the field is in ``WorkshopError/field``).
        case invalidDefinition = "invalid_definition"
        /// A score for a criterion the other assessor scores (jury or facilitator).
        case wrongAssessor = "wrong-assessor"
        /// No such assessment (block) in the rubric.
        case unknownBlock = "unknown-block"
        /// A decision departing from the proposal needs a justification.
        case justificationRequired = "justification-required"
        /// The session is archived: read-only until a facilitator unarchives it.
        case archived = "session-archived"
        /// The activity timer is already paused.
        case timerPaused = "timer-paused"
        /// The activity timer is not paused.
        case timerNotPaused = "timer-not-paused"
        /// Too many activity timers run at once.
        case tooManyTimers = "too-many-timers"
        /// A participant's votes on a board would exceed its budget.
        case voteBudget = "vote-budget"
        /// The participant has no vote on that item to withdraw.
        case noVote = "no-vote"
        /// The person was erased: their invite is never renamed nor given a working link again.
        case personErased = "person-erased"
        /// A request key (`Idempotency-Key`) came back with a different request than the first time.
        case keyReused = "idempotency-key-reused"

        /// The kind of refusal, which the HTTP layer turns into a status.
        package var category: Category {
            switch self {
            case .forbidden, .notAllowed, .administratorOnly, .notFacilitator, .notYourGroup, .notAssigned,
                .conflictOfInterest, .notPresident:
                .forbidden
            case .notFound, .unknownGroup, .unknownEntry, .noVote:
                .notFound
            case .dayNotBegun, .skipRefused, .reopenRequiresOverride, .noNextPhase, .slideLimitExceeded,
                .alreadyStarted, .notRunning, .pitchRunning, .alreadySubmitted, .notPitchPhase, .recordClosed,
                .notClosed, .unsigned, .incompleteMarks, .problemNotApproved, .recordChanged, .departureUnjustified,
                .presidentNotRecused, .phaseChanged, .archived,
                .timerPaused, .timerNotPaused, .tooManyTimers, .voteBudget, .personErased:
                .conflict
            case .reasonRequired, .unknownPhase, .slideOutOfRange, .invalidEntry, .unknownCriterion, .offScale,
                .unscored, .invalidDefinition, .wrongAssessor, .unknownBlock, .justificationRequired, .keyReused:
                .invalid
            }
        }
    }

    /// The kinds of refusal.
    package enum Category: Sendable, Hashable {
        /// The caller may not (HTTP 403).
        case forbidden
        /// The thing named does not exist (HTTP 404).
        case notFound
        /// The current state refuses it (HTTP 409).
        case conflict
        /// What was sent is not acceptable (HTTP 422).
        case invalid
    }

    /// The stable code.
    package var code: Code
    /// A sentence for people (logs, API users); apps say it in their own words from the code.
    package var message: String
    /// The offending field of a definition (`phases[3].day`; empty: the whole document).
    package var field: String?
    /// The criteria concerned (unscored, unknown or off-scale), in rubric order.
    package var criteria: [String]

    /// Creates an error.
    package init(_ code: Code, _ message: String, field: String? = nil, criteria: [String] = []) {
        self.code = code
        self.message = message
        self.field = field
        self.criteria = criteria
    }

    /// A definition refused at `field`.
    package init(field: String, message: String) {
        self.init(.invalidDefinition, message, field: field)
    }

    /// The category of ``code``.
    package var category: Category { code.category }

    /// `code: message`, or `field: message` for a definition.
    package var description: String {
        if code == .invalidDefinition { return (field ?? "").isEmpty ? message : "\(field!): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}

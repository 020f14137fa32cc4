package import Foundation

/// Something a command or a tick did that people must be told (the live channel) or that
/// changes what the board rooms allow (the write policy). Commands return them; the server
/// turns them into live events after the change is durable.
package enum SessionEvent: Sendable, Hashable {
    /// The phase moved; which boards are writable may have changed.
    case phaseMoved(PhaseTransition)
    /// A countdown's warning or time's-up fell due.
    case timer(TimerScope, group: String?, event: CountdownEvent, deadline: Date)
    /// A group's pitch changed (started, stopped, slide, Q&A timer).
    case pitchChanged(group: String)
    /// A group's deck froze (its pitch started) or thawed (its pitch stopped).
    case deckFreezeChanged(group: String)
    /// A Q&A entry was logged or edited.
    case qaChanged(group: String, entry: QAEntry)
    /// Who submitted for a group changed (or a conflict or early reveal).
    case scoresChanged(group: String)
    /// The deliberation changed (a decision, a signature, a close, a reopen, a publication).
    case deliberationChanged
    /// A group's problem statement changed or was approved.
    case problemChanged(group: String)
    /// An activity timer started, paused, resumed, got more time or stopped.
    case activityTimerChanged(ActivityTimer, stopped: Bool)
    /// An activity timer reached its deadline.
    case activityTimerDue(ActivityTimer, CountdownEvent)
    /// A facilitator brought the session (`group` nil) or a group somewhere, or let it go (`lead` nil).
    case followChanged(group: String?, lead: FollowLead?)
    /// A board's votes or vote settings changed.
    case votesChanged(board: String)
    /// A board went private or was revealed.
    case boardModeChanged(board: String)
    /// A day of the sprint began (local midnight): pages left open say so (the next phase may
    /// now be entered without an override).
    case dayBegan(Int)
}

/// Which countdown an event belongs to.
package enum TimerScope: String, Codable, Sendable, Hashable {
    /// The current phase's time box.
    case phase
    /// A group's pitch.
    case pitch
    /// A group's Q&A.
    case qa
}

/// What a command did besides changing the state: events to tell and lines to audit.
package struct SessionOutcome: Sendable, Hashable {
    /// Events, in order.
    package var events: [SessionEvent]
    /// Audit lines, in order.
    package var audit: [AuditRecord]

    /// An outcome.
    package init(events: [SessionEvent] = [], audit: [AuditRecord] = []) {
        self.events = events
        self.audit = audit
    }

    /// Nothing happened.
    package static let none = SessionOutcome()

    /// Appends another outcome.
    package mutating func append(_ other: SessionOutcome) {
        events += other.events
        audit += other.audit
    }
}

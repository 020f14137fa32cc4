/// A phase command: `{"action":"advance"}` or `{"action":"goto","phase":…,"override":…,"reason":…}`.
package enum PhaseCommand: Sendable, Hashable {
    /// One phase forward.
    case advance
    /// To a named phase, with or without override (an override needs a reason).
    case goto(phase: String, override: Bool, reason: String?)
}

/// The outcome of a phase command that was not refused.
package struct PhaseTransition: Sendable, Hashable {
    /// The phase before.
    package var from: String
    /// The phase after.
    package var to: String
    /// False for `goto` the current phase (a no-op answered with success).
    package var changed: Bool
    /// The record to append to the audit log; nil when nothing changed.
    package var audit: AuditRecord?

    /// Creates a transition.
    package init(from: String, to: String, changed: Bool, audit: AuditRecord?) {
        self.from = from
        self.to = to
        self.changed = changed
        self.audit = audit
    }
}

/// What a tick of the phase time box produced.
package struct SprintTick: Sendable, Hashable {
    /// Warnings and time's-up of the (former) current phase that fell due, in order.
    package var events: [CountdownEvent]
    /// The auto-advance performed, if any.
    package var transition: PhaseTransition?

    /// Creates a tick result.
    package init(events: [CountdownEvent], transition: PhaseTransition?) {
        self.events = events
        self.transition = transition
    }
}

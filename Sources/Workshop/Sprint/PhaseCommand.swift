/// A phase command: `{"action":"advance"}` or `{"action":"goto","phase":…,"override":…,"reason":…}`.
public enum PhaseCommand: Sendable, Hashable {
    /// One phase forward.
    case advance
    /// To a named phase, with or without override (an override needs a reason).
    case goto(phase: String, override: Bool, reason: String?)
}

/// The outcome of a phase command that was not refused.
public struct PhaseTransition: Sendable, Hashable {
    /// The phase before.
    public var from: String
    /// The phase after.
    public var to: String
    /// False for `goto` the current phase (a no-op answered with success).
    public var changed: Bool
    /// The record to append to the audit log; nil when nothing changed.
    public var audit: AuditRecord?

    /// Creates a transition.
    public init(from: String, to: String, changed: Bool, audit: AuditRecord?) {
        self.from = from
        self.to = to
        self.changed = changed
        self.audit = audit
    }
}

/// What a tick of the phase time box produced.
public struct SprintTick: Sendable, Hashable {
    /// Warnings and time's-up of the (former) current phase that fell due, in order.
    public var events: [CountdownEvent]
    /// The auto-advance performed, if any.
    public var transition: PhaseTransition?

    /// Creates a tick result.
    public init(events: [CountdownEvent], transition: PhaseTransition?) {
        self.events = events
        self.transition = transition
    }
}

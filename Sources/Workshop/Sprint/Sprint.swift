package import Foundation

/// The sprint's phase state machine, exactly as DESIGN.md "The sprint" states it.
///
/// The sprint is a value: commands return a ``PhaseTransition`` (with its ``AuditRecord``) or
/// throw a ``WorkshopError`` with a stable code, and the owner performs the I/O (store the new
/// state and the audit record, broadcast the `phase` event, reschedule the time box).
///
/// Rules:
/// - Only a facilitator moves the phase.
/// - ``advance(by:at:)`` moves one step forward; refused when there is no next phase or the
///   next phase's day has not begun.
/// - ``goto(_:override:reason:by:at:)`` with `override` and a non-empty reason goes to any
///   phase, earlier ("reopen") or later, or restarts the current phase's time box; without
///   override only the next phase of a day that has begun; the current phase is then a no-op
///   that succeeds.
/// - A sprint created before its first day begins starts its first time box when that day
///   begins (as moving the days does), not at its creation.
/// - Each phase has a ``Countdown`` from the moment it was entered; with `autoAdvance`,
///   ``processDue(since:now:)`` moves on when the time box ends, never into a day that had
///   not begun at that instant.
///
/// For example:
/// ```swift
/// var sprint = Sprint(definition: definition, calendar: calendar, at: clock.now)
/// let transition = try sprint.advance(by: .facilitator(), at: clock.now)
/// ```
package struct Sprint: Codable, Sendable, Hashable {
    /// The phases, in order.
    package private(set) var phases: [PhaseDefinition]
    /// The sprint's days.
    package private(set) var calendar: SprintCalendar
    /// Warnings before each phase's time box ends, in seconds left.
    package private(set) var warningsSecondsLeft: [Int]
    /// The index of the current phase in ``phases``.
    package private(set) var phaseIndex: Int
    /// When the current phase was entered (its time box runs from here).
    package private(set) var phaseStartedAt: Date

    /// A new sprint, in its first phase since `at`.
    package init(definition: SessionDefinition, calendar: SprintCalendar, at: Date) {
        phases = definition.phases
        self.calendar = calendar
        warningsSecondsLeft = definition.phaseWarningsSeconds
        phaseIndex = 0
        let day = definition.phases.first?.day ?? 1
        phaseStartedAt = calendar.hasBegun(day: day, at: at) ? at : calendar.start(ofDay: day)
    }

    /// A sprint restored in phase `phaseId`, entered at `phaseStartedAt` (e.g. from storage).
    package init(
        definition: SessionDefinition, calendar: SprintCalendar, phase phaseId: String, phaseStartedAt: Date
    ) throws(WorkshopError) {
        self.init(definition: definition, calendar: calendar, at: phaseStartedAt)
        guard let index = definition.phaseIndex(of: phaseId) else {
            throw WorkshopError(.unknownPhase, "no phase \"\(phaseId)\" in the definition")
        }
        phaseIndex = index
        self.phaseStartedAt = phaseStartedAt
    }

    /// Takes the phases, warnings and days of `definition` and `calendar` (a definition brought
    /// within limits, or dates moved), staying in the phase of the same id (else the same index).
    package mutating func conform(to definition: SessionDefinition, calendar: SprintCalendar) {
        let current = currentPhase.id
        phases = definition.phases
        warningsSecondsLeft = definition.phaseWarningsSeconds
        self.calendar = calendar
        phaseIndex = phases.firstIndex { $0.id == current } ?? min(phaseIndex, phases.count - 1)
    }

    /// Moves the sprint's days (a sprint postponed, before or during it): the days follow
    /// `calendar`; a current phase whose day has not begun under it has its time box start
    /// when that day begins; one already running keeps its time box.
    package mutating func moveDays(to calendar: SprintCalendar, at now: Date) {
        self.calendar = calendar
        if !calendar.hasBegun(day: currentPhase.day, at: now) {
            phaseStartedAt = calendar.start(ofDay: currentPhase.day)
        }
    }

    /// The current phase.
    package var currentPhase: PhaseDefinition { phases[phaseIndex] }

    /// The phase after the current one, if any.
    package var nextPhase: PhaseDefinition? {
        phaseIndex + 1 < phases.count ? phases[phaseIndex + 1] : nil
    }

    /// The current phase's time box.
    package var timeBox: Countdown {
        Countdown(
            startedAt: phaseStartedAt,
            limitMilliseconds: Int64(currentPhase.timeBoxSeconds).saturatingMultiplied(by: 1000),
            warningsSecondsLeft: warningsSecondsLeft)
    }

    /// The instant the current phase's time box ends.
    package var deadline: Date { timeBox.deadline }

    // MARK: Commands

    /// Runs `command` (the body of `POST /api/v1/sessions/{id}/phase`).
    @discardableResult
    package mutating func perform(_ command: PhaseCommand, by caller: Caller, at now: Date) throws(WorkshopError)
        -> PhaseTransition
    {
        switch command {
        case .advance: try advance(by: caller, at: now)
        case .goto(let phase, let override, let reason):
            try goto(phase, override: override, reason: reason, by: caller, at: now)
        }
    }

    /// Moves one phase forward; refused without a next phase or when its day has not begun.
    @discardableResult
    package mutating func advance(by caller: Caller, at now: Date) throws(WorkshopError) -> PhaseTransition {
        try requireFacilitator(caller)
        guard let next = nextPhase else {
            throw WorkshopError(.noNextPhase, "\"\(currentPhase.id)\" is the last phase")
        }
        try requireDayBegun(of: next, at: now)
        return move(to: phaseIndex + 1, action: .phaseAdvance, by: caller, reason: nil, at: now)
    }

    /// Goes to phase `target`: with `override` (and a non-empty reason) anywhere; without,
    /// only to the next phase of a day that has begun. The current phase is a no-op.
    @discardableResult
    package mutating func goto(
        _ target: String, override: Bool, reason: String?, by caller: Caller, at now: Date
    ) throws(WorkshopError) -> PhaseTransition {
        try requireFacilitator(caller)
        guard let index = phases.firstIndex(where: { $0.id == target }) else {
            throw WorkshopError(
                .unknownPhase, "no phase \"\(target)\"; phases: \(phases.map(\.id).joined(separator: ", "))")
        }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if index == phaseIndex {
            // With an override: the phase's time box starts again now (a session prepared days
            // ahead, a phase begun late). Without: nothing to do.
            guard override, let reason, !reason.isEmpty else {
                return PhaseTransition(from: currentPhase.id, to: target, changed: false, audit: nil)
            }
            return move(to: index, action: .phaseOverride, by: caller, reason: reason, at: now)
        }
        if override {
            guard let reason, !reason.isEmpty else {
                throw WorkshopError(.reasonRequired, "an override needs a non-empty reason")
            }
            return move(to: index, action: .phaseOverride, by: caller, reason: reason, at: now)
        }
        if index < phaseIndex {
            throw WorkshopError(
                .reopenRequiresOverride,
                "\"\(target)\" comes before \"\(currentPhase.id)\"; reopening needs override and a reason")
        }
        if index > phaseIndex + 1 {
            throw WorkshopError(
                .skipRefused,
                "\"\(target)\" is not the next phase (\"\(phases[phaseIndex + 1].id)\"); skipping needs override and a reason"
            )
        }
        try requireDayBegun(of: phases[index], at: now)
        return move(
            to: index, action: .phaseGoto, by: caller, reason: reason.flatMap { $0.isEmpty ? nil : $0 }, at: now)
    }

    // MARK: Time box

    /// The current phase's warnings and time's-up due in `(since, now]`, late ones marked.
    package func dueEvents(since: Date?, now: Date) -> [CountdownEvent] {
        timeBox.dueEvents(since: since, now: now)
    }

    /// The current phase's due events, and the auto-advance when its time's-up is among them,
    /// the phase asks for it, and the next phase's day had begun at the deadline.
    ///
    /// The owner calls this on every tick and once at start-up with the last instant it processed.
    package mutating func processDue(since: Date?, now: Date) -> SprintTick {
        let events = dueEvents(since: since, now: now)
        guard currentPhase.autoAdvance, events.contains(where: { $0.kind == .timesUp }), let next = nextPhase,
            calendar.hasBegun(day: next.day, at: deadline)
        else { return SprintTick(events: events, transition: nil) }
        let transition = move(to: phaseIndex + 1, action: .phaseAutoAdvance, by: .system, reason: nil, at: now)
        return SprintTick(events: events, transition: transition)
    }

    // MARK: Helpers

    private func requireFacilitator(_ caller: Caller) throws(WorkshopError) {
        guard caller.role == .facilitator else {
            throw WorkshopError(
                .notFacilitator, "only a facilitator moves the phase (caller is a \(caller.role.rawValue))")
        }
    }

    private func requireDayBegun(of phase: PhaseDefinition, at now: Date) throws(WorkshopError) {
        guard calendar.hasBegun(day: phase.day, at: now) else {
            throw WorkshopError(
                .dayNotBegun,
                "\"\(phase.id)\" belongs to day \(phase.day) (\(calendar.calendarDay(ofDay: phase.day))), which has not begun"
            )
        }
    }

    private mutating func move(to index: Int, action: AuditAction, by caller: Caller, reason: String?, at now: Date)
        -> PhaseTransition
    {
        let from = currentPhase.id
        phaseIndex = index
        phaseStartedAt = now
        let audit = AuditRecord(who: caller, action: action, from: from, to: currentPhase.id, reason: reason, at: now)
        return PhaseTransition(from: from, to: currentPhase.id, changed: true, audit: audit)
    }
}

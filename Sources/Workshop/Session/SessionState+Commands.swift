package import Foundation

// The commands of a session, each one read-modify-write of the state with what it did:
// events for the live channel and the rooms, lines for the audit log. They refuse with a
// ``WorkshopError`` and leave the state unchanged when they do.

extension SessionState {
    // MARK: Phase

    /// Runs a phase command (advance, goto). Leaving the problem phase forward without an
    /// override needs every group's problem statement approved.
    package mutating func perform(
        _ command: PhaseCommand, by caller: Caller, definition: SessionDefinition? = nil, at now: Date
    ) throws(WorkshopError) -> SessionOutcome {
        if let definition, let problemPhase = definition.problemPhase, sprint.currentPhase.id == problemPhase,
            caller.role == .facilitator
        {
            let leaving: Bool
            switch command {
            case .advance: leaving = true
            case .goto(let phase, let override, _):
                leaving = !override && (definition.phaseIndex(of: phase) ?? 0) > sprint.phaseIndex
            }
            let waiting = unapprovedProblems
            if leaving, !waiting.isEmpty {
                throw WorkshopError(
                    .problemNotApproved,
                    "the problem statements of \(waiting.joined(separator: ", ")) are not approved; approve them, or go on with an override and a reason"
                )
            }
        }
        let transition = try sprint.perform(command, by: caller, at: now)
        guard transition.changed else { return .none }
        return SessionOutcome(events: [.phaseMoved(transition)], audit: transition.audit.map { [$0] } ?? [])
    }

    /// Whether ``tick(at:)`` has anything to do at `now` (a cheap check before a transaction).
    package func hasDueEvents(at now: Date) -> Bool {
        // An archived session's timers are stopped.
        if archivedAt != nil { return false }
        if !sprint.dueEvents(since: lastTickAt, now: now).isEmpty { return true }
        if dayBegun(since: lastTickAt, now: now) != nil { return true }
        return pitches.values.contains { pitch in
            !pitch.dueEvents(since: lastTickAt, now: now).isEmpty
                || !pitch.qaDueEvents(since: lastTickAt, now: now).isEmpty
        } || activityTimers.contains { !$0.dueEvents(since: lastTickAt, now: now).isEmpty }
    }

    /// Processes the warnings and time's-ups due since the last tick (and an auto-advance).
    package mutating func tick(at now: Date) -> SessionOutcome {
        let since = lastTickAt
        var outcome = SessionOutcome()
        let deadline = sprint.deadline
        let sprintTick = sprint.processDue(since: since, now: now)
        for event in sprintTick.events {
            outcome.events.append(.timer(.phase, group: nil, event: event, deadline: deadline))
        }
        for group in pitches.keys.sorted() {
            guard let pitch = pitches[group] else { continue }
            for event in pitch.dueEvents(since: since, now: now) {
                outcome.events.append(
                    .timer(.pitch, group: group, event: event, deadline: pitch.timer?.deadline ?? now))
            }
            for event in pitch.qaDueEvents(since: since, now: now) {
                outcome.events.append(.timer(.qa, group: group, event: event, deadline: pitch.qaTimer?.deadline ?? now))
            }
        }
        for timer in activityTimers {
            for event in timer.dueEvents(since: since, now: now) {
                outcome.events.append(.activityTimerDue(timer, event))
            }
        }
        if let transition = sprintTick.transition, transition.changed {
            outcome.events.append(.phaseMoved(transition))
            if let audit = transition.audit { outcome.audit.append(audit) }
        }
        if let day = dayBegun(since: since, now: now) { outcome.events.append(.dayBegan(day)) }
        lastTickAt = now
        return outcome
    }

    /// The sprint day whose start (local midnight) falls in `(since, now]`, if one does.
    private func dayBegun(since: Date?, now: Date) -> Int? {
        guard let since, since < now else { return nil }
        return (1...3).last { day in
            let start = sprint.calendar.start(ofDay: day)
            return start > since && start <= now
        }
    }

    // MARK: Pitch

    /// A group's pitch (a fresh one before anything happened to it); unknown groups refused.
    package func pitch(ofGroup group: String, settings: PitchSettings) throws(WorkshopError) -> Pitch {
        guard jury.groups.contains(group) else { throw WorkshopError(.unknownGroup, "no group \"\(group)\"") }
        return pitches[group] ?? Pitch(group: group, settings: settings)
    }

    /// Starts a group's pitch with its deck of `slideCount` slides: only in the pitch phase
    /// (`pitchPhase`), unless a facilitator overrides with a reason.
    package mutating func startPitch(
        group: String, by caller: Caller, slideCount: Int, definition: SessionDefinition, override: Bool,
        reason: String?, at now: Date
    ) throws(WorkshopError) -> SessionOutcome {
        try requireRecordOpen()
        var pitch = try pitch(ofGroup: group, settings: definition.pitch)
        let pitchPhase = definition.pitchPhase
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if sprint.currentPhase.id != pitchPhase {
            guard override else {
                throw WorkshopError(
                    .notPitchPhase,
                    "pitches start in phase \"\(pitchPhase)\"; the session is in \"\(sprint.currentPhase.id)\" (a facilitator may override with a reason)"
                )
            }
            guard caller.role == .facilitator else {
                throw WorkshopError(.notAllowed, "only a facilitator starts a pitch outside the pitch phase")
            }
            guard let reason, !reason.isEmpty else {
                throw WorkshopError(.reasonRequired, "starting a pitch outside the pitch phase needs a reason")
            }
        }
        var audit = try pitch.start(by: caller, slideCount: slideCount, slideLimit: definition.slideLimit, at: now)
        if sprint.currentPhase.id != pitchPhase { audit.reason = reason }
        pitches[group] = pitch
        return SessionOutcome(events: [.pitchChanged(group: group), .deckFreezeChanged(group: group)], audit: [audit])
    }

    /// Stops a group's pitch.
    package mutating func stopPitch(group: String, by caller: Caller, settings: PitchSettings, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        var pitch = try pitch(ofGroup: group, settings: settings)
        let audit = try pitch.stop(by: caller, at: now).audit
        pitches[group] = pitch
        return SessionOutcome(events: [.pitchChanged(group: group), .deckFreezeChanged(group: group)], audit: [audit])
    }

    /// Gives a group or one of its candidates extra pitch time, before the start. A retry of a
    /// grant already given (its request key) changes nothing, even once the record is closed,
    /// as for the Q&A.
    package mutating func addExtraTime(
        seconds: Int, candidate: String?, reason: String?, group: String, by caller: Caller, settings: PitchSettings,
        at now: Date, requestKey: String? = nil
    ) throws(WorkshopError) -> SessionOutcome {
        if let requestKey, var pitch = pitches[group], pitch.hasGrant(requestKey: requestKey, author: caller.id) {
            _ = try pitch.addExtraTime(
                seconds: seconds, candidate: candidate, reason: reason, by: caller, at: now, requestKey: requestKey)
            return SessionOutcome()
        }
        try requireRecordOpen()
        if let candidate, jury.candidate(candidate)?.group != group {
            throw WorkshopError(.notFound, "no candidate \(candidate) in group \(group)")
        }
        var pitch = try pitch(ofGroup: group, settings: settings)
        guard
            let audit = try pitch.addExtraTime(
                seconds: seconds, candidate: candidate, reason: reason, by: caller, at: now, requestKey: requestKey)
        else { return SessionOutcome() }  // a retry of a grant already given
        pitches[group] = pitch
        return SessionOutcome(events: [.pitchChanged(group: group)], audit: [audit])
    }

    /// Resets a pitch started by mistake (the facilitator, with a reason).
    package mutating func resetPitch(
        group: String, reason: String?, by caller: Caller, settings: PitchSettings, at now: Date
    )
        throws(WorkshopError) -> SessionOutcome
    {
        try requireRecordOpen()
        var pitch = try pitch(ofGroup: group, settings: settings)
        let wasFrozen = pitch.isDeckFrozen
        let audit = try pitch.reset(by: caller, reason: reason, at: now)
        pitches[group] = pitch
        var events: [SessionEvent] = [.pitchChanged(group: group)]
        if wasFrozen { events.append(.deckFreezeChanged(group: group)) }
        return SessionOutcome(events: events, audit: [audit])
    }

    /// Moves the presenter to `slide`.
    package mutating func showSlide(
        _ slide: Int, group: String, by caller: Caller, settings: PitchSettings, at now: Date
    ) throws(WorkshopError) -> SessionOutcome {
        var pitch = try pitch(ofGroup: group, settings: settings)
        try pitch.showSlide(slide, by: caller, at: now)
        pitches[group] = pitch
        return SessionOutcome(events: [.pitchChanged(group: group)])
    }

    /// Starts a group's Q&A timer.
    package mutating func startQA(group: String, by caller: Caller, settings: PitchSettings, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        try requireRecordOpen()
        var pitch = try pitch(ofGroup: group, settings: settings)
        let audit = try pitch.startQA(by: caller, at: now)
        pitches[group] = pitch
        return SessionOutcome(events: [.pitchChanged(group: group)], audit: [audit])
    }

    /// Stops a group's Q&A timer.
    package mutating func stopQA(group: String, by caller: Caller, settings: PitchSettings, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        var pitch = try pitch(ofGroup: group, settings: settings)
        let audit = try pitch.stopQA(by: caller, at: now).audit
        pitches[group] = pitch
        return SessionOutcome(events: [.pitchChanged(group: group)], audit: [audit])
    }

    /// Logs a Q&A entry. A request key the caller already used for this group returns the
    /// entry logged then (`replayed`) and changes nothing, even once the record is closed: the
    /// first request succeeded, and its answer was only lost on the way.
    package mutating func logQA(
        kind: QAKind, text: String, group: String, by caller: Caller, settings: PitchSettings, at now: Date,
        requestKey: String? = nil
    ) throws(WorkshopError) -> (entry: QAEntry, replayed: Bool, outcome: SessionOutcome) {
        if let requestKey, var pitch = pitches[group],
            pitch.qaLog.entry(requestKey: requestKey, author: caller.id) != nil
        {
            let (entry, _) = try pitch.logQA(kind: kind, text: text, by: caller, at: now, requestKey: requestKey)
            return (entry, true, SessionOutcome())
        }
        try requireRecordOpen()
        var pitch = try pitch(ofGroup: group, settings: settings)
        let (entry, _) = try pitch.logQA(kind: kind, text: text, by: caller, at: now, requestKey: requestKey)
        pitches[group] = pitch
        return (entry, false, SessionOutcome(events: [.qaChanged(group: group, entry: entry)]))
    }

    /// Edits a Q&A entry (its history kept).
    package mutating func editQA(
        _ id: String, _ edit: QAEdit, group: String, by caller: Caller, settings: PitchSettings, at now: Date
    ) throws(WorkshopError) -> (entry: QAEntry, outcome: SessionOutcome) {
        try requireRecordOpen()
        if let answeredBy = edit.answeredBy {
            let members = Set(jury.candidates(of: group).map(\.id))
            if let stranger = answeredBy.first(where: { !members.contains($0) }) {
                throw WorkshopError(.invalidEntry, "\(stranger) is not a candidate of group \(group)")
            }
        }
        var pitch = try pitch(ofGroup: group, settings: settings)
        let entry = try pitch.editQA(id, edit, by: caller, at: now)
        pitches[group] = pitch
        return (entry, SessionOutcome(events: [.qaChanged(group: group, entry: entry)]))
    }

    // MARK: Jury

    /// Saves scores in the caller's draft for `group`.
    package mutating func putScores(_ scores: [String: ScoreEntry], group: String, by caller: Caller, at now: Date)
        throws(WorkshopError) -> ScoreSheet
    {
        try requireRecordOpen()
        return try jury.putScores(scores, group: group, by: caller, at: now)
    }

    /// Saves scores for one candidate: a juror's overrides, or the facilitator's scores.
    package mutating func putCandidateScores(
        _ scores: [String: ScoreEntry], candidate: String, by caller: Caller, at now: Date
    ) throws(WorkshopError) -> (sheet: CandidateSheet, outcome: SessionOutcome) {
        try requireRecordOpen()
        let sheet = try jury.putCandidateScores(scores, candidate: candidate, by: caller, at: now)
        guard caller.role == .facilitator else { return (sheet, .none) }
        return (
            sheet,
            SessionOutcome(
                events: [.scoresChanged(group: sheet.group)],
                audit: [AuditRecord(who: caller, action: .candidateScores, to: candidate, group: sheet.group, at: now)])
        )
    }

    /// Submits and locks the caller's sheet for `group`.
    package mutating func submitScores(group: String, by caller: Caller, at now: Date) throws(WorkshopError) -> (
        sheet: ScoreSheet, outcome: SessionOutcome
    ) {
        try requireRecordOpen()
        let (sheet, audit) = try jury.submit(group: group, by: caller, at: now)
        return (sheet, SessionOutcome(events: [.scoresChanged(group: group)], audit: [audit]))
    }

    /// Declares the caller's conflict of interest for `group`; an acting president of the
    /// group who declares one no longer presides over it (the facilitator names another).
    package mutating func declareConflict(group: String, by caller: Caller, reason: String?, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        try requireRecordOpen()
        let audit = try jury.declareConflict(group: group, by: caller, reason: reason, at: now)
        guard deliberation.actingPresidents[group] == caller.id else {
            return SessionOutcome(events: [.scoresChanged(group: group)], audit: [audit])
        }
        deliberation.actingPresidents[group] = nil
        return SessionOutcome(events: [.scoresChanged(group: group), .deliberationChanged], audit: [audit])
    }

    /// Reveals `group`'s scores to the facilitator early (audited).
    package mutating func revealEarly(group: String, by caller: Caller, reason: String, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        let audit = try jury.revealEarly(group: group, by: caller, reason: reason, at: now)
        return SessionOutcome(events: [.scoresChanged(group: group)], audit: [audit])
    }
}

extension SessionDefinition {
    /// The phase in which pitches start: the phase `pitch`, else the last phase.
    package var pitchPhase: String {
        phases.first { $0.id == "pitch" }?.id ?? phases.last?.id ?? "pitch"
    }
}

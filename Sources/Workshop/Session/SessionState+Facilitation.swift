package import Foundation

// The facilitator's tools for running the room: activity timers and follow-me. Each command
// is one read-modify-write of the state inside the session's transaction, like the others.

extension SessionState {
    // MARK: Activity timers

    /// The activity timers `caller` is shown: all of them for a facilitator, the session's and
    /// their group's for a participant, the session's for others (and for everyone: nil).
    package func activityTimers(for caller: Caller?) -> [ActivityTimer] {
        activityTimers.filter { Self.concerns(caller, group: $0.group) }
    }

    /// Whether something for `group` (nil: the whole session) concerns `caller`.
    static func concerns(_ caller: Caller?, group: String?) -> Bool {
        guard let group else { return true }
        return caller?.role == .facilitator || (caller?.role == .participant && caller?.group == group)
    }

    /// Starts a named timer of `seconds` for the session or one group (a facilitator).
    package mutating func startActivityTimer(
        id: String, label: String, seconds: Int, group: String?, by caller: Caller, at now: Date
    ) throws(WorkshopError) -> (timer: ActivityTimer, outcome: SessionOutcome) {
        try requireFacilitator(caller, "runs activity timers")
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...ActivityTimer.maxLabelLength).contains(label.count) else {
            throw WorkshopError(.invalidEntry, "a timer's label has 1 to \(ActivityTimer.maxLabelLength) characters")
        }
        guard (1...ActivityTimer.maxSeconds).contains(seconds) else {
            throw WorkshopError(.invalidEntry, "a timer runs 1 to \(ActivityTimer.maxSeconds) seconds")
        }
        if let group, !jury.groups.contains(group) { throw WorkshopError(.unknownGroup, "no group \"\(group)\"") }
        guard activityTimers.count < ActivityTimer.maxRunning else {
            throw WorkshopError(
                .tooManyTimers, "at most \(ActivityTimer.maxRunning) timers run at once; stop one first")
        }
        let timer = ActivityTimer(id: id, label: label, group: group, seconds: seconds, by: caller.id, at: now)
        activityTimers.append(timer)
        return (
            timer,
            SessionOutcome(
                events: [.activityTimerChanged(timer, stopped: false)],
                audit: [AuditRecord(who: caller, action: .timerStart, to: label, group: group, at: now)])
        )
    }

    /// What a facilitator does to a running activity timer.
    package enum TimerCommand: Sendable, Hashable {
        case pause
        case resume
        case add(seconds: Int)
        case stop
    }

    /// Pauses, resumes, extends or stops an activity timer (a facilitator). A stopped timer
    /// leaves the state; the event and the audit keep it.
    package mutating func changeActivityTimer(_ id: String, _ command: TimerCommand, by caller: Caller, at now: Date)
        throws(WorkshopError) -> (timer: ActivityTimer, outcome: SessionOutcome)
    {
        try requireFacilitator(caller, "runs activity timers")
        guard let index = activityTimers.firstIndex(where: { $0.id == id }) else {
            throw WorkshopError(.notFound, "no timer \(id)")
        }
        var timer = activityTimers[index]
        let action: AuditAction
        var reason: String?
        switch command {
        case .pause:
            try timer.pause(at: now)
            action = .timerPause
        case .resume:
            try timer.resume(at: now)
            action = .timerResume
        case .add(let seconds):
            try timer.add(seconds: seconds)
            action = .timerAdd
            reason = "+\(seconds) s"
        case .stop:
            activityTimers.remove(at: index)
            return (
                timer,
                SessionOutcome(
                    events: [.activityTimerChanged(timer, stopped: true)],
                    audit: [AuditRecord(who: caller, action: .timerStop, to: timer.label, group: timer.group, at: now)])
            )
        }
        activityTimers[index] = timer
        return (
            timer,
            SessionOutcome(
                events: [.activityTimerChanged(timer, stopped: false)],
                audit: [
                    AuditRecord(
                        who: caller, action: action, to: timer.label, group: timer.group, reason: reason, at: now)
                ])
        )
    }

    // MARK: Follow me

    /// The leads `caller` is shown (as ``activityTimers(for:)``).
    package func followLeads(for caller: Caller?) -> [FollowLead] {
        follows.values.sorted { ($0.group ?? "") < ($1.group ?? "") }.filter { Self.concerns(caller, group: $0.group) }
    }

    /// Brings the session, or one group, to a board and a view (a facilitator). A new lead of
    /// the same scope replaces the last.
    package mutating func lead(
        to board: String, kind: String, view: FollowLead.View, group: String?, by caller: Caller, at now: Date
    ) throws(WorkshopError) -> (lead: FollowLead, outcome: SessionOutcome) {
        try requireFacilitator(caller, "leads people to a board")
        if let problem = view.problem { throw WorkshopError(.invalidEntry, problem) }
        if let group, !jury.groups.contains(group) { throw WorkshopError(.unknownGroup, "no group \"\(group)\"") }
        let lead = FollowLead(by: caller.id, board: board, kind: kind, view: view, group: group, at: now)
        follows[group ?? ""] = lead
        return (lead, SessionOutcome(events: [.followChanged(group: group, lead: lead)]))
    }

    /// Ends the lead of the session (`group` nil) or of one group; nothing to end is no change.
    package mutating func endLead(group: String?, by caller: Caller) throws(WorkshopError) -> SessionOutcome {
        try requireFacilitator(caller, "leads people to a board")
        guard follows.removeValue(forKey: group ?? "") != nil else { return .none }
        return SessionOutcome(events: [.followChanged(group: group, lead: nil)])
    }

    // MARK: -

    /// Refuses a caller who is not a facilitator.
    func requireFacilitator(_ caller: Caller, _ what: String) throws(WorkshopError) {
        guard caller.role == .facilitator else { throw WorkshopError(.notFacilitator, "only a facilitator \(what)") }
    }
}

extension SessionState {
    // MARK: Votes

    /// A board's vote as it stands (a fresh one with the definition's budget before anything).
    package func vote(onBoard board: String, definition: SessionDefinition) -> BoardVote {
        votes[board] ?? BoardVote(budget: definition.voteBudget)
    }

    /// Puts `caller`'s dot on `item` of `board` (a participant who may write the board);
    /// true when it is a new dot, false when it was there already.
    package mutating func castVote(item: String, board: String, by caller: Caller, definition: SessionDefinition)
        throws(WorkshopError) -> (added: Bool, outcome: SessionOutcome)
    {
        guard caller.role == .participant else {
            throw WorkshopError(.notAllowed, "participants vote; a \(caller.role.rawValue) does not")
        }
        var vote = vote(onBoard: board, definition: definition)
        let added = try vote.cast(item: item, by: caller.id)
        votes[board] = vote
        return (added, added ? SessionOutcome(events: [.votesChanged(board: board)]) : .none)
    }

    /// Takes back `caller`'s dot on `item` of `board`.
    package mutating func withdrawVote(item: String, board: String, by caller: Caller, definition: SessionDefinition)
        throws(WorkshopError) -> SessionOutcome
    {
        var vote = vote(onBoard: board, definition: definition)
        try vote.withdraw(item: item, by: caller.id)
        votes[board] = vote
        return SessionOutcome(events: [.votesChanged(board: board)])
    }

    /// Changes a board's vote (a facilitator): anonymity and budget, which change only while
    /// nobody has voted (a named vote turned anonymous would already show names, an anonymous
    /// one turned named would show what was cast in secret); `reveal` shows anonymous counts.
    package mutating func setVote(
        board: String, anonymous: Bool?, budget: Int?, reveal: Bool?, by caller: Caller,
        definition: SessionDefinition, at now: Date
    ) throws(WorkshopError) -> SessionOutcome {
        try requireFacilitator(caller, "sets a vote")
        var vote = vote(onBoard: board, definition: definition)
        let before = vote
        if let budget {
            guard (1...BoardVote.maxBudget).contains(budget) else {
                throw WorkshopError(.invalidEntry, "a vote budget is 1 to \(BoardVote.maxBudget)")
            }
            guard budget >= vote.ballots.values.map(\.count).max() ?? 0 else {
                throw WorkshopError(
                    .voteBudget, "someone has already used more than \(budget) votes; reset the vote to lower it")
            }
            vote.budget = budget
        }
        if let anonymous, anonymous != vote.anonymous {
            guard vote.ballots.isEmpty else {
                throw WorkshopError(
                    .alreadyStarted,
                    "people have voted: reset the vote before making it \(anonymous ? "anonymous" : "named")")
            }
            vote.anonymous = anonymous
            vote.revealed = false
        }
        if let reveal { vote.revealed = reveal && vote.anonymous }
        guard vote != before else { return .none }
        votes[board] = vote
        var settings = ["anonymous: \(vote.anonymous)", "budget: \(vote.budget)"]
        if vote.anonymous { settings.append("revealed: \(vote.revealed)") }
        return SessionOutcome(
            events: [.votesChanged(board: board)],
            audit: [
                AuditRecord(
                    who: caller, action: .voteSettings, to: board, reason: settings.joined(separator: ", "), at: now)
            ])
    }

    /// Clears a board's votes (a facilitator); its settings stay, an anonymous vote is hidden again.
    package mutating func resetVote(board: String, by caller: Caller, definition: SessionDefinition, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        try requireFacilitator(caller, "resets a vote")
        var vote = vote(onBoard: board, definition: definition)
        vote.ballots = [:]
        vote.revealed = false
        votes[board] = vote
        return SessionOutcome(
            events: [.votesChanged(board: board)],
            audit: [AuditRecord(who: caller, action: .voteReset, to: board, at: now)])
    }
}

extension SessionState {
    // MARK: Private mode

    /// Makes a board private from update position `since` (a facilitator): from then on, what
    /// its participants write is withheld from one another until ``revealBoard(_:by:at:)``.
    package mutating func makeBoardPrivate(_ board: String, since: Int64, by caller: Caller, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        try requireFacilitator(caller, "makes a board private")
        guard privateBoards[board] == nil else { return .none }
        privateBoards[board] = PrivateMode(since: since, by: caller.id, at: now)
        return SessionOutcome(
            events: [.boardModeChanged(board: board)],
            audit: [AuditRecord(who: caller, action: .boardPrivate, to: board, at: now)])
    }

    /// Reveals a private board (a facilitator): everything withheld reaches everyone.
    package mutating func revealBoard(_ board: String, by caller: Caller, at now: Date) throws(WorkshopError)
        -> SessionOutcome
    {
        try requireFacilitator(caller, "reveals a board")
        guard privateBoards.removeValue(forKey: board) != nil else { return .none }
        return SessionOutcome(
            events: [.boardModeChanged(board: board)],
            audit: [AuditRecord(who: caller, action: .boardShared, to: board, at: now)])
    }
}

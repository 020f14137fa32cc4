package import Foundation

/// Everything about a session that changes while it runs: the sprint's phase, each group's
/// pitch, the jury's sheets, and the last instant its timers were processed.
///
/// The state is a value: commands (``SessionState+Commands``) change it and return a
/// ``SessionOutcome`` with the events to tell and the audit lines to keep; the server runs each
/// command inside the store transaction that reads and writes the session, so two commands
/// never overwrite each other.
///
/// For example:
/// ```swift
/// var state = SessionState(definition: definition, calendar: calendar, at: now)
/// let outcome = try state.perform(.advance, by: .facilitator(), at: now)
/// ```
package struct SessionState: Codable, Sendable, Hashable {
    /// The sprint's phase state machine.
    package var sprint: Sprint
    /// Each group's pitch, once something happened to it.
    package var pitches: [String: Pitch]
    /// The jury's sheets, conflicts and reveals.
    package var jury: Jury
    /// The last instant timers were processed (time-box and pitch warnings).
    package var lastTickAt: Date?
    /// The jury's deliberation and its signed record.
    package var deliberation = Deliberation()
    /// Each group's problem statement.
    package var problems: [String: ProblemStatement] = [:]
    /// When a facilitator archived the session (read-only for everyone, timers stopped); nil
    /// while it runs.
    package var archivedAt: Date?
    /// The activity timers running or paused, in start order.
    package var activityTimers: [ActivityTimer] = []
    /// Where facilitators lead people: by group id, `""` for the whole session.
    package var follows: [String: FollowLead] = [:]
    /// Each board's server-counted vote, by board id (once something was voted or set).
    package var votes: [String: BoardVote] = [:]
    /// The boards in private mode, by board id.
    package var privateBoards: [String: PrivateMode] = [:]
    /// When a facilitator last moved the sprint's days (the retention period runs from then at
    /// the earliest); nil when they never moved.
    package var datesMovedAt: Date?

    /// A new session's state: the sprint in its first phase since `at`, no pitch, no sheet.
    package init(definition: SessionDefinition, calendar: SprintCalendar, candidates: [Candidate] = [], at: Date) {
        sprint = Sprint(definition: definition, calendar: calendar, at: at)
        pitches = [:]
        jury = Jury(definition: definition, candidates: candidates)
        lastTickAt = at
    }

    /// The state stored as `json` for a session of `definition`. Copies of the definition the
    /// state holds (phases, pitch limits, rubric) are taken from `definition`, so a definition
    /// brought within limits is what every timer and score uses.
    package static func decode(_ json: Data, definition: SessionDefinition, calendar: SprintCalendar) throws
        -> SessionState
    {
        let stored = try JSONDecoder.epochMilliseconds.decode(Stored.self, from: json)
        var state = SessionState(
            sprint: stored.sprint, pitches: stored.pitches ?? [:], jury: stored.jury ?? Jury(definition: definition),
            lastTickAt: stored.lastTickAt)
        state.deliberation = stored.deliberation ?? Deliberation()
        state.problems = stored.problems ?? [:]
        state.archivedAt = stored.archivedAt
        state.activityTimers = stored.activityTimers ?? []
        state.follows = stored.follows ?? [:]
        state.votes = stored.votes ?? [:]
        state.privateBoards = stored.privateBoards ?? [:]
        state.datesMovedAt = stored.datesMovedAt
        state.conform(to: definition, calendar: calendar)
        return state
    }

    /// The state as stored: JSON, keys sorted, dates in epoch milliseconds.
    package func encoded() throws -> Data {
        try JSONEncoder.epochMilliseconds.encode(self)
    }

    /// Takes the copies of `definition` the state holds (after clamping or an edit).
    package mutating func conform(to definition: SessionDefinition, calendar: SprintCalendar) {
        sprint.conform(to: definition, calendar: calendar)
        for group in pitches.keys { pitches[group]?.settings = definition.pitch }
        jury.conform(to: definition)
    }

    private init(sprint: Sprint, pitches: [String: Pitch], jury: Jury, lastTickAt: Date?) {
        self.sprint = sprint
        self.pitches = pitches
        self.jury = jury
        self.lastTickAt = lastTickAt
    }

    /// The stored form, tolerant of fields added later (absent ones take their defaults).
    private struct Stored: Decodable {
        var sprint: Sprint
        var pitches: [String: Pitch]?
        var jury: Jury?
        var lastTickAt: Date?
        var deliberation: Deliberation?
        var problems: [String: ProblemStatement]?
        var archivedAt: Date?
        var activityTimers: [ActivityTimer]?
        var follows: [String: FollowLead]?
        var votes: [String: BoardVote]?
        var privateBoards: [String: PrivateMode]?
        var datesMovedAt: Date?
    }
}

extension JSONEncoder {
    /// Dates as whole epoch milliseconds, keys sorted: the form of every stored and sent date.
    package static var epochMilliseconds: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.epochMilliseconds)
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONDecoder {
    /// Dates as epoch milliseconds.
    package static var epochMilliseconds: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}

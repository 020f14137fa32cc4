package import Foundation

/// One group's pitch: the deck check and freeze, the pitch timer, the presenter's slides, then
/// the Q&A with its own timer and log.
///
/// The pitch runs once: ``start(by:slideCount:slideLimit:at:)`` refuses a deck with more slides
/// than the limit (naming both numbers), freezes the deck (``isDeckFrozen``) and starts the
/// timer at slide 0; ``stop(by:at:)`` records the duration and the overtime to the millisecond
/// and unfreezes the deck. Facilitators and jurors run the timers; the presenter (a participant
/// of the group) or the facilitator moves slides.
///
/// For example:
/// ```swift
/// var pitch = Pitch(group: "g1", settings: definition.pitch)
/// let started = try pitch.start(by: .juror("j1"), slideCount: 9, slideLimit: 10, at: clock.now)
/// try pitch.showSlide(1, by: .participant("p1", group: "g1"), at: clock.now)
/// let stopped = try pitch.stop(by: .facilitator(), at: clock.now)
/// stopped.record.overtimeMilliseconds
/// ```
package struct Pitch: Codable, Sendable, Hashable {
    /// The id of the pitching group.
    package let group: String
    /// Limits and warnings.
    package var settings: PitchSettings
    /// The pitch timer, once started.
    package private(set) var timer: TimerRun?
    /// The number of slides in the deck when the pitch started (its snapshot is stored by the owner).
    package private(set) var slideCount: Int?
    /// The presenter's slide changes, in order; the first is slide 0 at the start.
    package private(set) var slideChanges: [SlideChange] = []
    /// The Q&A timer, once started.
    package private(set) var qaTimer: TimerRun?
    /// The Q&A log.
    package private(set) var qaLog = QALog()
    /// Extra time given before the start (a group's, or a candidate's *tiers-temps*).
    package private(set) var extraTime: [ExtraTime] = []
    /// Grants of ``extraTime`` by their author and request key (`Idempotency-Key`): a retried
    /// grant finds its first one instead of adding the time twice.
    private var extraTimeKeys: RequestKeys<Int>?

    /// A pitch not yet started.
    package init(group: String, settings: PitchSettings) {
        self.group = group
        self.settings = settings
    }

    private enum CodingKeys: String, CodingKey {
        case group, settings, timer, slideCount, slideChanges, qaTimer, qaLog, extraTime, extraTimeKeys
    }

    /// Decodes a stored pitch (pitches stored before extra time existed have none).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        group = try container.decode(String.self, forKey: .group)
        settings = try container.decode(PitchSettings.self, forKey: .settings)
        timer = try container.decodeIfPresent(TimerRun.self, forKey: .timer)
        slideCount = try container.decodeIfPresent(Int.self, forKey: .slideCount)
        slideChanges = try container.decodeIfPresent([SlideChange].self, forKey: .slideChanges) ?? []
        qaTimer = try container.decodeIfPresent(TimerRun.self, forKey: .qaTimer)
        qaLog = try container.decodeIfPresent(QALog.self, forKey: .qaLog) ?? QALog()
        extraTime = try container.decodeIfPresent([ExtraTime].self, forKey: .extraTime) ?? []
        extraTimeKeys = try container.decodeIfPresent(RequestKeys<Int>.self, forKey: .extraTimeKeys)
    }

    /// The pitch's limit in seconds: the format's, plus the extra time given.
    package var limitSeconds: Int {
        extraTime.reduce(settings.limitSeconds) { $0.saturatingAdding($1.seconds) }.clamped(
            to: 1...(2 * Limits.maxSeconds))
    }

    /// Whether `author` already gave a grant with `requestKey`.
    package func hasGrant(requestKey: String, author: String) -> Bool {
        extraTimeKeys?[requestKey, author: author] != nil
    }

    /// Gives the group (or one of its candidates) extra time, before the start, with a reason.
    /// With a request key its author already used, nothing is added and nil is returned
    /// (provided the grant is the same; else 422).
    package mutating func addExtraTime(
        seconds: Int, candidate: String?, reason: String?, by caller: Caller, at now: Date, requestKey: String? = nil
    )
        throws(WorkshopError) -> AuditRecord?
    {
        guard caller.role == .facilitator else {
            throw WorkshopError(.notAllowed, "only the facilitator gives extra time")
        }
        if let requestKey, let index = extraTimeKeys?[requestKey, author: caller.id], extraTime.indices.contains(index)
        {
            let first = extraTime[index]
            let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            guard first.seconds == seconds, first.candidate == candidate, first.reason == trimmed else {
                throw WorkshopError(.keyReused, "request key \"\(requestKey)\" was used for another grant")
            }
            return nil
        }
        guard timer == nil else { throw WorkshopError(.alreadyStarted, "extra time is given before the pitch starts") }
        guard (1...Limits.maxSeconds).contains(seconds) else {
            throw WorkshopError(.invalidEntry, "extra time must be between 1 and \(Limits.maxSeconds) seconds")
        }
        let given = extraTime.reduce(0) { $0 + $1.seconds }
        guard given + seconds <= Limits.maxSeconds else {
            // The pitch's limit would otherwise stop growing while the record lists every grant.
            throw WorkshopError(
                .invalidEntry,
                "extra time adds up to at most \(Limits.maxSeconds) seconds; \(given) are already given to this group")
        }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty else { throw WorkshopError(.reasonRequired, "extra time needs a reason") }
        extraTime.append(ExtraTime(candidate: candidate, seconds: seconds, reason: reason, by: caller.id, at: now))
        if let requestKey {
            var keys = extraTimeKeys ?? RequestKeys()
            keys[requestKey, author: caller.id] = extraTime.count - 1
            extraTimeKeys = keys
        }
        return AuditRecord(who: caller, action: .extraTime, to: candidate, group: group, reason: reason, at: now)
    }

    /// The facilitator resets a pitch started by mistake (with a reason): timers and slides
    /// go back to "not started"; the Q&A log and the extra time stay. The audit line keeps the
    /// old timing.
    package mutating func reset(by caller: Caller, reason: String?, at now: Date) throws(WorkshopError)
        -> AuditRecord
    {
        guard caller.role == .facilitator else {
            throw WorkshopError(.notAllowed, "only the facilitator resets a pitch")
        }
        guard let timer else { throw WorkshopError(.notRunning, "the pitch has not started") }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty else { throw WorkshopError(.reasonRequired, "resetting a pitch needs a reason") }
        let before =
            "started \(timer.startedAt.epochMilliseconds), stopped \(timer.stoppedAt.map { "\($0.epochMilliseconds)" } ?? "—")"
        self.timer = nil
        slideCount = nil
        slideChanges = []
        qaTimer = nil
        return AuditRecord(who: caller, action: .pitchReset, from: before, group: group, reason: reason, at: now)
    }

    /// Whether the deck is frozen: from the pitch's start until it stops.
    package var isDeckFrozen: Bool { timer?.isRunning ?? false }

    /// The current slide while the pitch runs.
    package var currentSlide: Int? {
        guard isDeckFrozen else { return nil }
        return slideChanges.last?.slide
    }

    // MARK: Pitch timer

    /// Starts the pitch: refused to roles other than facilitator and juror, when already
    /// started, or when `slideCount` exceeds `slideLimit`. The owner freezes and snapshots the deck.
    @discardableResult
    package mutating func start(by caller: Caller, slideCount: Int, slideLimit: Int, at now: Date) throws(WorkshopError)
        -> AuditRecord
    {
        try requireTimekeeper(caller)
        guard timer == nil else {
            throw WorkshopError(.alreadyStarted, "the pitch of group \(group) was already started")
        }
        if let refusal = BoardAccess.slideLimitRefusal(slideCount: slideCount, limit: slideLimit) {
            throw WorkshopError(
                .slideLimitExceeded,
                "the deck has \(slideCount) slides; the limit is \(slideLimit) (\(refusal.code.rawValue))")
        }
        timer = TimerRun(startedAt: now, limitSeconds: limitSeconds, warningsSecondsLeft: settings.warningsSeconds)
        self.slideCount = slideCount
        slideChanges = [SlideChange(slide: 0, at: now, by: caller.id)]
        return AuditRecord(who: caller, action: .pitchStart, group: group, at: now)
    }

    /// Stops the pitch: the record keeps the duration and overtime to the millisecond; the deck unfreezes.
    @discardableResult
    package mutating func stop(by caller: Caller, at now: Date) throws(WorkshopError) -> (
        record: TimerRecord, audit: AuditRecord
    ) {
        try requireTimekeeper(caller)
        guard var run = timer, run.isRunning else { throw WorkshopError(.notRunning, "the pitch is not running") }
        run.stoppedAt = now
        timer = run
        return (run.record!, AuditRecord(who: caller, action: .pitchStop, group: group, at: now))
    }

    /// The pitch timer's warnings (2 min and 1 min left by default) and time's-up due in `(since, now]`.
    package func dueEvents(since: Date?, now: Date) -> [CountdownEvent] {
        timer?.dueEvents(since: since, now: now) ?? []
    }

    /// The pitch's overtime in milliseconds at `now` (frozen once stopped; 0 before the start).
    package func overtimeMilliseconds(at now: Date) -> Int64 {
        timer?.overtimeMilliseconds(at: now) ?? 0
    }

    // MARK: Slides

    /// Moves the presenter to slide `slide` (0-based) while the pitch runs; the facilitator or a
    /// participant of the group may. Showing the current slide again changes nothing.
    package mutating func showSlide(_ slide: Int, by caller: Caller, at now: Date) throws(WorkshopError) {
        guard caller.role == .facilitator || (caller.role == .participant && caller.group == group) else {
            throw WorkshopError(.notAllowed, "only the presenting group or the facilitator changes slides")
        }
        guard isDeckFrozen, let slideCount else { throw WorkshopError(.notRunning, "the pitch is not running") }
        guard (0..<slideCount).contains(slide) else {
            throw WorkshopError(.slideOutOfRange, "slide \(slide) is not in the deck (0..<\(slideCount))")
        }
        guard slide != currentSlide else { return }
        slideChanges.append(SlideChange(slide: slide, at: now, by: caller.id))
    }

    /// Milliseconds spent on each slide (0-based index → ms), summed over visits, up to the
    /// stop (or `now` while the pitch runs).
    package func slideTimings(at now: Date) -> [Int: Int64] {
        guard let timer else { return [:] }
        let end = timer.stoppedAt ?? now
        var timings: [Int: Int64] = [:]
        for (index, change) in slideChanges.enumerated() {
            let until = index + 1 < slideChanges.count ? slideChanges[index + 1].at : end
            timings[change.slide, default: 0] += until.milliseconds(since: change.at)
        }
        return timings
    }

    // MARK: Q&A

    /// Starts the Q&A timer (default 600 s); refused while the pitch runs or if already started.
    @discardableResult
    package mutating func startQA(by caller: Caller, at now: Date) throws(WorkshopError) -> AuditRecord {
        try requireTimekeeper(caller)
        guard !isDeckFrozen else { throw WorkshopError(.pitchRunning, "stop the pitch before the Q&A") }
        guard qaTimer == nil else { throw WorkshopError(.alreadyStarted, "the Q&A was already started") }
        qaTimer = TimerRun(startedAt: now, limitSeconds: settings.qaLimitSeconds, warningsSecondsLeft: [])
        return AuditRecord(who: caller, action: .qaStart, group: group, at: now)
    }

    /// Stops the Q&A timer.
    @discardableResult
    package mutating func stopQA(by caller: Caller, at now: Date) throws(WorkshopError) -> (
        record: TimerRecord, audit: AuditRecord
    ) {
        try requireTimekeeper(caller)
        guard var run = qaTimer, run.isRunning else { throw WorkshopError(.notRunning, "the Q&A is not running") }
        run.stoppedAt = now
        qaTimer = run
        return (run.record!, AuditRecord(who: caller, action: .qaStop, group: group, at: now))
    }

    /// The Q&A timer's time's-up due in `(since, now]`.
    package func qaDueEvents(since: Date?, now: Date) -> [CountdownEvent] {
        qaTimer?.dueEvents(since: since, now: now) ?? []
    }

    /// Logs a Q&A entry (jurors and the facilitator); see ``QALog/add(kind:text:by:at:requestKey:)``.
    @discardableResult
    package mutating func logQA(kind: QAKind, text: String, by caller: Caller, at now: Date, requestKey: String? = nil)
        throws(WorkshopError) -> (entry: QAEntry, replayed: Bool)
    {
        try requireTimekeeper(caller)
        return try qaLog.add(kind: kind, text: text, by: caller, at: now, requestKey: requestKey)
    }

    /// Edits a Q&A entry, keeping its history; see ``QALog/edit(_:_:by:at:)``.
    @discardableResult
    package mutating func editQA(_ id: String, _ edit: QAEdit, by caller: Caller, at now: Date) throws(WorkshopError)
        -> QAEntry
    {
        try requireTimekeeper(caller)
        return try qaLog.edit(id, edit, by: caller, at: now)
    }

    private func requireTimekeeper(_ caller: Caller) throws(WorkshopError) {
        guard caller.role == .facilitator || caller.role == .juror else {
            throw WorkshopError(.notAllowed, "only the facilitator or a juror runs the pitch and the Q&A")
        }
    }
}

/// The presenter moved to a slide.
package struct SlideChange: Codable, Sendable, Hashable {
    /// The slide shown from now on (0-based).
    package var slide: Int
    /// When.
    package var at: Date
    /// Who moved it.
    package var by: String

    /// Creates a slide change.
    package init(slide: Int, at: Date, by: String) {
        self.slide = slide
        self.at = at
        self.by = by
    }
}

/// Extra pitch time given before the start.
package struct ExtraTime: Codable, Sendable, Hashable {
    /// The candidate it is for (nil: the whole group).
    package var candidate: String?
    /// How many seconds.
    package var seconds: Int
    /// Why (e.g. a recognised disability: *tiers-temps*).
    package var reason: String
    /// Who gave it.
    package var by: String
    /// When.
    package var at: Date
}

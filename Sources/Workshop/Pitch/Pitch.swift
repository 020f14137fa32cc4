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

    /// A pitch not yet started.
    package init(group: String, settings: PitchSettings) {
        self.group = group
        self.settings = settings
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
        timer = TimerRun(
            startedAt: now, limitSeconds: settings.limitSeconds, warningsSecondsLeft: settings.warningsSeconds)
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

    /// Logs a Q&A entry (jurors and the facilitator); see ``QALog/add(kind:text:by:at:)``.
    @discardableResult
    package mutating func logQA(kind: QAKind, text: String, by caller: Caller, at now: Date) throws(WorkshopError)
        -> QAEntry
    {
        try requireTimekeeper(caller)
        return try qaLog.add(kind: kind, text: text, by: caller, at: now)
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

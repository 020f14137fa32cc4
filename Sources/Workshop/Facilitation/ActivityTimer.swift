package import Foundation

/// A named timer a facilitator runs beside the phase's time box ("Crazy 8 — 8 min"), for the
/// whole session or one group. Server-timed like a pitch: every client counts down from the
/// same deadline. It can be paused, resumed and given more time; at its deadline it signals
/// time's up once, then counts overtime until the facilitator stops it.
///
/// A pause shifts the start, so ``countdown`` always holds the deadline the timer runs to.
///
/// For example:
/// ```swift
/// var timer = ActivityTimer(id: "t_1", label: "Crazy 8", group: nil, seconds: 480, by: "facilitator", at: now)
/// try timer.pause(at: now + 60)   // 420 s left, frozen
/// try timer.resume(at: now + 90)  // deadline 30 s later than before
/// ```
package struct ActivityTimer: Codable, Sendable, Hashable {
    /// Its id (`t_…`).
    package var id: String
    /// What it times, as the facilitator wrote it.
    package var label: String
    /// The group it is for; nil for the whole session.
    package var group: String?
    /// Who started it.
    package var startedBy: String
    /// The countdown, its start shifted by the pauses so far.
    package var countdown: Countdown
    /// When it was paused; nil while it runs.
    package var pausedAt: Date?

    /// Longest timer, and most time one request adds: one day.
    package static let maxSeconds = 24 * 3600
    /// Most timers running at once in a session.
    package static let maxRunning = 20
    /// Longest label, in characters.
    package static let maxLabelLength = 80

    /// A timer of `seconds` started at `at`.
    package init(id: String, label: String, group: String?, seconds: Int, by who: String, at: Date) {
        self.id = id
        self.label = label
        self.group = group
        startedBy = who
        countdown = Countdown(
            startedAt: at, limitMilliseconds: Int64(seconds).saturatingMultiplied(by: 1000), warningsSecondsLeft: [])
    }

    /// Whether it is paused.
    package var isPaused: Bool { pausedAt != nil }

    /// The instant it reaches zero (if it runs on without a pause).
    package var deadline: Date { countdown.deadline }

    /// Milliseconds left at `now` (negative in overtime; frozen while paused).
    package func remainingMilliseconds(at now: Date) -> Int64 {
        countdown.remainingMilliseconds(at: pausedAt ?? now)
    }

    /// Pauses it.
    package mutating func pause(at now: Date) throws(WorkshopError) {
        guard pausedAt == nil else { throw WorkshopError(.timerPaused, "the timer \"\(label)\" is already paused") }
        pausedAt = now
    }

    /// Resumes it: the time it stood still moves its deadline.
    package mutating func resume(at now: Date) throws(WorkshopError) {
        guard let pausedAt else { throw WorkshopError(.timerNotPaused, "the timer \"\(label)\" is not paused") }
        let stood = max(0, now.milliseconds(since: pausedAt))
        countdown.startedAt = Date(epochMilliseconds: countdown.startedAt.epochMilliseconds.saturatingAdding(stood))
        self.pausedAt = nil
    }

    /// Adds `seconds` (1 s to a day) to its limit; the total stays within a day past its start.
    package mutating func add(seconds: Int) throws(WorkshopError) {
        guard (1...Self.maxSeconds).contains(seconds) else {
            throw WorkshopError(.invalidEntry, "seconds to add must be 1 to \(Self.maxSeconds)")
        }
        let limit = countdown.limitMilliseconds.saturatingAdding(Int64(seconds) * 1000)
        guard limit <= Int64(Self.maxSeconds) * 2 * 1000 else {
            throw WorkshopError(.invalidEntry, "a timer runs at most \(Self.maxSeconds * 2) seconds in all")
        }
        countdown.limitMilliseconds = limit
    }

    /// Its time's-up, if due in `(since, now]` while it ran.
    package func dueEvents(since: Date?, now: Date) -> [CountdownEvent] {
        guard pausedAt == nil else { return [] }
        return countdown.dueEvents(since: since, now: now)
    }
}

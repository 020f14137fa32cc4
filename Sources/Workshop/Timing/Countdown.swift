package import Foundation

/// A time limit running from a wall-clock instant: phase time boxes, pitch and Q&A timers.
///
/// A countdown does not schedule anything: its owner asks ``dueEvents(since:now:lateAfter:)``
/// which warnings and time's-up fell in a window of time, typically on each tick of a timer
/// service and once at start-up with the last instant it processed. Because the deadline is a
/// wall-clock instant, it survives a restart.
///
/// For example:
/// ```swift
/// let box = Countdown(startedAt: start, limitMilliseconds: 600_000, warningsSecondsLeft: [120, 60])
/// box.dueEvents(since: lastTick, now: clock.now)  // [.warning(120 s left) at start+480 s, …]
/// ```
package struct Countdown: Codable, Sendable, Hashable {
    /// When the countdown began.
    package var startedAt: Date
    /// Its length in milliseconds.
    package var limitMilliseconds: Int64
    /// Warnings, in seconds left, strictly between 0 and the limit, largest first.
    package var warningsSecondsLeft: [Int]

    /// Creates a countdown; warnings that are not strictly inside the limit are dropped.
    package init(startedAt: Date, limitMilliseconds: Int64, warningsSecondsLeft: [Int]) {
        self.startedAt = startedAt
        self.limitMilliseconds = limitMilliseconds
        self.warningsSecondsLeft = Set(warningsSecondsLeft)
            .filter { $0 > 0 && Int64($0).saturatingMultiplied(by: 1000) < limitMilliseconds }
            .sorted(by: >)
    }

    /// The instant the limit is reached.
    package var deadline: Date {
        Date(epochMilliseconds: startedAt.epochMilliseconds.saturatingAdding(limitMilliseconds))
    }

    /// Milliseconds left at `instant`; negative once the limit has passed (overtime).
    package func remainingMilliseconds(at instant: Date) -> Int64 {
        deadline.epochMilliseconds.saturatingSubtracting(instant.epochMilliseconds)
    }

    /// Milliseconds elapsed since the start at `instant`.
    package func elapsedMilliseconds(at instant: Date) -> Int64 {
        instant.milliseconds(since: startedAt)
    }

    /// Milliseconds beyond the limit at `instant` (0 before the deadline).
    package func overtimeMilliseconds(at instant: Date) -> Int64 {
        Swift.max(0, Int64(0).saturatingSubtracting(remainingMilliseconds(at: instant)))
    }

    /// Every event of the countdown, in time order: the warnings, then time's up.
    package var schedule: [CountdownEvent] {
        let end = deadline.epochMilliseconds
        let warnings = warningsSecondsLeft.map { seconds in
            CountdownEvent(
                kind: .warning(secondsLeft: seconds),
                instant: Date(
                    epochMilliseconds: end.saturatingSubtracting(Int64(seconds).saturatingMultiplied(by: 1000))),
                late: false)
        }
        return warnings + [CountdownEvent(kind: .timesUp, instant: deadline, late: false)]
    }

    /// The events whose instant lies in `(since, now]` (`since == nil`: everything up to `now`),
    /// each marked late when its instant is more than `lateAfter` seconds before `now` — e.g. it
    /// passed while the server was down, and is sent once on start.
    package func dueEvents(since: Date?, now: Date, lateAfter: TimeInterval = CountdownEvent.lateTolerance)
        -> [CountdownEvent]
    {
        schedule.compactMap { event in
            guard event.instant <= now, since.map({ event.instant > $0 }) ?? true else { return nil }
            var due = event
            due.late = now.timeIntervalSince(event.instant) > lateAfter
            return due
        }
    }
}

/// A warning or time's-up of a ``Countdown``.
package struct CountdownEvent: Codable, Sendable, Hashable {
    /// How long after its instant an event counts as late when delivered (5 s).
    package static let lateTolerance: TimeInterval = 5

    /// What happened.
    package enum Kind: Codable, Sendable, Hashable {
        /// `secondsLeft` seconds remain.
        case warning(secondsLeft: Int)
        /// The limit is reached.
        case timesUp
    }

    /// What happened.
    package var kind: Kind
    /// The instant it was due.
    package var instant: Date
    /// Whether it is delivered long after its instant (e.g. after a restart).
    package var late: Bool

    /// Creates an event.
    package init(kind: Kind, instant: Date, late: Bool) {
        self.kind = kind
        self.instant = instant
        self.late = late
    }
}

package import Foundation

/// A server-authoritative timer that was started and may have been stopped: a pitch or a Q&A.
///
/// Clients count down from ``Countdown/deadline`` (corrected by their clock offset); once the
/// limit passes, the timer keeps counting overtime until it is stopped. Durations are whole
/// milliseconds of the injected wall clock.
package struct TimerRun: Codable, Sendable, Hashable {
    /// The countdown (start, limit, warnings).
    package var countdown: Countdown
    /// When the timer was stopped; nil while it runs.
    package var stoppedAt: Date?

    /// A timer started at `startedAt`.
    package init(startedAt: Date, limitSeconds: Int, warningsSecondsLeft: [Int]) {
        countdown = Countdown(
            startedAt: startedAt, limitMilliseconds: Int64(limitSeconds).saturatingMultiplied(by: 1000),
            warningsSecondsLeft: warningsSecondsLeft)
    }

    /// Whether the timer runs.
    package var isRunning: Bool { stoppedAt == nil }

    /// When the timer started.
    package var startedAt: Date { countdown.startedAt }

    /// The instant the limit is reached.
    package var deadline: Date { countdown.deadline }

    /// Milliseconds run at `now` (frozen once stopped).
    package func elapsedMilliseconds(at now: Date) -> Int64 {
        countdown.elapsedMilliseconds(at: stoppedAt ?? now)
    }

    /// Milliseconds left at `now` (negative in overtime; frozen once stopped).
    package func remainingMilliseconds(at now: Date) -> Int64 {
        countdown.remainingMilliseconds(at: stoppedAt ?? now)
    }

    /// Milliseconds beyond the limit at `now` (frozen once stopped; 0 within the limit).
    package func overtimeMilliseconds(at now: Date) -> Int64 {
        countdown.overtimeMilliseconds(at: stoppedAt ?? now)
    }

    /// Warnings and time's-up due in `(since, now]` while the timer ran (none after its stop).
    package func dueEvents(since: Date?, now: Date) -> [CountdownEvent] {
        countdown.dueEvents(since: since, now: now).filter { event in stoppedAt.map { event.instant <= $0 } ?? true }
    }

    /// The final record of a stopped timer (nil while it runs).
    package var record: TimerRecord? {
        guard let stoppedAt else { return nil }
        return TimerRecord(
            startedAt: startedAt, stoppedAt: stoppedAt, limitMilliseconds: countdown.limitMilliseconds,
            durationMilliseconds: countdown.elapsedMilliseconds(at: stoppedAt),
            overtimeMilliseconds: countdown.overtimeMilliseconds(at: stoppedAt))
    }
}

/// What a stopped timer measured, to the millisecond.
package struct TimerRecord: Codable, Sendable, Hashable {
    /// When it started.
    package var startedAt: Date
    /// When it stopped.
    package var stoppedAt: Date
    /// The limit, in milliseconds.
    package var limitMilliseconds: Int64
    /// How long it ran, in milliseconds.
    package var durationMilliseconds: Int64
    /// How far beyond the limit it ran, in milliseconds (0 within the limit).
    package var overtimeMilliseconds: Int64

    /// Creates a record.
    package init(
        startedAt: Date, stoppedAt: Date, limitMilliseconds: Int64, durationMilliseconds: Int64,
        overtimeMilliseconds: Int64
    ) {
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
        self.limitMilliseconds = limitMilliseconds
        self.durationMilliseconds = durationMilliseconds
        self.overtimeMilliseconds = overtimeMilliseconds
    }
}

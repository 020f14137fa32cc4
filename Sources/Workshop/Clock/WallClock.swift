package import Foundation

/// A source of wall-clock time, injected into everything in the domain that depends on "now".
///
/// Deadlines, day boundaries and timestamps are wall-clock instants (not monotonic time), so
/// they survive a restart and mean the same thing to every client. Production code uses
/// ``SystemWallClock``; tests use ``TestWallClock`` and move time by hand.
///
/// For example:
/// ```swift
/// let clock: any WallClock = SystemWallClock()
/// let deadline = clock.now.addingTimeInterval(600)
/// ```
package protocol WallClock: Sendable {
    /// The current instant.
    var now: Date { get }
}

extension WallClock {
    /// The current instant in milliseconds since the Unix epoch (the unit of the live channel's `at`).
    package var nowEpochMilliseconds: Int64 { now.epochMilliseconds }
}

/// The machine's wall clock.
package struct SystemWallClock: WallClock {
    /// Creates the system clock.
    package init() {}

    /// The current instant, from `Date()`.
    package var now: Date { Date() }
}

/// A settable, advanceable wall clock for tests; safe to share between tasks.
///
/// For example:
/// ```swift
/// let clock = TestWallClock(epochMilliseconds: 1_780_000_000_000)
/// clock.advance(bySeconds: 60)
/// clock.advance(byMilliseconds: 250)
/// ```
package final class TestWallClock: WallClock, @unchecked Sendable {
    // `@unchecked Sendable`: `instant` is only touched while holding `lock`.
    private let lock = NSLock()
    private var instant: Date

    /// Creates a clock stopped at `start`.
    package init(_ start: Date) {
        instant = start
    }

    /// Creates a clock stopped at an instant given in milliseconds since the Unix epoch.
    package convenience init(epochMilliseconds: Int64) {
        self.init(Date(epochMilliseconds: epochMilliseconds))
    }

    /// The clock's current instant.
    package var now: Date {
        lock.withLock { instant }
    }

    /// Moves the clock to `date` (backwards too, to simulate a clock step).
    package func set(_ date: Date) {
        lock.withLock { instant = date }
    }

    /// Moves the clock forward (or backward, for negative values) by `seconds`.
    package func advance(bySeconds seconds: TimeInterval) {
        lock.withLock { instant = instant.addingTimeInterval(seconds) }
    }

    /// Moves the clock by a whole number of milliseconds, exactly.
    package func advance(byMilliseconds milliseconds: Int64) {
        lock.withLock {
            instant = Date(epochMilliseconds: instant.epochMilliseconds + milliseconds)
        }
    }
}

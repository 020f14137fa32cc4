package import Foundation

/// The three days of a sprint in the session's time zone.
///
/// Day N is the calendar day `startDay + (N − 1)`; it has begun once the clock passes its
/// local midnight. Days are calendar days, so a day with a clock change is 23 or 25 hours long.
///
/// For example:
/// ```swift
/// let calendar = SprintCalendar(startDay: CalendarDay(year: 2026, month: 3, day: 28),
///                               timeZone: TimeZone(identifier: "Europe/Paris")!)
/// calendar.start(ofDay: 2)  // 2026-03-28T23:00:00Z (midnight in Paris, UTC+1)
/// calendar.start(ofDay: 3)  // 2026-03-29T22:00:00Z (midnight in Paris, UTC+2 after the change)
/// ```
package struct SprintCalendar: Sendable, Hashable, Codable {
    /// The sprint's first day.
    package var startDay: CalendarDay
    /// The session's time zone.
    package var timeZone: TimeZone

    /// Creates the calendar of a sprint starting on `startDay` in `timeZone`.
    package init(startDay: CalendarDay, timeZone: TimeZone) {
        self.startDay = startDay
        self.timeZone = timeZone
    }

    /// The calendar day of sprint day `day` (1-based).
    package func calendarDay(ofDay day: Int) -> CalendarDay {
        startDay.adding(days: day - 1)
    }

    /// The instant sprint day `day` begins: its local midnight in the session's time zone.
    package func start(ofDay day: Int) -> Date {
        calendarDay(ofDay: day).start(in: timeZone)
    }

    /// Whether sprint day `day` has begun at `instant`.
    package func hasBegun(day: Int, at instant: Date) -> Bool {
        instant >= start(ofDay: day)
    }

    /// The sprint day (1-based, possibly ≤ 0 before the sprint or > 3 after it) that contains `instant`.
    package func sprintDay(at instant: Date) -> Int {
        let today = CalendarDay(containing: instant, in: timeZone)
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        let from = gregorian.date(from: DateComponents(year: startDay.year, month: startDay.month, day: startDay.day))!
        let to = gregorian.date(from: DateComponents(year: today.year, month: today.month, day: today.day))!
        return gregorian.dateComponents([.day], from: from, to: to).day! + 1
    }
}

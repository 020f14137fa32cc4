package import Foundation

/// A calendar day without a time or time zone, written `YYYY-MM-DD` in JSON.
package struct CalendarDay: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year (e.g. 2026).
    package var year: Int
    /// The month, 1...12.
    package var month: Int
    /// The day of the month, 1...31.
    package var day: Int

    /// Creates a day; use ``init(parsing:)`` to check a string.
    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day, a real date); nil otherwise.
    package init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: gregorian) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day containing `instant` in `timeZone`.
    package init(containing instant: Date, in timeZone: TimeZone) {
        let parts = Self.calendar(in: timeZone).dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// `YYYY-MM-DD`.
    package var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The day `count` days later (earlier when negative).
    package func adding(days count: Int) -> CalendarDay {
        let calendar = Self.calendar(in: TimeZone(identifier: "UTC")!)
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day + count))!
        return CalendarDay(containing: date, in: calendar.timeZone)
    }

    /// The instant this day begins in `timeZone` (its local midnight, or the first instant of
    /// the day if midnight is skipped by a clock change).
    package func start(in timeZone: TimeZone) -> Date {
        let calendar = Self.calendar(in: timeZone)
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return calendar.startOfDay(for: noon)
    }

    /// Orders days chronologically.
    package static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `YYYY-MM-DD`, refusing anything else with a ``WorkshopError`` naming the field.
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw WorkshopError(
                field: FieldPath.render(decoder.codingPath), message: "expected a date YYYY-MM-DD, got \"\(text)\"")
        }
        self = day
    }

    /// Encodes as `YYYY-MM-DD`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func calendar(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

import Foundation
import Testing

@testable import Workshop

@Suite("Sprint days in the session's time zone")
struct SprintCalendarTests {
    let calendar = SprintCalendar(startDay: CalendarDay(year: 2026, month: 3, day: 28), timeZone: paris)

    @Test func dayNIsStartDatePlusNMinusOne() {
        #expect(calendar.calendarDay(ofDay: 1).description == "2026-03-28")
        #expect(calendar.calendarDay(ofDay: 2).description == "2026-03-29")
        #expect(calendar.calendarDay(ofDay: 3).description == "2026-03-30")
    }

    @Test func daysBeginAtLocalMidnightAcrossTheSpringDSTChange() {
        // Paris is UTC+1 until 2026-03-29 02:00, then UTC+2.
        #expect(calendar.start(ofDay: 1) == utc("2026-03-27T23:00:00Z"))
        #expect(calendar.start(ofDay: 2) == utc("2026-03-28T23:00:00Z"))
        #expect(calendar.start(ofDay: 3) == utc("2026-03-29T22:00:00Z"))  // day 2 lasted 23 hours
        #expect(!calendar.hasBegun(day: 3, at: utc("2026-03-29T21:59:59Z")))
        #expect(calendar.hasBegun(day: 3, at: utc("2026-03-29T22:00:00Z")))
    }

    @Test func daysBeginAtLocalMidnightAcrossTheAutumnDSTChange() {
        // Paris goes back from UTC+2 to UTC+1 on 2026-10-25 at 03:00.
        let autumn = SprintCalendar(startDay: CalendarDay(year: 2026, month: 10, day: 24), timeZone: paris)
        #expect(autumn.start(ofDay: 2) == utc("2026-10-24T22:00:00Z"))
        #expect(autumn.start(ofDay: 3) == utc("2026-10-25T23:00:00Z"))  // day 2 lasted 25 hours
    }

    @Test func aDayWhoseMidnightIsSkippedBeginsAtItsFirstInstant() throws {
        // Chile springs forward at midnight: 2026-09-06 00:00 does not exist, the day begins at 01:00 (UTC−3).
        let santiago = try #require(TimeZone(identifier: "America/Santiago"))
        #expect(CalendarDay(year: 2026, month: 9, day: 6).start(in: santiago) == utc("2026-09-06T04:00:00Z"))
    }

    @Test func sprintDayOfAnInstant() {
        #expect(calendar.sprintDay(at: utc("2026-03-27T22:59:59Z")) == 0)
        #expect(calendar.sprintDay(at: utc("2026-03-27T23:00:00Z")) == 1)
        #expect(calendar.sprintDay(at: local(2026, 3, 29, 23, 59)) == 2)
        #expect(calendar.sprintDay(at: local(2026, 3, 30, 0, 0)) == 3)
    }

    @Test func theStartDateDefaultsToTheCreationDayInTheSessionZone() throws {
        let definition = fixtureDefinition(startDate: nil)
        // 23:30 UTC on 31 Dec is already 1 Jan in Paris.
        let calendar = try definition.calendar(createdAt: utc("2026-12-31T23:30:00Z"))
        #expect(calendar.startDay.description == "2027-01-01")
        #expect(calendar.calendarDay(ofDay: 3).description == "2027-01-03")
    }

    @Test func anotherTimeZone() throws {
        var definition = fixtureDefinition()
        definition.timeZone = "America/New_York"
        let calendar = try definition.calendar(createdAt: .now)
        #expect(calendar.start(ofDay: 1) == utc("2026-03-28T04:00:00Z"))  // EDT, UTC−4
    }

    @Test func calendarDayParsingIsStrict() {
        #expect(CalendarDay(parsing: "2026-02-28") != nil)
        #expect(CalendarDay(parsing: "2026-02-29") == nil)
        #expect(CalendarDay(parsing: "2026-2-28") == nil)
        #expect(CalendarDay(parsing: "28/02/2026") == nil)
        #expect(CalendarDay(parsing: "2026-02-28T00:00") == nil)
        #expect(CalendarDay(parsing: "2024-02-29")?.adding(days: 1).description == "2024-03-01")
    }
}

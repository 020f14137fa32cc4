import Foundation
import Testing

@testable import Workshop

/// The session time zone used by most tests.
let paris = TimeZone(identifier: "Europe/Paris")!

/// The instant of a wall-clock time in `zone` (Paris by default).
func local(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0,
    in zone: TimeZone = paris
) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return calendar.date(
        from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

/// A UTC instant from an ISO-8601 string (`2026-03-28T23:00:00Z`).
func utc(_ text: String) -> Date {
    try! Date(text, strategy: .iso8601)
}

/// Four groups of two participants and three jurors, on the default phases, rubric and bindings,
/// starting on Saturday 2026-03-28 in Paris (day 2 is the spring DST change, Sunday 29 March).
func fixtureDefinition(startDate: CalendarDay? = CalendarDay(year: 2026, month: 3, day: 28)) -> SessionDefinition {
    SessionDefinition(
        title: "Test sprint", startDate: startDate,
        groups: (1...4).map { index in
            GroupDefinition(id: "g\(index)", name: "Group \(index)", participants: ["P\(index)a", "P\(index)b"])
        },
        jurors: [
            JurorDefinition(id: "j1", name: "J One"), JurorDefinition(id: "j2", name: "J Two"),
            JurorDefinition(id: "j3", name: "J Three"),
        ])
}

/// A new sprint of `definition`, created at `at`.
func makeSprint(_ definition: SessionDefinition = fixtureDefinition(), at: Date) -> Sprint {
    Sprint(definition: definition, calendar: try! definition.calendar(createdAt: at), at: at)
}

/// The facilitator.
let facilitator = Caller.facilitator()

/// The URL of the repository's example definition, found from this file's path.
func exampleDefinitionURL(_ name: String = "cdo-sprint.json", file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // WorkshopTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("sessions/examples/\(name)")
}

import Foundation
import Testing

@testable import Workshop

/// Time boxes: empathize runs 180 minutes from 09:00 on day 1, so its warnings fall at 11:55
/// (5 min left) and 11:59 (1 min left) and its time's-up at 12:00, Paris time.
@Suite("Phase time boxes")
struct TimeBoxTests {
    let start = local(2026, 3, 28, 9, 0)

    @Test func warningsAndTimesUpFallAtTheirInstants() {
        let sprint = makeSprint(at: start)
        #expect(sprint.dueEvents(since: nil, now: local(2026, 3, 28, 11, 54, 59)).isEmpty)
        let first = sprint.dueEvents(since: local(2026, 3, 28, 11, 54, 59), now: local(2026, 3, 28, 11, 55))
        #expect(
            first == [
                CountdownEvent(kind: .warning(secondsLeft: 300), instant: local(2026, 3, 28, 11, 55), late: false)
            ])
        let second = sprint.dueEvents(since: local(2026, 3, 28, 11, 55), now: local(2026, 3, 28, 11, 59, 1))
        #expect(
            second == [
                CountdownEvent(kind: .warning(secondsLeft: 60), instant: local(2026, 3, 28, 11, 59), late: false)
            ])
        let end = sprint.dueEvents(since: local(2026, 3, 28, 11, 59, 1), now: local(2026, 3, 28, 12, 0))
        #expect(end == [CountdownEvent(kind: .timesUp, instant: local(2026, 3, 28, 12, 0), late: false)])
        #expect(sprint.dueEvents(since: local(2026, 3, 28, 12, 0), now: local(2026, 3, 28, 13, 0)).isEmpty)
    }

    @Test func aTickAFewSecondsLateIsNotMarkedLate() {
        let sprint = makeSprint(at: start)
        let events = sprint.dueEvents(since: local(2026, 3, 28, 11, 54), now: local(2026, 3, 28, 11, 55, 3))
        #expect(events.map(\.late) == [false])
    }

    @Test func eventsMissedWhileTheServerWasDownAreSentOnceOnStartMarkedLate() {
        let sprint = makeSprint(at: start)
        let lastProcessed = local(2026, 3, 28, 11, 50)  // the server died here
        let restart = local(2026, 3, 28, 12, 30)
        let onStart = sprint.dueEvents(since: lastProcessed, now: restart)
        #expect(onStart.map(\.kind) == [.warning(secondsLeft: 300), .warning(secondsLeft: 60), .timesUp])
        #expect(onStart.allSatisfy { $0.late })
        #expect(sprint.dueEvents(since: restart, now: restart.addingTimeInterval(1)).isEmpty)  // never again
    }

    @Test func warningsLongerThanTheTimeBoxAreDropped() {
        var definition = fixtureDefinition()
        definition.phases[0].timeBoxMinutes = 3
        let sprint = makeSprint(definition, at: start)
        #expect(sprint.timeBox.schedule.map(\.kind) == [.warning(secondsLeft: 60), .timesUp])
    }

    @Test func noAutoAdvanceUnlessTheDefinitionAsks() {
        var sprint = makeSprint(at: start)
        let tick = sprint.processDue(since: nil, now: local(2026, 3, 28, 12, 0))
        #expect(tick.transition == nil)
        #expect(tick.events.last?.kind == .timesUp)
        #expect(sprint.currentPhase.id == "empathize")
    }

    @Test func autoAdvanceAtTimesUpWithinTheDay() {
        var definition = fixtureDefinition()
        definition.phases[0].autoAdvance = true
        var sprint = makeSprint(definition, at: start)
        let now = local(2026, 3, 28, 12, 0, 1)
        let tick = sprint.processDue(since: local(2026, 3, 28, 11, 59, 30), now: now)
        #expect(tick.events.map(\.kind) == [.timesUp])
        #expect(
            tick.transition?.audit
                == AuditRecord(who: .system, action: .phaseAutoAdvance, from: "empathize", to: "define", at: now))
        #expect(sprint.currentPhase.id == "define")
        #expect(sprint.phaseStartedAt == now)
        // The same `since` bookkeeping carries on into the new phase: its events all lie after `now`.
        #expect(sprint.processDue(since: now, now: now.addingTimeInterval(1)).events.isEmpty)
    }

    @Test func autoAdvanceNeverCrossesIntoADayThatHasNotBegun() throws {
        var definition = fixtureDefinition()
        definition.phases[1].autoAdvance = true  // define → ideate would enter day 2
        var sprint = try Sprint(
            definition: definition, calendar: definition.calendar(createdAt: start), phase: "define",
            phaseStartedAt: local(2026, 3, 28, 14, 0))
        let tick = sprint.processDue(since: local(2026, 3, 28, 16, 29), now: local(2026, 3, 28, 16, 30))
        #expect(tick.events.map(\.kind) == [.timesUp])
        #expect(tick.transition == nil)
        // Nor later, once day 2 has begun: the time's-up was already processed.
        let nextMorning = sprint.processDue(since: local(2026, 3, 28, 16, 30), now: local(2026, 3, 29, 0, 0, 1))
        #expect(nextMorning.transition == nil)
        #expect(sprint.currentPhase.id == "define")
    }

    @Test func lateAutoAdvanceAfterARestartStillHappensWithinTheDay() {
        var definition = fixtureDefinition()
        definition.phases[0].autoAdvance = true
        var sprint = makeSprint(definition, at: start)
        let restart = local(2026, 3, 28, 13, 0)
        let tick = sprint.processDue(since: local(2026, 3, 28, 11, 0), now: restart)
        #expect(tick.events.allSatisfy { $0.late })
        #expect(tick.transition?.to == "define")
        #expect(sprint.phaseStartedAt == restart)
    }
}

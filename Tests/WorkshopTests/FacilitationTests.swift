import Foundation
import Testing

@testable import Workshop

/// Activity timers, follow-me and server-counted votes on the session state, on a test clock.
@Suite("Facilitation")
struct FacilitationStateTests {
    let start = utc("2026-03-28T09:00:00Z")

    func state(at now: Date) -> SessionState {
        let definition = fixtureDefinition()
        return SessionState(definition: definition, calendar: try! definition.calendar(createdAt: now), at: now)
    }

    @Test("local midnight begins the next day: the tick across it says so, once")
    func dayBegins() {
        // Day 1 is Sat 2026-03-28 in Paris (UTC+1): day 2 begins at 23:00 UTC.
        var state = state(at: utc("2026-03-28T20:00:00Z"))
        _ = state.tick(at: utc("2026-03-28T22:59:00Z"))
        #expect(state.hasDueEvents(at: utc("2026-03-28T23:00:01Z")))
        #expect(state.tick(at: utc("2026-03-28T23:00:01Z")).events.contains(.dayBegan(2)))
        #expect(!state.tick(at: utc("2026-03-28T23:00:02Z")).events.contains(.dayBegan(2)))
    }

    @Test(
        "a timer paused stands still, resumed moves its deadline, given more time runs longer, and says time's up once")
    func timerOnATestClock() throws {
        let clock = TestWallClock(start)
        var state = state(at: clock.now)
        let (timer, started) = try state.startActivityTimer(
            id: "t_1", label: " Crazy 8 ", seconds: 480, group: "g1", by: facilitator, at: clock.now)
        #expect(timer.label == "Crazy 8")
        #expect(started.audit.first?.action == .timerStart)

        clock.advance(bySeconds: 60)
        _ = try state.changeActivityTimer("t_1", .pause, by: facilitator, at: clock.now)
        clock.advance(bySeconds: 300)
        #expect(state.activityTimers[0].remainingMilliseconds(at: clock.now) == 420_000)
        #expect(state.tick(at: clock.now).events.isEmpty, "a paused timer never fires")
        #expect(throws: WorkshopError.self) {
            try state.changeActivityTimer("t_1", .pause, by: facilitator, at: clock.now)
        }
        _ = try state.changeActivityTimer("t_1", .resume, by: facilitator, at: clock.now)
        #expect(state.activityTimers[0].deadline == start.addingTimeInterval(480 + 300))
        _ = try state.changeActivityTimer("t_1", .add(seconds: 60), by: facilitator, at: clock.now)
        #expect(state.activityTimers[0].deadline == start.addingTimeInterval(480 + 300 + 60))

        // One second before its deadline nothing; at it, time's up once; then nothing more.
        clock.set(start.addingTimeInterval(839))
        #expect(!state.hasDueEvents(at: clock.now))
        clock.set(start.addingTimeInterval(840))
        #expect(state.hasDueEvents(at: clock.now))
        let due = state.tick(at: clock.now).events
        guard case .activityTimerDue(let fired, let event) = due.first else {
            Issue.record("no time's up: \(due)")
            return
        }
        #expect(fired.id == "t_1" && event.kind == .timesUp && !event.late)
        clock.advance(bySeconds: 30)
        #expect(state.tick(at: clock.now).events.isEmpty)
        #expect(state.activityTimers[0].remainingMilliseconds(at: clock.now) == -30_000, "overtime counts on")

        let (stopped, outcome) = try state.changeActivityTimer("t_1", .stop, by: facilitator, at: clock.now)
        #expect(stopped.id == "t_1" && state.activityTimers.isEmpty)
        #expect(outcome.events == [.activityTimerChanged(stopped, stopped: true)])
    }

    @Test("timers: only a facilitator runs them, within limits; participants see the session's and their group's")
    func timerRules() throws {
        var state = state(at: start)
        let alice = Caller.participant("i_a", group: "g1")
        #expect(throws: WorkshopError.self) {
            try state.startActivityTimer(id: "t", label: "x", seconds: 60, group: nil, by: alice, at: start)
        }
        for seconds in [0, -1, ActivityTimer.maxSeconds + 1, Int.max, Int.min] {
            #expect(throws: WorkshopError.self) {
                try state.startActivityTimer(
                    id: "t", label: "x", seconds: seconds, group: nil, by: facilitator, at: start)
            }
        }
        #expect(throws: WorkshopError.self) {
            try state.startActivityTimer(id: "t", label: "x", seconds: 60, group: "g9", by: facilitator, at: start)
        }
        _ = try state.startActivityTimer(id: "t1", label: "all", seconds: 60, group: nil, by: facilitator, at: start)
        _ = try state.startActivityTimer(id: "t2", label: "g2", seconds: 60, group: "g2", by: facilitator, at: start)
        #expect(state.activityTimers(for: alice).map(\.id) == ["t1"])
        #expect(state.activityTimers(for: facilitator).map(\.id) == ["t1", "t2"])
        #expect(state.activityTimers(for: nil).map(\.id) == ["t1"])
        for _ in 0..<Int.max {
            do {
                _ = try state.startActivityTimer(
                    id: "t", label: "x", seconds: 60, group: nil, by: facilitator, at: start)
            } catch {
                #expect(error.code == .tooManyTimers)
                break
            }
        }
        #expect(state.activityTimers.count == ActivityTimer.maxRunning)
        #expect(throws: WorkshopError.self) {
            try state.changeActivityTimer("t1", .add(seconds: Int.max), by: facilitator, at: start)
        }
    }

    @Test("follow: a new lead of a scope replaces the last; views no app can show are refused")
    func follow() throws {
        var state = state(at: start)
        let view = FollowLead.View(x: 10, y: 20, zoom: 1)
        _ = try state.lead(to: "b1", kind: "ideas", view: view, group: nil, by: facilitator, at: start)
        _ = try state.lead(to: "b2", kind: "ideas", view: view, group: nil, by: facilitator, at: start)
        _ = try state.lead(to: "b3", kind: "swot", view: view, group: "g1", by: facilitator, at: start)
        #expect(state.followLeads(for: nil).map(\.board) == ["b2"])
        #expect(state.followLeads(for: .participant("i", group: "g1")).map(\.board) == ["b2", "b3"])
        for bad in [
            FollowLead.View(x: .infinity, y: 0, zoom: 1), FollowLead.View(x: 0, y: .nan, zoom: 1),
            FollowLead.View(x: 0, y: 0, zoom: 0), FollowLead.View(x: 0, y: 0, zoom: 1e9),
        ] {
            #expect(throws: WorkshopError.self) {
                try state.lead(to: "b1", kind: "ideas", view: bad, group: nil, by: facilitator, at: start)
            }
        }
        #expect(try state.endLead(group: "g1", by: facilitator).events.count == 1)
        #expect(try state.endLead(group: "g1", by: facilitator).events.isEmpty)
    }

    @Test("votes: one dot per item, the budget held, withdrawals, anonymity fixed once people voted, reset")
    func votes() throws {
        var state = state(at: start)
        let definition = fixtureDefinition()
        let alice = Caller.participant("i_a", group: "g1")
        for item in ["n1", "n2", "n3"] {
            #expect(try state.castVote(item: item, board: "b", by: alice, definition: definition).added)
        }
        #expect(try !state.castVote(item: "n1", board: "b", by: alice, definition: definition).added)
        #expect(throws: WorkshopError.self) {
            try state.castVote(item: "n4", board: "b", by: alice, definition: definition)
        }
        #expect(throws: WorkshopError.self) {
            try state.castVote(item: "n4", board: "b", by: facilitator, definition: definition)
        }
        _ = try state.withdrawVote(item: "n1", board: "b", by: alice, definition: definition)
        #expect(throws: WorkshopError.self) {
            try state.withdrawVote(item: "n1", board: "b", by: alice, definition: definition)
        }
        #expect(state.votes["b"]?.counts == ["n2": 1, "n3": 1])
        #expect(throws: WorkshopError.self) {
            try state.setVote(
                board: "b", anonymous: true, budget: nil, reveal: nil, by: facilitator, definition: definition,
                at: start)
        }
        #expect(throws: WorkshopError.self) {
            try state.setVote(
                board: "b", anonymous: nil, budget: 1, reveal: nil, by: facilitator, definition: definition, at: start)
        }
        _ = try state.resetVote(board: "b", by: facilitator, definition: definition, at: start)
        _ = try state.setVote(
            board: "b", anonymous: true, budget: 5, reveal: nil, by: facilitator, definition: definition, at: start)
        #expect(state.votes["b"]?.anonymous == true && state.votes["b"]?.budget == 5)
        #expect(state.votes["b"]?.showsCounts == false)
        #expect(throws: WorkshopError.self) {
            try state.setVote(
                board: "b", anonymous: nil, budget: 0, reveal: nil, by: facilitator, definition: definition, at: start)
        }
    }
}

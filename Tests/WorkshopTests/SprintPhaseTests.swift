import Foundation
import Testing

@testable import Workshop

/// Phase rules of DESIGN.md "The sprint", on the fixture: day 1 = Sat 2026-03-28
/// (empathize, define), day 2 = Sun 29 (ideate, synthesize), day 3 = Mon 30 (prototype, test, pitch).
@Suite("Sprint phase rules")
struct SprintPhaseTests {
    let clock = TestWallClock(local(2026, 3, 28, 9, 0))

    @Test func aNewSessionIsInItsFirstPhase() {
        let sprint = makeSprint(at: clock.now)
        #expect(sprint.currentPhase.id == "empathize")
        #expect(sprint.phaseStartedAt == clock.now)
        #expect(sprint.deadline == local(2026, 3, 28, 12, 0))
    }

    @Test func advanceMovesOneStepForwardAndAudits() throws {
        var sprint = makeSprint(at: clock.now)
        clock.advance(bySeconds: 3 * 3600)
        let transition = try sprint.advance(by: facilitator, at: clock.now)
        #expect(sprint.currentPhase.id == "define")
        #expect(transition.changed)
        #expect(
            transition.audit
                == AuditRecord(who: facilitator, action: .phaseAdvance, from: "empathize", to: "define", at: clock.now))
        #expect(sprint.phaseStartedAt == clock.now)  // the new time box starts now
    }

    @Test func advanceIsRefusedUntilTheNextPhasesDayHasBegun() throws {
        var sprint = makeSprint(at: clock.now)
        try sprint.advance(by: facilitator, at: clock.now)  // define, still day 1
        clock.set(local(2026, 3, 28, 23, 59, 59))
        #expect(throws: WorkshopError.self) { try sprint.advance(by: facilitator, at: clock.now) }
        #expect(code { try sprint.advance(by: facilitator, at: clock.now) } == .dayNotBegun)
        #expect(sprint.currentPhase.id == "define")
        clock.advance(bySeconds: 1)  // midnight in Paris: day 2 begins
        try sprint.advance(by: facilitator, at: clock.now)
        #expect(sprint.currentPhase.id == "ideate")
    }

    @Test func advanceIntoDayThreeOnTheDSTDayUsesLocalMidnight() throws {
        var sprint = try restored(in: "synthesize", at: local(2026, 3, 29, 15, 0))
        // Day 3 (Mon 30 March) begins at 22:00 UTC on the 29th: Paris is UTC+2 since 02:00 that day.
        #expect(code { try sprint.advance(by: facilitator, at: utc("2026-03-29T21:59:59Z")) } == .dayNotBegun)
        try sprint.advance(by: facilitator, at: utc("2026-03-29T22:00:00Z"))
        #expect(sprint.currentPhase.id == "prototype")
    }

    @Test func advanceFromTheLastPhaseIsRefused() throws {
        var sprint = try restored(in: "pitch", at: local(2026, 3, 30, 15, 0))
        #expect(code { try sprint.advance(by: facilitator, at: local(2026, 3, 30, 16, 0)) } == .noNextPhase)
    }

    @Test(arguments: [Caller.participant("p1", group: "g1"), .juror("j1"), .observer("o1")])
    func onlyTheFacilitatorMovesThePhase(caller: Caller) {
        var sprint = makeSprint(at: clock.now)
        #expect(code { try sprint.advance(by: caller, at: clock.now) } == .notFacilitator)
        #expect(
            code { try sprint.goto("define", override: false, reason: nil, by: caller, at: clock.now) }
                == .notFacilitator)
        #expect(
            code { try sprint.goto("pitch", override: true, reason: "demo", by: caller, at: clock.now) }
                == .notFacilitator)
        #expect(sprint.currentPhase.id == "empathize")
    }

    @Test func gotoTheNextPhaseWithoutOverride() throws {
        var sprint = makeSprint(at: clock.now)
        let transition = try sprint.goto("define", override: false, reason: nil, by: facilitator, at: clock.now)
        #expect(sprint.currentPhase.id == "define")
        #expect(transition.audit?.action == .phaseGoto)
    }

    @Test func gotoSkippingAPhaseIsRefusedWithoutOverride() {
        var sprint = makeSprint(at: clock.now)
        clock.set(local(2026, 3, 30, 9, 0))  // every day has begun; skipping is still refused
        #expect(
            code { try sprint.goto("ideate", override: false, reason: nil, by: facilitator, at: clock.now) }
                == .skipRefused)
        #expect(
            code { try sprint.goto("pitch", override: false, reason: "why not", by: facilitator, at: clock.now) }
                == .skipRefused)
        #expect(sprint.currentPhase.id == "empathize")
    }

    @Test func gotoTheNextPhaseOfALaterDayIsRefusedWithoutOverride() throws {
        var sprint = try restored(in: "define", at: clock.now)
        #expect(
            code { try sprint.goto("ideate", override: false, reason: nil, by: facilitator, at: clock.now) }
                == .dayNotBegun)
        #expect(sprint.currentPhase.id == "define")
    }

    @Test func overrideWithAReasonGoesAnywhereEvenToADayNotBegun() throws {
        var sprint = makeSprint(at: clock.now)
        let transition = try sprint.goto(
            "prototype", override: true, reason: "  rehearsal on day 1  ", by: facilitator, at: clock.now)
        #expect(sprint.currentPhase.id == "prototype")
        #expect(
            transition.audit
                == AuditRecord(
                    who: facilitator, action: .phaseOverride, from: "empathize", to: "prototype",
                    reason: "rehearsal on day 1", at: clock.now))
    }

    @Test(arguments: [nil, "", "   \n"])
    func overrideWithoutAReasonIsRefused(reason: String?) {
        var sprint = makeSprint(at: clock.now)
        #expect(
            code { try sprint.goto("pitch", override: true, reason: reason, by: facilitator, at: clock.now) }
                == .reasonRequired)
        #expect(sprint.currentPhase.id == "empathize")
    }

    @Test func reopeningAnEarlierPhaseNeedsAnOverride() throws {
        var sprint = try restored(in: "ideate", at: local(2026, 3, 29, 10, 0))
        let now = local(2026, 3, 29, 11, 0)
        #expect(
            code { try sprint.goto("empathize", override: false, reason: nil, by: facilitator, at: now) }
                == .reopenRequiresOverride)
        let transition = try sprint.goto(
            "empathize", override: true, reason: "missed interviews", by: facilitator, at: now)
        #expect(sprint.currentPhase.id == "empathize")
        #expect(transition.from == "ideate" && transition.to == "empathize")
        #expect(sprint.phaseStartedAt == now)
        #expect(sprint.deadline == local(2026, 3, 29, 14, 0))  // a fresh 180-minute box
    }

    @Test func gotoTheCurrentPhaseIsANoOp() throws {
        var sprint = makeSprint(at: clock.now)
        let later = clock.now.addingTimeInterval(60)
        let plain = try sprint.goto("empathize", override: false, reason: nil, by: facilitator, at: later)
        let overridden = try sprint.goto("empathize", override: true, reason: nil, by: facilitator, at: later)
        for transition in [plain, overridden] {
            #expect(!transition.changed)
            #expect(transition.audit == nil)
        }
        #expect(sprint.phaseStartedAt == clock.now)  // the time box is not restarted
    }

    @Test func anOverrideWithAReasonRestartsTheCurrentPhasesTimeBox() throws {
        var sprint = makeSprint(at: clock.now)
        let later = clock.now.addingTimeInterval(3600)
        let transition = try sprint.goto(
            "empathize", override: true, reason: "on commence à 10 h", by: facilitator, at: later)
        #expect(transition.changed && transition.from == "empathize" && transition.to == "empathize")
        #expect(transition.audit?.action == .phaseOverride && transition.audit?.reason == "on commence à 10 h")
        #expect(sprint.phaseStartedAt == later)
        #expect(sprint.deadline == local(2026, 3, 28, 13, 0))
    }

    @Test func aSessionPreparedDaysAheadStartsItsFirstTimeBoxWhenDayOneBegins() {
        let sprint = makeSprint(at: local(2026, 3, 20, 17, 30))
        #expect(sprint.phaseStartedAt == local(2026, 3, 28, 0, 0))
    }

    @Test func gotoAnUnknownPhaseIsRefused() {
        var sprint = makeSprint(at: clock.now)
        #expect(
            code { try sprint.goto("lunch", override: true, reason: "x", by: facilitator, at: clock.now) }
                == .unknownPhase)
    }

    @Test func performRunsTheCommandsOfThePhaseEndpoint() throws {
        var sprint = makeSprint(at: clock.now)
        try sprint.perform(.advance, by: facilitator, at: clock.now)
        try sprint.perform(.goto(phase: "empathize", override: true, reason: "reopen"), by: facilitator, at: clock.now)
        #expect(sprint.currentPhase.id == "empathize")
    }

    @Test func restoringNeedsAKnownPhase() {
        let definition = fixtureDefinition()
        #expect(throws: WorkshopError(.unknownPhase, "no phase \"nope\" in the definition")) {
            try Sprint(
                definition: definition, calendar: definition.calendar(createdAt: .now), phase: "nope",
                phaseStartedAt: .now)
        }
    }

    @Test func theSprintRoundTripsThroughJSON() throws {
        var sprint = makeSprint(at: clock.now)
        try sprint.advance(by: facilitator, at: clock.now.addingTimeInterval(10))
        let decoded = try JSONDecoder().decode(Sprint.self, from: JSONEncoder().encode(sprint))
        #expect(decoded == sprint)
    }

    // MARK: Helpers

    private func restored(in phase: String, at: Date) throws -> Sprint {
        let definition = fixtureDefinition()
        return try Sprint(
            definition: definition, calendar: definition.calendar(createdAt: at), phase: phase, phaseStartedAt: at)
    }
}

/// The code of the `WorkshopError` thrown by `body`, or nil if it succeeded.
func code<T>(_ body: () throws -> T) -> WorkshopError.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? WorkshopError)?.code
    }
}

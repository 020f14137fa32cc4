import Foundation
import Testing

@testable import Workshop

/// The pitch of group g1 starts at t0 = 2026-03-30 14:00:00.000 Paris time, limit 600 s,
/// warnings at 2 min (t0 + 480 s) and 1 min (t0 + 540 s) left, time's up at t0 + 600 s.
@Suite("Pitch timer")
struct PitchTimerTests {
    let clock = TestWallClock(local(2026, 3, 30, 14, 0))
    let juror = Caller.juror("j1")

    func started() throws -> (Pitch, Date) {
        var pitch = Pitch(group: "g1", settings: .default)
        let t0 = clock.now
        try pitch.start(by: juror, slideCount: 10, slideLimit: 10, at: t0)
        return (pitch, t0)
    }

    @Test func startFreezesTheDeckAndAudits() throws {
        var pitch = Pitch(group: "g1", settings: .default)
        #expect(!pitch.isDeckFrozen)
        let audit = try pitch.start(by: .facilitator(), slideCount: 7, slideLimit: 10, at: clock.now)
        #expect(audit == AuditRecord(who: .facilitator(), action: .pitchStart, group: "g1", at: clock.now))
        #expect(pitch.isDeckFrozen)
        #expect(pitch.slideCount == 7)
        #expect(pitch.currentSlide == 0)
        #expect(pitch.timer?.deadline == clock.now.addingTimeInterval(600))
    }

    @Test(arguments: [Caller.participant("p1a", group: "g1"), .observer("o1")])
    func onlyFacilitatorsAndJurorsRunTheTimer(caller: Caller) {
        var pitch = Pitch(group: "g1", settings: .default)
        let error = #expect(throws: WorkshopError.self) {
            try pitch.start(by: caller, slideCount: 3, slideLimit: 10, at: clock.now)
        }
        #expect(error?.code == .notAllowed)
    }

    @Test func aDeckOverTheLimitIsRefusedWithTheReason() {
        var pitch = Pitch(group: "g1", settings: .default)
        let error = #expect(throws: WorkshopError.self) {
            try pitch.start(by: juror, slideCount: 11, slideLimit: 10, at: clock.now)
        }
        #expect(error?.code == .slideLimitExceeded)
        #expect(error?.message.contains("11 slides") == true)
        #expect(error?.message.contains("limit is 10") == true)
        #expect(!pitch.isDeckFrozen)
        // A limit lowered after the deck was built.
        let lowered = #expect(throws: WorkshopError.self) {
            try pitch.start(by: juror, slideCount: 9, slideLimit: 8, at: clock.now)
        }
        #expect(lowered?.message.contains("9 slides; the limit is 8") == true)
    }

    @Test func aPitchRunsOnce() throws {
        var (pitch, _) = try started()
        #expect(throws: WorkshopError(.alreadyStarted, "the pitch of group g1 was already started")) {
            try pitch.start(by: juror, slideCount: 3, slideLimit: 10, at: clock.now)
        }
        try pitch.stop(by: juror, at: clock.now)
        let error = #expect(throws: WorkshopError.self) { try pitch.stop(by: juror, at: clock.now) }
        #expect(error?.code == .notRunning)
    }

    @Test func warningsFallAtTwoMinutesAndOneMinuteLeftToTheMillisecond() throws {
        let (pitch, t0) = try started()
        func at(_ ms: Int64) -> Date { Date(epochMilliseconds: t0.epochMilliseconds + ms) }
        #expect(pitch.dueEvents(since: t0, now: at(479_999)).isEmpty)
        #expect(pitch.dueEvents(since: at(479_999), now: at(480_000)).map(\.kind) == [.warning(secondsLeft: 120)])
        #expect(pitch.dueEvents(since: at(480_000), now: at(539_999)).isEmpty)
        #expect(pitch.dueEvents(since: at(539_999), now: at(540_000)).map(\.kind) == [.warning(secondsLeft: 60)])
        #expect(pitch.dueEvents(since: at(540_000), now: at(600_000)).map(\.kind) == [.timesUp])
        #expect(pitch.timer!.countdown.schedule.map(\.instant) == [at(480_000), at(540_000), at(600_000)])
    }

    @Test func overtimeKeepsCountingAndIsRecordedToTheMillisecond() throws {
        var (pitch, t0) = try started()
        clock.advance(byMilliseconds: 599_999)
        #expect(pitch.timer?.remainingMilliseconds(at: clock.now) == 1)
        #expect(pitch.overtimeMilliseconds(at: clock.now) == 0)
        clock.advance(byMilliseconds: 12_346)  // t0 + 612.345 s
        #expect(pitch.timer?.remainingMilliseconds(at: clock.now) == -12_345)
        #expect(pitch.overtimeMilliseconds(at: clock.now) == 12_345)
        let (record, audit) = try pitch.stop(by: .facilitator(), at: clock.now)
        #expect(record.startedAt == t0)
        #expect(record.durationMilliseconds == 612_345)
        #expect(record.overtimeMilliseconds == 12_345)
        #expect(record.limitMilliseconds == 600_000)
        #expect(audit.action == .pitchStop)
        #expect(!pitch.isDeckFrozen)  // the deck thaws when the pitch ends
        clock.advance(bySeconds: 3600)  // frozen once stopped
        #expect(pitch.overtimeMilliseconds(at: clock.now) == 12_345)
        #expect(pitch.timer?.elapsedMilliseconds(at: clock.now) == 612_345)
    }

    @Test func aPitchWithinTheLimitHasNoOvertime() throws {
        var (pitch, _) = try started()
        clock.advance(byMilliseconds: 587_001)
        let (record, _) = try pitch.stop(by: juror, at: clock.now)
        #expect(record.durationMilliseconds == 587_001)
        #expect(record.overtimeMilliseconds == 0)
    }

    @Test func noEventsAfterTheStop() throws {
        var (pitch, t0) = try started()
        try pitch.stop(by: juror, at: t0.addingTimeInterval(500))
        let events = pitch.dueEvents(since: nil, now: t0.addingTimeInterval(700))
        #expect(events.map(\.kind) == [.warning(secondsLeft: 120)])
    }

    @Test func aCustomLimitAndWarnings() throws {
        var pitch = Pitch(
            group: "g2", settings: PitchSettings(limitSeconds: 300, qaLimitSeconds: 120, warningsSeconds: [30]))
        let t0 = clock.now
        try pitch.start(by: juror, slideCount: 1, slideLimit: 1, at: t0)
        #expect(
            pitch.timer?.countdown.schedule.map(\.instant) == [t0.addingTimeInterval(270), t0.addingTimeInterval(300)])
    }

    @Test func thePitchRoundTripsThroughJSON() throws {
        let (pitch, _) = try started()
        #expect(try JSONDecoder().decode(Pitch.self, from: JSONEncoder().encode(pitch)) == pitch)
    }
}

@Suite("Slide timings")
struct SlideTimingTests {
    @Test func timePerSlideSumsEveryVisit() throws {
        let t0 = Date(epochMilliseconds: 1_774_875_600_000)
        func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
        let presenter = Caller.participant("p1a", group: "g1")
        var pitch = Pitch(group: "g1", settings: .default)
        try pitch.start(by: .juror("j1"), slideCount: 3, slideLimit: 10, at: t0)
        try pitch.showSlide(1, by: presenter, at: at(30))
        try pitch.showSlide(1, by: presenter, at: at(35))  // the current slide again: nothing recorded
        try pitch.showSlide(2, by: presenter, at: at(90))
        try pitch.showSlide(1, by: .facilitator(), at: at(100.5))
        #expect(pitch.currentSlide == 1)
        // While it runs, the current slide counts up to now.
        #expect(pitch.slideTimings(at: at(110)) == [0: 30_000, 1: 60_000 + 9_500, 2: 10_500])
        try pitch.stop(by: .juror("j1"), at: at(120))
        // slide 0: 0–30 s; slide 1: 30–90 s and 100.5–120 s; slide 2: 90–100.5 s.
        #expect(pitch.slideTimings(at: at(999)) == [0: 30_000, 1: 79_500, 2: 10_500])
        #expect(pitch.slideChanges.map(\.slide) == [0, 1, 2, 1])
        #expect(pitch.slideChanges.map(\.by) == ["j1", "p1a", "p1a", "facilitator"])
    }

    @Test func slideChangesAreChecked() throws {
        var pitch = Pitch(group: "g1", settings: .default)
        let now = Date(epochMilliseconds: 0)
        let presenter = Caller.participant("p1a", group: "g1")
        #expect(
            (#expect(throws: WorkshopError.self) { try pitch.showSlide(1, by: presenter, at: now) })?.code
                == .notRunning)
        try pitch.start(by: .facilitator(), slideCount: 3, slideLimit: 10, at: now)
        #expect(
            (#expect(throws: WorkshopError.self) { try pitch.showSlide(3, by: presenter, at: now) })?.code
                == .slideOutOfRange)
        let stranger = Caller.participant("p2a", group: "g2")
        #expect(
            (#expect(throws: WorkshopError.self) { try pitch.showSlide(1, by: stranger, at: now) })?.code == .notAllowed
        )
        #expect(
            (#expect(throws: WorkshopError.self) { try pitch.showSlide(1, by: .juror("j1"), at: now) })?.code
                == .notAllowed)
    }
}

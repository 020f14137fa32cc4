import Foundation
import Testing

@testable import Workshop

@Suite("Wall clock")
struct ClockTests {
    @Test func testClockAdvancesExactlyByMilliseconds() {
        let clock = TestWallClock(epochMilliseconds: 1_774_652_400_000)
        clock.advance(byMilliseconds: 1)
        #expect(clock.nowEpochMilliseconds == 1_774_652_400_001)
        clock.advance(bySeconds: 2.5)
        #expect(clock.nowEpochMilliseconds == 1_774_652_402_501)
        clock.set(Date(epochMilliseconds: 42))
        #expect(clock.now.epochMilliseconds == 42)
    }

    @Test func testClockIsSafeToShareBetweenTasks() async {
        let clock = TestWallClock(epochMilliseconds: 0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { clock.advance(byMilliseconds: 10) } }
        }
        #expect(clock.nowEpochMilliseconds == 1000)
    }

    @Test func systemClockIsCloseToDate() {
        let delta = SystemWallClock().now.timeIntervalSince(Date())
        #expect(abs(delta) < 1)
    }

    @Test func millisecondsBetweenDates() {
        let start = Date(epochMilliseconds: 1_000_000)
        #expect(Date(epochMilliseconds: 1_600_123).milliseconds(since: start) == 600_123)
    }
}

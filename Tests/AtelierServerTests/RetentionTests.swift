import Foundation
import Logging
import Storage
import Testing
import Workshop

@testable import AtelierServer

/// The retention rules on a test clock (issue 16): the daily purge removes exactly the sessions
/// and the signed records whose period is over, from a real SQLite file.
@Suite("Retention")
struct RetentionTests {
    @Test("the purge removes a session 90 days after its sprint and a signed record after 5 years, nothing sooner")
    func purgeOnATestClock() async throws {
        // 2027-03-01 12:00 UTC.
        let fixture = try PurgeFixture(at: 1_803_988_800_000, recordDays: 5 * 365 + 1)
        let (clock, store, sessions, purge) = (fixture.clock, fixture.store, fixture.sessions, fixture.purge)
        // The sprint of `early` runs 2027-03-01..03; `late`'s 2027-04-05..07 (Europe/Paris).
        let early = try await fixture.create(startingOn: "2027-03-01")
        let late = try await fixture.create(startingOn: "2027-04-05")
        let earlyEnd = try #require(await sessions.purgeAt(try await sessions.session(early)))
        // Midnight after the third day in Paris (23:00 UTC), plus 90 days.
        #expect(earlyEnd.epochMilliseconds == 1_804_114_800_000 + 90 * 86_400_000)
        try await store.addArtifacts([
            ArtifactRecord(
                sessionId: early, kind: .record, key: "1", createdAt: clock.nowEpochMilliseconds, meta: "{}",
                data: Data([1]))
        ])

        // A day before the session's period ends: nothing goes.
        clock.set(Date(epochMilliseconds: earlyEnd.epochMilliseconds - 86_400_000))
        #expect(try await purge.purge() == RetentionPurge.Result())
        #expect(await sessions.all().count == 2)

        // Its period over: `early` goes (its record stays), `late` stays.
        clock.set(Date(epochMilliseconds: earlyEnd.epochMilliseconds))
        let first = try await purge.purge()
        #expect(first.sessions == [early] && first.records == 0)
        #expect(try await store.session(early) == nil)
        #expect(try await store.session(late) != nil)
        #expect(try await store.artifacts(kind: .record).count == 1)
        #expect(try await purge.purge() == RetentionPurge.Result(), "a second purge finds nothing")

        // Five years after its signature, the record goes too.
        clock.set(Date(epochMilliseconds: 1_803_988_800_000 + Int64(5 * 365 + 1) * 86_400_000 - 1))
        #expect(try await purge.purge().records == 0)
        clock.advance(byMilliseconds: 1)
        #expect(try await purge.purge().records == 1)
        #expect(try await store.artifacts(kind: .record).isEmpty)

        // Zero keeps for ever.
        let forever = RetentionRules(sessionDays: 0, recordDays: 0)
        #expect(forever.sessionPurge(endsAt: clock.now) == nil && forever.recordsSignedBefore(clock.now) == nil)
    }

    @Test("a session created or re-dated with its days in the past is kept the whole period from then")
    func pastDatesKeepTheirPeriod() async throws {
        let start: Int64 = 1_803_988_800_000  // 2027-03-01 12:00 UTC
        let day: Int64 = 86_400_000
        let fixture = try PurgeFixture(at: start, recordDays: 0)
        let (clock, sessions, purge) = (fixture.clock, fixture.sessions, fixture.purge)

        // Created today with its days six years ago: kept 90 days from its creation.
        let past = try await fixture.create(startingOn: "2021-01-04")
        #expect(try await purge.purge().sessions.isEmpty, "the purge at the next start keeps it")
        #expect(await sessions.purgeAt(try await sessions.session(past))?.epochMilliseconds == start + 90 * day)
        // Another, re-dated to 2000 by a co-facilitator 80 days later: kept 90 days from then.
        let redated = try await fixture.create(startingOn: "2027-03-01")
        clock.set(Date(epochMilliseconds: start + 80 * day))
        try await sessions.change(redated, by: "i_cofacilitator") { change in
            try change.moveDates(to: CalendarDay(year: 2000, month: 1, day: 3))
        }
        #expect(try await purge.purge().sessions.isEmpty)
        clock.set(Date(epochMilliseconds: start + 90 * day - 1))
        #expect(try await purge.purge().sessions.isEmpty)
        clock.advance(byMilliseconds: 1)
        #expect(try await purge.purge().sessions == [past])
        clock.set(Date(epochMilliseconds: start + 170 * day - 1))
        #expect(try await purge.purge().sessions.isEmpty)
        clock.advance(byMilliseconds: 1)
        #expect(try await purge.purge().sessions == [redated])
    }
}

/// A session service and its daily purge on a real SQLite file and a test clock.
struct PurgeFixture {
    let clock: TestWallClock
    let store: SQLiteStore
    let sessions: SessionService
    let purge: RetentionPurge

    /// Sessions kept 90 days after their sprint, signed records `recordDays` (0: for ever).
    init(at epochMilliseconds: Int64, recordDays: Int) throws {
        let logger = Logger(label: "test")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID())")
        store = SQLiteStore(database: try AppDatabase.open(directory: directory))
        clock = TestWallClock(epochMilliseconds: epochMilliseconds)
        let hub = Hub(store: store, metrics: ServerMetrics(), logger: logger, idleTimeout: .seconds(30))
        sessions = SessionService(
            store: store, clock: clock, live: LiveHub(clock: clock, logger: logger), rooms: hub,
            publicURL: "http://localhost", retention: RetentionRules(sessionDays: 90, recordDays: recordDays),
            logger: logger)
        let collector = AssetCollector(
            store: store, directory: directory.appendingPathComponent("assets"), grace: .seconds(0),
            interval: .seconds(3600), logger: logger)
        purge = RetentionPurge(
            sessions: sessions, collector: collector, rules: sessions.retention, clock: clock, logger: logger)
    }

    /// A session of the example whose sprint starts on `day` (YYYY-MM-DD).
    func create(startingOn day: String) async throws -> String {
        var definition = try API.exampleDefinition()
        definition["startDate"] = day
        return try await sessions.create(definitionJSON: JSONSerialization.data(withJSONObject: definition)).id
    }
}

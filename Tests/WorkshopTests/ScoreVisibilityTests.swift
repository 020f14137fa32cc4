import Foundation
import Testing

@testable import Workshop

@Suite("Who sees which scores")
struct ScoreVisibilityTests {
    let now = Date(epochMilliseconds: 1_774_890_000_000)

    /// g1 scored by j1 (4 everywhere) and j2 (3 everywhere) — submitted — and j3 (5) still a draft.
    func twoOfThreeSubmitted() throws -> Jury {
        var jury = Jury(definition: fixtureDefinition())
        for (juror, score) in [("j1", 4.0), ("j2", 3.0), ("j3", 5.0)] {
            try jury.putScores(uniform(score), group: "g1", by: .juror(juror), at: now)
        }
        try jury.submit(group: "g1", by: .juror("j1"), at: now)
        try jury.submit(group: "g1", by: .juror("j2"), at: now)
        return jury
    }

    @Test func beforeTheLastSubmissionAJurorSeesOnlyTheirOwnSheet() throws {
        let jury = try twoOfThreeSubmitted()
        for juror in ["j1", "j3"] {
            let g1 = jury.results(for: .juror(juror)).groups[0]
            #expect(g1.sheets.map(\.juror) == [juror])  // j3 sees their own draft
            #expect(g1.total20 == nil)
            #expect(g1.criteria.allSatisfy { $0.mean == nil && $0.spread == nil && $0.flagged == nil })
            #expect(!g1.complete)
        }
    }

    @Test func theFacilitatorSeesWhoSubmittedButNotTheScores() throws {
        let g1 = try twoOfThreeSubmitted().results(for: .facilitator()).groups[0]
        #expect(
            g1.jurors == [
                JurorStatus(id: "j1", submitted: true), JurorStatus(id: "j2", submitted: true),
                JurorStatus(id: "j3", submitted: false),
            ])
        #expect(g1.sheets.isEmpty)
        #expect(g1.total20 == nil)
        #expect(g1.criteria.allSatisfy { $0.mean == nil })
    }

    @Test func onceEveryoneSubmittedJurorsAndTheFacilitatorSeeEverything() throws {
        var jury = try twoOfThreeSubmitted()
        try jury.submit(group: "g1", by: .juror("j3"), at: now)
        for viewer in [Caller.facilitator(), .juror("j1"), .juror("j3")] {
            let g1 = jury.results(for: viewer).groups[0]
            #expect(g1.complete)
            #expect(g1.sheets.map(\.juror) == ["j1", "j2", "j3"])
            #expect(g1.criteria.allSatisfy { $0.mean == 4 && $0.spread == 2 && $0.flagged == true })
            #expect(g1.total20 == 16)
        }
        // Other groups stay hidden.
        #expect(jury.results(for: .juror("j1")).groups[1].total20 == nil)
    }

    @Test func participantsAndObserversSeeNoScores() throws {
        var jury = try twoOfThreeSubmitted()
        try jury.submit(group: "g1", by: .juror("j3"), at: now)
        for viewer in [Caller.participant("p1a", group: "g1"), .observer("o1")] {
            let g1 = jury.results(for: viewer, overtimeMilliseconds: ["g1": 1_500]).groups[0]
            #expect(g1.total20 == nil && g1.sheets.isEmpty)
            #expect(g1.jurors.allSatisfy { $0.submitted == nil })
            #expect(g1.overtimeMs == 1_500)
        }
    }

    @Test func anEarlyRevealShowsTheFacilitatorTheSubmittedSheetsOnly() throws {
        var jury = try twoOfThreeSubmitted()
        #expect(
            scoringCode { try jury.revealEarly(group: "g1", by: .facilitator(), reason: " ", at: now) }
                == .reasonRequired)
        #expect(
            scoringCode { try jury.revealEarly(group: "g1", by: .juror("j1"), reason: "curious", at: now) }
                == .notAllowed)
        let record = try jury.revealEarly(group: "g1", by: .facilitator(), reason: "j3 had to leave", at: now)
        #expect(
            record
                == AuditRecord(
                    who: .facilitator(), action: .earlyReveal, group: "g1", reason: "j3 had to leave", at: now))
        let g1 = jury.results(for: .facilitator()).groups[0]
        #expect(g1.revealedEarly && !g1.complete)
        #expect(g1.sheets.map(\.juror) == ["j1", "j2"])
        // Means over j1 (4) and j2 (3): 3.5, spread 1, total 20 × 3.5 / 5 = 14.
        #expect(g1.criteria.allSatisfy { $0.mean == 3.5 && $0.spread == 1 && $0.flagged == false })
        #expect(g1.total20 == 14)
        // Jurors still wait for everyone.
        #expect(jury.results(for: .juror("j1")).groups[0].total20 == nil)
    }

    @Test func theOvertimeIsShownBesideTheFormatAndTimeCriterion() throws {
        let view = Jury(definition: fixtureDefinition()).results(
            for: .facilitator(), overtimeMilliseconds: ["g1": 12_345])
        let g1 = view.groups[0]
        #expect(g1.overtimeMs == 12_345)
        #expect(g1.criteria.filter { $0.overtimeMs != nil }.map(\.id) == ["a15-format-time"])
        #expect(g1.criteria.first { $0.id == "a15-format-time" }?.overtimeMs == 12_345)
        #expect(view.groups[1].overtimeMs == nil)
    }
}

import Foundation
import Testing

@testable import Workshop

/// Every score entry of `rubric` set to `score`.
func uniform(_ score: Double, rubric: [Criterion] = Defaults.rubric, comment: String? = nil) -> [String: ScoreEntry] {
    Dictionary(uniqueKeysWithValues: rubric.map { ($0.id, ScoreEntry(score: score, comment: comment)) })
}

/// The code of the `WorkshopError` thrown by `body`, or nil if it succeeded.
func scoringCode<T>(_ body: () throws -> T) -> WorkshopError.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? WorkshopError)?.code
    }
}

@Suite("Score sheets: drafts, submission, scale, assignment")
struct JuryScoringTests {
    let now = Date(epochMilliseconds: 1_774_890_000_000)
    let j1 = Caller.juror("j1")

    @Test func draftsMergePerCriterionAndANilScoreClears() throws {
        var jury = Jury(definition: fixtureDefinition())
        try jury.putScores(["a14-problem": ScoreEntry(score: 4, comment: "clair")], group: "g1", by: j1, at: now)
        let sheet = try jury.putScores(
            ["a15-viability": ScoreEntry(score: 3.5), "a14-problem": ScoreEntry(score: nil, comment: "à revoir")],
            group: "g1", by: j1, at: now.addingTimeInterval(1))
        #expect(sheet.score(for: "a15-viability") == 3.5)
        #expect(sheet.score(for: "a14-problem") == nil)
        #expect(sheet.entries["a14-problem"]?.comment == "à revoir")
        #expect(!sheet.isSubmitted)
        #expect(sheet.updatedAt == now.addingTimeInterval(1))
    }

    @Test(arguments: [5.5, -0.5, 3.25, 0.1, .nan, .infinity])
    func scoresOffTheScaleAreRefused(score: Double) {
        var jury = Jury(definition: fixtureDefinition())
        let error = #expect(throws: WorkshopError.self) {
            try jury.putScores(["a14-openness": ScoreEntry(score: score)], group: "g1", by: j1, at: now)
        }
        #expect(error?.code == .offScale)
        #expect(error?.criteria == ["a14-openness"])
        #expect(jury.sheet(juror: "j1", group: "g1") == nil)
    }

    @Test(arguments: [0.0, 0.5, 2.5, 5.0])
    func scoresOnTheScaleAreAccepted(score: Double) throws {
        var jury = Jury(definition: fixtureDefinition())
        try jury.putScores(["a14-openness": ScoreEntry(score: score)], group: "g1", by: j1, at: now)
    }

    @Test(arguments: [
        (5.0000000000001, 5.0), (-1e-12, 0.0), (1e-300, 0.0), (4.4999999999, 4.5), (-0.0, 0.0), (2.5, 2.5),
    ])
    func aScoreWithinTheToleranceOfAStepIsStoredAsThatStep(sent: Double, stored: Double) throws {
        var jury = Jury(definition: fixtureDefinition(), candidates: [Candidate(id: "c_a", invite: "i_a", group: "g1")])
        let sheet = try jury.putScores(["a14-openness": ScoreEntry(score: sent)], group: "g1", by: j1, at: now)
        let score = try #require(sheet.score(for: "a14-openness"))
        #expect(score == stored)
        #expect(score.sign == .plus)
        let override = try jury.putCandidateScores(
            ["a14-openness": ScoreEntry(score: sent)], candidate: "c_a", by: j1, at: now)
        #expect(override.entries["a14-openness"]?.score == stored)
    }

    @Test func aFinerScaleKeepsItsDecimalSteps() throws {
        var definition = fixtureDefinition()
        definition.scale = ScoreScale(min: 0, max: 1, step: 0.1)
        var jury = Jury(definition: definition)
        let sheet = try jury.putScores(["a14-openness": ScoreEntry(score: 0.3)], group: "g1", by: j1, at: now)
        #expect(sheet.score(for: "a14-openness") == 0.3)
    }

    @Test func anotherScaleIsHonoured() throws {
        var definition = fixtureDefinition()
        definition.scale = ScoreScale(min: 0, max: 20, step: 1)
        var jury = Jury(definition: definition)
        try jury.putScores(["a14-openness": ScoreEntry(score: 17)], group: "g1", by: j1, at: now)
        #expect(
            scoringCode { try jury.putScores(["a14-openness": ScoreEntry(score: 17.5)], group: "g1", by: j1, at: now) }
                == .offScale)
    }

    @Test func unknownCriteriaAreRefused() {
        var jury = Jury(definition: fixtureDefinition())
        let error = #expect(throws: WorkshopError.self) {
            try jury.putScores(["charisma": ScoreEntry(score: 5)], group: "g1", by: j1, at: now)
        }
        #expect(error?.code == .unknownCriterion && error?.criteria == ["charisma"])
    }

    @Test func submitIsRefusedNamingTheUnscoredCriteria() throws {
        var jury = Jury(definition: fixtureDefinition())
        var scores = uniform(4)
        scores["a14-collaboration"] = nil
        scores["a15-dialogue"] = ScoreEntry(score: nil, comment: "pas encore")
        try jury.putScores(scores, group: "g1", by: j1, at: now)
        let error = #expect(throws: WorkshopError.self) { try jury.submit(group: "g1", by: j1, at: now) }
        #expect(error?.code == .unscored)
        #expect(error?.criteria == ["a14-collaboration", "a15-dialogue"])
        #expect(error?.message.contains("a14-collaboration") == true)
        // An empty sheet names every criterion.
        #expect(
            (#expect(throws: WorkshopError.self) { try jury.submit(group: "g2", by: j1, at: now) })?.criteria.count == 8
        )
    }

    @Test func aSubmittedSheetIsLocked() throws {
        var jury = Jury(definition: fixtureDefinition())
        try jury.putScores(uniform(3), group: "g1", by: j1, at: now)
        let (sheet, audit) = try jury.submit(group: "g1", by: j1, at: now)
        #expect(sheet.submittedAt == now)
        #expect(audit == AuditRecord(who: j1, action: .scoresSubmit, group: "g1", at: now))
        #expect(scoringCode { try jury.putScores(uniform(5), group: "g1", by: j1, at: now) } == .alreadySubmitted)
        #expect(scoringCode { try jury.submit(group: "g1", by: j1, at: now) } == .alreadySubmitted)
        #expect(jury.sheet(juror: "j1", group: "g1")?.score(for: "a14-problem") == 3)
    }

    @Test func onlyAssignedJurorsScore() throws {
        var definition = fixtureDefinition()
        definition.groups[1].jurors = ["j2", "j3"]
        var jury = Jury(definition: definition)
        #expect(jury.activeJurors(for: "g2") == ["j2", "j3"])
        #expect(scoringCode { try jury.putScores(uniform(3), group: "g2", by: j1, at: now) } == .notAssigned)
        #expect(scoringCode { try jury.putScores(uniform(3), group: "g9", by: j1, at: now) } == .unknownGroup)
        for caller in [Caller.facilitator(), .participant("p1a", group: "g1"), .observer("o")] {
            #expect(scoringCode { try jury.putScores(uniform(3), group: "g1", by: caller, at: now) } == .notAllowed)
        }
        try jury.putScores(uniform(3), group: "g1", by: j1, at: now)
    }

    @Test func aConflictOfInterestExcludesTheJuror() throws {
        var jury = Jury(definition: fixtureDefinition())
        try jury.putScores(uniform(1), group: "g2", by: j1, at: now)  // a draft, then the conflict
        let record = try jury.declareConflict(group: "g2", by: j1, reason: "former colleague", at: now)
        #expect(record.action == .conflictDeclared && record.reason == "former colleague")
        #expect(jury.isExcluded("j1", from: "g2"))
        #expect(!jury.isExcluded("j1", from: "g1"))
        #expect(jury.activeJurors(for: "g2") == ["j2", "j3"])
        #expect(jury.sheet(juror: "j1", group: "g2") == nil)  // the draft is discarded
        #expect(scoringCode { try jury.putScores(uniform(3), group: "g2", by: j1, at: now) } == .conflictOfInterest)
        #expect(scoringCode { try jury.submit(group: "g2", by: j1, at: now) } == .conflictOfInterest)
        #expect(try jury.declareConflict(group: "g2", by: j1, reason: "again", at: now) == record)  // idempotent
        // The other two complete the group without them.
        for juror in ["j2", "j3"] {
            try jury.putScores(uniform(4), group: "g2", by: .juror(juror), at: now)
            try jury.submit(group: "g2", by: .juror(juror), at: now)
        }
        #expect(jury.isComplete("g2"))
        #expect(jury.results(for: .facilitator()).groups[1].jurors.map(\.id) == ["j2", "j3"])
    }

    @Test func aConflictFoundAfterSubmittingStillExcludesTheJuror() throws {
        var jury = Jury(definition: fixtureDefinition())
        for (juror, score) in [("j1", 1.0), ("j2", 4.0), ("j3", 4.0)] {
            try jury.putScores(uniform(score), group: "g1", by: .juror(juror), at: now)
            try jury.submit(group: "g1", by: .juror(juror), at: now)
        }
        try jury.declareConflict(group: "g1", by: j1, reason: "a candidate is my cousin", at: now)
        #expect(jury.isExcluded("j1", from: "g1"))
        // The sheet stays, as evidence, but no longer counts.
        #expect(jury.sheet(juror: "j1", group: "g1")?.isSubmitted == true)
        #expect(jury.submittedSheets(for: "g1").map(\.juror) == ["j2", "j3"])
        #expect(jury.isComplete("g1"))
    }

    @Test func theJuryRoundTripsThroughJSON() throws {
        var jury = Jury(definition: fixtureDefinition())
        try jury.putScores(uniform(3), group: "g1", by: j1, at: now)
        try jury.declareConflict(group: "g3", by: .juror("j2"), reason: nil, at: now)
        #expect(try JSONDecoder().decode(Jury.self, from: JSONEncoder().encode(jury)) == jury)
    }
}

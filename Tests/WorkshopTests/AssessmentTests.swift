import Foundation
import Testing

@testable import Workshop

/// A definition for assessing candidates: the default rubric with A14's collaboration given to
/// the facilitator, j1 presiding, pass mark 10 on 20.
func assessmentDefinition(compensation: Bool = false) -> SessionDefinition {
    var definition = fixtureDefinition()
    definition.rubric = Defaults.rubric.map { criterion in
        var criterion = criterion
        if criterion.id == "a14-collaboration" { criterion.assessor = .facilitator }
        return criterion
    }
    definition.jurors[0].president = true
    definition.compensation = compensation
    return definition
}

/// Two candidates of g1 and one of g2.
let assessmentCandidates = [
    Candidate(id: "c_ana", invite: "i_ana", group: "g1"), Candidate(id: "c_ben", invite: "i_ben", group: "g1"),
    Candidate(id: "c_cy", invite: "i_cy", group: "g2"),
]

/// The jury criteria of A14 and A15 (collaboration is the facilitator's).
let a14Jury = ["a14-problem", "a14-creativity-tools", "a14-openness"]
let a15 = ["a15-viability", "a15-communication", "a15-format-time", "a15-dialogue"]

/// `score` for each of `criteria`.
func entries(_ criteria: [String], _ score: Double, comment: String? = nil) -> [String: ScoreEntry] {
    Dictionary(uniqueKeysWithValues: criteria.map { ($0, ScoreEntry(score: score, comment: comment)) })
}

@Suite("Assessment per candidate: sheets, overrides, marks, proposals")
struct CandidateMarksTests {
    let clock = TestWallClock(epochMilliseconds: 1_774_890_000_000)
    let jurors = ["j1", "j2", "j3"].map(Caller.juror)

    /// g1 scored by the three jurors (A14's jury criteria 2, A15's 3) and submitted; the
    /// facilitator's collaboration scores (ana 3, ben 4); j1 gives ben 5 on a14-problem.
    func scoredJury(compensation: Bool = false) throws -> Jury {
        var jury = Jury(definition: assessmentDefinition(compensation: compensation), candidates: assessmentCandidates)
        for juror in jurors {
            try jury.putScores(
                entries(a14Jury, 2).merging(entries(a15, 3)) { a, _ in a }, group: "g1", by: juror, at: clock.now)
        }
        try jury.putCandidateScores(
            ["a14-problem": ScoreEntry(score: 5, comment: "led the interviews")], candidate: "c_ben", by: jurors[0],
            at: clock.now)
        try jury.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: 3)], candidate: "c_ana", by: facilitator, at: clock.now)
        try jury.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: 4)], candidate: "c_ben", by: facilitator, at: clock.now)
        for juror in jurors { try jury.submit(group: "g1", by: juror, at: clock.now) }
        return jury
    }

    @Test("a candidate's score is their override, else the group sheet's; null removes an override")
    func overridesResolvePerCandidate() throws {
        var jury = Jury(definition: assessmentDefinition(), candidates: assessmentCandidates)
        try jury.putScores(entries(a14Jury, 2), group: "g1", by: jurors[0], at: clock.now)
        try jury.putCandidateScores(
            ["a14-problem": ScoreEntry(score: 4.5)], candidate: "c_ana", by: jurors[0], at: clock.now)
        var sheet = try #require(jury.sheet(juror: "j1", group: "g1"))
        #expect(sheet.entry(for: "a14-problem", candidate: "c_ana")?.entry.score == 4.5)
        #expect(sheet.entry(for: "a14-problem", candidate: "c_ana")?.override == true)
        #expect(sheet.entry(for: "a14-problem", candidate: "c_ben")?.entry.score == 2)
        #expect(sheet.entry(for: "a14-problem", candidate: "c_ben")?.override == false)

        let cleared = try jury.putCandidateScores(
            ["a14-problem": ScoreEntry(score: nil)], candidate: "c_ana", by: jurors[0], at: clock.now)
        #expect(cleared.entries.isEmpty)
        sheet = try #require(jury.sheet(juror: "j1", group: "g1"))
        #expect(sheet.overrides["c_ana"] == nil)
        #expect(sheet.entry(for: "a14-problem", candidate: "c_ana")?.entry.score == 2)
    }

    @Test("each assessor scores only their criteria; a candidate of another group is not found")
    func assessorsAndCandidates() throws {
        var jury = Jury(definition: assessmentDefinition(), candidates: assessmentCandidates)
        #expect(
            scoringCode {
                try jury.putCandidateScores(
                    ["a14-collaboration": ScoreEntry(score: 3)], candidate: "c_ana", by: jurors[0], at: clock.now)
            } == .wrongAssessor)
        #expect(
            scoringCode {
                try jury.putCandidateScores(
                    ["a14-problem": ScoreEntry(score: 3)], candidate: "c_ana", by: facilitator, at: clock.now)
            } == .wrongAssessor)
        #expect(
            scoringCode {
                try jury.putScores(
                    ["a14-collaboration": ScoreEntry(score: 3)], group: "g1", by: jurors[0], at: clock.now)
            } == .wrongAssessor)
        #expect(
            scoringCode { try jury.putCandidateScores([:], candidate: "c_nobody", by: jurors[0], at: clock.now) }
                == .notFound)
        #expect(
            scoringCode {
                try jury.putCandidateScores(
                    [:], candidate: "c_ana", by: .participant("i_ana", group: "g1"), at: clock.now)
            } == .notAllowed)
        #expect(
            scoringCode {
                try jury.putCandidateScores(
                    ["a14-problem": ScoreEntry(score: 7)], candidate: "c_ana", by: jurors[1], at: clock.now)
            } == .offScale)
    }

    @Test("submitting needs every jury criterion for every candidate, and locks overrides with the sheet")
    func submitLocksOverrides() throws {
        var jury = Jury(definition: assessmentDefinition(), candidates: assessmentCandidates)
        try jury.putScores(
            entries(Array(a14Jury.dropFirst()), 3).merging(entries(a15, 3)) { a, _ in a }, group: "g1", by: jurors[0],
            at: clock.now)
        // a14-problem is missing for ben (ana has an override): the refusal names it.
        try jury.putCandidateScores(
            ["a14-problem": ScoreEntry(score: 4)], candidate: "c_ana", by: jurors[0], at: clock.now)
        let refusal = #expect(throws: WorkshopError.self) { try jury.submit(group: "g1", by: jurors[0], at: clock.now) }
        #expect(refusal?.code == .unscored)
        #expect(refusal?.criteria == ["a14-problem"])
        try jury.putCandidateScores(
            ["a14-problem": ScoreEntry(score: 2)], candidate: "c_ben", by: jurors[0], at: clock.now)
        try jury.submit(group: "g1", by: jurors[0], at: clock.now)
        #expect(
            scoringCode {
                try jury.putCandidateScores(
                    ["a14-problem": ScoreEntry(score: 1)], candidate: "c_ben", by: jurors[0], at: clock.now)
            } == .alreadySubmitted)
    }

    @Test("worked example: ana's A15 is proposed validated while her A14 is not; ben's override carries his A14")
    func workedExample() throws {
        let jury = try scoredJury()
        let ana = assessmentCandidates[0]
        let ben = assessmentCandidates[1]
        // ana A14: jury means 2, 2, 2 and the facilitator's 3 → 20 × (9 / 5) / 4 = 9.00.
        let anaA14 = jury.assessment(of: ana, block: "A14", passMark20: 10)
        #expect(anaA14.mark20 == 9)
        #expect(anaA14.proposal == .notValidated)
        // ana A15: 3 everywhere → 12.00.
        let anaA15 = jury.assessment(of: ana, block: "A15", passMark20: 10)
        #expect(anaA15.mark20 == 12)
        #expect(anaA15.proposal == .validated)
        // ben A14: a14-problem (5 + 2 + 2) / 3 = 3 (spread 3: flagged), collaboration 4 → 20 × 11 / 20 = 11.00.
        let benA14 = jury.assessment(of: ben, block: "A14", passMark20: 10)
        #expect(benA14.mark20 == 11)
        #expect(benA14.proposal == .validated)
        let problem = try #require(benA14.criteria.first { $0.id == "a14-problem" })
        #expect(problem.mean == 3)
        #expect(problem.spread == 3)
        #expect(problem.flagged == true)
        #expect(problem.scores.map(\.override) == [true, false, false])
        #expect(problem.scores.first?.comment == "led the interviews")
        let collaboration = try #require(benA14.criteria.first { $0.id == "a14-collaboration" })
        #expect(collaboration.scores.map(\.by) == ["facilitator"])
        // A pass mark of 11.5 turns ben's A14 into a proposal of not validated.
        #expect(jury.assessment(of: ben, block: "A14", passMark20: 11.5).proposal == .notValidated)
        // A mark exactly at the pass mark is validated.
        #expect(jury.assessment(of: ben, block: "A14", passMark20: 11).proposal == .validated)
    }

    @Test("with compensation, ana's weighted result across A14 and A15 is validated (10.50)")
    func compensation() throws {
        let jury = try scoredJury(compensation: true)
        let definition = assessmentDefinition(compensation: true)
        let view = jury.results(
            for: facilitator, definition: definition, deliberation: Deliberation(), names: ["c_ana": "Ana"])
        let ana = try #require(view.candidates.first { $0.id == "c_ana" })
        #expect(ana.name == "Ana")
        #expect(ana.blocks.map(\.proposal) == [.notValidated, .validated])
        // (2 + 2 + 3 + 2 + 3 + 3 + 3 + 3) / 8 = 2.625 of 5 → 10.50.
        #expect(ana.overall?.mark20 == 10.5)
        #expect(ana.overall?.proposal == .validated)
        // Without compensation there is no overall result.
        let plain = jury.results(
            for: facilitator, definition: assessmentDefinition(), deliberation: Deliberation(), names: [:])
        #expect(plain.candidates.first { $0.id == "c_ana" }?.overall == nil)
    }

    @Test("no mark until every juror of the group submitted and the facilitator scored")
    func marksWaitForEveryScore() throws {
        var jury = Jury(definition: assessmentDefinition(), candidates: assessmentCandidates)
        for juror in jurors {
            try jury.putScores(
                entries(a14Jury, 4).merging(entries(a15, 4)) { a, _ in a }, group: "g1", by: juror, at: clock.now)
        }
        for juror in jurors.dropLast() { try jury.submit(group: "g1", by: juror, at: clock.now) }
        #expect(jury.assessment(of: assessmentCandidates[0], block: "A15", passMark20: 10).mark20 == nil)
        try jury.submit(group: "g1", by: jurors[2], at: clock.now)
        #expect(jury.assessment(of: assessmentCandidates[0], block: "A15", passMark20: 10).mark20 == 16)
        // A14 still waits for the facilitator's collaboration score.
        #expect(jury.assessment(of: assessmentCandidates[0], block: "A14", passMark20: 10).mark20 == nil)
        try jury.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: 4)], candidate: "c_ana", by: facilitator, at: clock.now)
        #expect(jury.assessment(of: assessmentCandidates[0], block: "A14", passMark20: 10).mark20 == 16)
    }

    @Test("a participant sees nothing before publication, then only their own result; an observer never")
    func visibility() throws {
        let jury = try scoredJury()
        let definition = assessmentDefinition()
        var deliberation = Deliberation()
        let ana = Caller.participant("i_ana", group: "g1")
        #expect(
            jury.results(
                for: ana, participantCandidate: "c_ana", definition: definition, deliberation: deliberation, names: [:]
            ).candidates.isEmpty == true)
        deliberation.closedVersion = 1
        deliberation.published = true
        let own = jury.results(
            for: ana, participantCandidate: "c_ana", definition: definition, deliberation: deliberation, names: [:])
        #expect(own.candidates.map(\.id) == ["c_ana"])
        let observer = Caller(role: .observer, id: "i_obs")
        #expect(
            jury.results(for: observer, definition: definition, deliberation: deliberation, names: [:]).candidates
                .isEmpty == true)
        #expect(
            jury.results(for: facilitator, definition: definition, deliberation: deliberation, names: [:]).candidates
                .count == 3)
    }
}

@Suite("Deliberation: decisions, signatures, close, reopen, acting president")
struct DeliberationTests {
    let clock = TestWallClock(epochMilliseconds: 1_774_890_000_000)
    let definition = assessmentDefinition()
    let president = Caller.juror("j1")

    /// A session whose g1 is fully scored (see ``CandidateMarksTests/scoredJury``) and whose g2 is scored 4 everywhere.
    /// With `presidentRecused`, j1 declares a conflict of interest for g2 first and does not score it.
    func scoredState(presidentRecused: Bool = false) throws -> SessionState {
        var state = SessionState(
            definition: definition, calendar: try definition.calendar(createdAt: clock.now),
            candidates: assessmentCandidates, at: clock.now)
        state.jury = try CandidateMarksTests().scoredJury()
        if presidentRecused {
            _ = try state.declareConflict(group: "g2", by: president, reason: "a coaché g2", at: clock.now)
        }
        for juror in ["j1", "j2", "j3"].map(Caller.juror) where !(presidentRecused && juror == president) {
            _ = try state.putScores(
                entries(a14Jury, 4).merging(entries(a15, 4)) { a, _ in a }, group: "g2", by: juror, at: clock.now)
            _ = try state.submitScores(group: "g2", by: juror, at: clock.now)
        }
        _ = try state.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: 4)], candidate: "c_cy", by: facilitator, at: clock.now)
        return state
    }

    func code(_ body: () throws -> Any) -> WorkshopError.Code? { scoringCode(body) }

    @Test(
        "the president decides; a departure from the proposal needs a justification; a new decision clears signatures")
    func decisionsAndJustification() throws {
        var state = try scoredState()
        #expect(
            code {
                try state.recordDecision(
                    .validated, justification: nil, candidate: "c_ana", block: "A14", by: .juror("j2"),
                    definition: definition, at: clock.now)
            } == .notPresident)
        #expect(
            code {
                try state.recordDecision(
                    .validated, justification: nil, candidate: "c_ana", block: "A14", by: facilitator,
                    definition: definition, at: clock.now)
            } == .notPresident)
        #expect(
            code {
                try state.recordDecision(
                    .validated, justification: "  ", candidate: "c_ana", block: "A14", by: president,
                    definition: definition, at: clock.now)
            } == .justificationRequired)
        #expect(
            code {
                try state.recordDecision(
                    .validated, justification: nil, candidate: "c_ana", block: "A99", by: president,
                    definition: definition, at: clock.now)
            } == .unknownBlock)
        #expect(
            code {
                try state.recordDecision(
                    .validated, justification: nil, candidate: "c_nobody", block: "A14", by: president,
                    definition: definition, at: clock.now)
            } == .notFound)
        // Following the proposal needs no justification.
        _ = try state.recordDecision(
            .notValidated, justification: nil, candidate: "c_ana", block: "A14", by: president, definition: definition,
            at: clock.now)
        _ = try state.sign(by: .juror("j2"), definition: definition, at: clock.now)
        #expect(state.deliberation.signatures.keys.sorted() == ["j2"])
        // Departing from it does, and clears the signatures.
        clock.advance(bySeconds: 60)
        let outcome = try state.recordDecision(
            .validated, justification: "Le jury retient la qualité de l'entretien", candidate: "c_ana", block: "A14",
            by: president, definition: definition, at: clock.now)
        #expect(state.deliberation.signatures.isEmpty)
        let recorded = try #require(state.deliberation.decisions["c_ana"]?["A14"])
        #expect(recorded.decision == .validated)
        #expect(recorded.proposal == .notValidated)
        #expect(recorded.at == clock.now)
        #expect(outcome.audit.map(\.action) == [.decision])
        // absent and deferred need a reason too, whatever the proposal.
        #expect(
            code {
                try state.recordDecision(
                    .absent, justification: nil, candidate: "c_ben", block: "A15", by: president,
                    definition: definition, at: clock.now)
            } == .justificationRequired)
        // A reason is words, not a mark.
        for junk in [".", "-", "??", "a."] {
            #expect(
                code {
                    try state.recordDecision(
                        .absent, justification: junk, candidate: "c_ben", block: "A15", by: president,
                        definition: definition, at: clock.now)
                } == .justificationRequired, "\(junk)")
        }
    }

    @Test("only the session's jurors sign; the president closes once all signed and every mark is in")
    func signAndClose() throws {
        var state = try scoredState()
        #expect(code { try state.sign(by: facilitator, definition: definition, at: clock.now) } == .notAllowed)
        #expect(code { try state.sign(by: .juror("j9"), definition: definition, at: clock.now) } == .notAllowed)
        _ = try state.sign(by: president, definition: definition, at: clock.now)
        _ = try state.sign(by: .juror("j2"), definition: definition, at: clock.now)
        let unsigned = #expect(throws: WorkshopError.self) {
            try state.closeRecord(by: president, definition: definition, at: clock.now)
        }
        #expect(unsigned?.code == .unsigned)
        #expect(unsigned?.message.contains("j3") == true)
        _ = try state.sign(by: .juror("j3"), definition: definition, at: clock.now)
        #expect(
            code { try state.closeRecord(by: .juror("j2"), definition: definition, at: clock.now) } == .notPresident)
        clock.advance(bySeconds: 5)
        let (version, outcome) = try state.closeRecord(by: president, definition: definition, at: clock.now)
        // Closing recorded the missing decisions as their proposals: what was signed still stands.
        #expect(state.currentSignatures(definition: definition).keys.sorted() == ["j1", "j2", "j3"])
        #expect(version == 1)
        #expect(state.deliberation.closedVersion == 1)
        #expect(outcome.audit.map(\.action) == [.recordClose])
        // Missing decisions took their proposals.
        #expect(state.deliberation.decisions["c_ana"]?["A14"]?.decision == .notValidated)
        #expect(state.deliberation.decisions["c_ana"]?["A15"]?.decision == .validated)
        #expect(state.deliberation.decisions["c_cy"]?["A14"]?.decision == .validated)
        #expect(state.deliberation.decisions["c_ana"]?["A14"]?.at == clock.now)
    }

    @Test("closing with a mark missing is refused naming the candidate and the assessment")
    func incompleteMarks() throws {
        var state = try scoredState()
        _ = try state.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: nil)], candidate: "c_cy", by: facilitator, at: clock.now)
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        let refusal = #expect(throws: WorkshopError.self) {
            try state.closeRecord(by: president, definition: definition, at: clock.now)
        }
        #expect(refusal?.code == .incompleteMarks)
        #expect(refusal?.message.contains("c_cy A14") == true)
        #expect(state.deliberation.closedVersion == nil)
    }

    @Test("a closed record refuses every jury write with record-closed; reopening takes the president and a reason")
    func closedThenReopened() throws {
        var state = try scoredState()
        _ = try state.addExtraTime(
            seconds: 60, candidate: nil, reason: "projector", group: "g3", by: facilitator, settings: definition.pitch,
            at: clock.now, requestKey: "grant-1")
        _ = try state.startQA(group: "g1", by: .juror("j2"), settings: definition.pitch, at: clock.now)
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        let closing = try state.closeRecord(by: president, definition: definition, at: clock.now)
        // A Q&A still running ends with the close (the record says when).
        #expect(state.pitches["g1"]?.qaTimer?.stoppedAt == clock.now)
        #expect(closing.outcome.audit.map(\.action) == [.recordClose, .qaStop])
        // A grant retried after the close (its answer was lost) is the first one, not a refusal.
        let retried = try state.addExtraTime(
            seconds: 60, candidate: nil, reason: "projector", group: "g3", by: facilitator, settings: definition.pitch,
            at: clock.now, requestKey: "grant-1")
        #expect(retried.audit.isEmpty && retried.events.isEmpty)
        #expect(
            code {
                try state.addExtraTime(
                    seconds: 60, candidate: nil, reason: "projector", group: "g3", by: facilitator,
                    settings: definition.pitch, at: clock.now, requestKey: "grant-2")
            } == .recordClosed)
        #expect(code { try state.putScores([:], group: "g3", by: .juror("j1"), at: clock.now) } == .recordClosed)
        #expect(
            code { try state.putCandidateScores([:], candidate: "c_ana", by: facilitator, at: clock.now) }
                == .recordClosed)
        #expect(code { try state.submitScores(group: "g3", by: .juror("j1"), at: clock.now) } == .recordClosed)
        #expect(
            code { try state.declareConflict(group: "g3", by: .juror("j2"), reason: "x", at: clock.now) }
                == .recordClosed)
        #expect(
            code {
                try state.recordDecision(
                    .validated, justification: "x", candidate: "c_ana", block: "A14", by: president,
                    definition: definition, at: clock.now)
            } == .recordClosed)
        #expect(code { try state.sign(by: president, definition: definition, at: clock.now) } == .recordClosed)
        #expect(
            code {
                try state.nameActingPresident(
                    "j2", group: "g1", reason: nil, by: facilitator, definition: definition, at: clock.now)
            } == .recordClosed)
        #expect(code { try state.closeRecord(by: president, definition: definition, at: clock.now) } == .recordClosed)
        #expect(
            code {
                try state.logQA(
                    kind: .question, text: "Et après ?", group: "g1", by: .juror("j1"), settings: definition.pitch,
                    at: clock.now)
            } == .recordClosed)

        _ = try state.publishResults(by: facilitator, at: clock.now)
        #expect(state.deliberation.published)
        #expect(
            code { try state.reopenRecord(by: .juror("j2"), reason: "x", definition: definition, at: clock.now) }
                == .notPresident)
        #expect(
            code { try state.reopenRecord(by: president, reason: " ", definition: definition, at: clock.now) }
                == .reasonRequired)
        let outcome = try state.reopenRecord(
            by: president, reason: "Score saisi pour le mauvais candidat", definition: definition, at: clock.now)
        #expect(outcome.audit.first?.reason == "Score saisi pour le mauvais candidat")
        #expect(
            state.deliberation.reopened
                == Deliberation.Reopening(
                    fromVersion: 1, reason: "Score saisi pour le mauvais candidat", by: "j1", at: clock.now))
        #expect(state.deliberation.closedVersion == nil)
        #expect(!state.deliberation.published)
        #expect(state.deliberation.signatures.isEmpty)
        #expect(
            code { try state.reopenRecord(by: president, reason: "again", definition: definition, at: clock.now) }
                == .notClosed)
        #expect(code { try state.publishResults(by: facilitator, at: clock.now) } == .notClosed)
        // The next close makes version 2.
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        #expect(try state.closeRecord(by: president, definition: definition, at: clock.now).version == 2)
    }

    @Test("a signature counts for the record as it was signed: a facilitator's score changed afterwards outdates it")
    func signaturesFollowTheRecord() throws {
        var state = try scoredState()
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        #expect(state.currentSignatures(definition: definition).keys.sorted() == ["j1", "j2", "j3"])
        // Re-sending the same score changes nothing that was signed.
        _ = try state.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: 4)], candidate: "c_ben", by: facilitator, at: clock.now)
        #expect(state.currentSignatures(definition: definition).count == 3)
        // A different one does: the three signed marks that are no longer the record's.
        _ = try state.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: 0)], candidate: "c_ben", by: facilitator, at: clock.now)
        #expect(state.currentSignatures(definition: definition).isEmpty)
        let refusal = #expect(throws: WorkshopError.self) {
            try state.closeRecord(by: president, definition: definition, at: clock.now)
        }
        #expect(refusal?.code == .unsigned)
        #expect(refusal?.message.contains("signed before the marks or decisions changed") == true)
        #expect(state.deliberation.closedVersion == nil)
        // Signing again closes, and the record holds the new mark with the new signatures.
        clock.advance(bySeconds: 30)
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        #expect(try state.closeRecord(by: president, definition: definition, at: clock.now).version == 1)
        #expect(state.deliberation.signatures.values.allSatisfy { $0 == clock.now })
    }

    @Test("closing checks each decision against the proposal as the marks now stand: a new departure needs its reason")
    func decisionsRecheckedAtClose() throws {
        var state = try scoredState()
        // ana's A14 is proposed not validated (9.00): the president follows it.
        _ = try state.recordDecision(
            .notValidated, justification: nil, candidate: "c_ana", block: "A14", by: president,
            definition: definition, at: clock.now)
        // Her collaboration then rises from 3 to 5: A14 is 11.00, proposed validated.
        _ = try state.putCandidateScores(
            ["a14-collaboration": ScoreEntry(score: 5)], candidate: "c_ana", by: facilitator, at: clock.now)
        #expect(
            state.proposal(
                candidate: try #require(state.jury.candidate("c_ana")), block: "A14", definition: definition)
                == .validated)
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        let refusal = #expect(throws: WorkshopError.self) {
            try state.closeRecord(by: president, definition: definition, at: clock.now)
        }
        #expect(refusal?.code == .departureUnjustified)
        #expect(refusal?.message.contains("c_ana A14") == true)
        #expect(state.deliberation.closedVersion == nil)
        #expect(state.deliberation.decisions["c_ana"]?["A14"]?.proposal == .notValidated)
        // Recorded again with its reason (which clears the signatures), it closes.
        _ = try state.recordDecision(
            .notValidated, justification: "Posture notée après l'entretien avec le jury", candidate: "c_ana",
            block: "A14", by: president, definition: definition, at: clock.now)
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        _ = try state.closeRecord(by: president, definition: definition, at: clock.now)
        #expect(state.deliberation.decisions["c_ana"]?["A14"]?.proposal == .validated)
        #expect(state.deliberation.decisions["c_ana"]?["A14"]?.decision == .notValidated)
    }

    @Test("an acting president is named only where the president is recused, and stops presiding on a conflict")
    func actingPresidentLimits() throws {
        var state = try scoredState(presidentRecused: true)
        // The president presides over g1: nobody replaces them there.
        #expect(
            code {
                try state.nameActingPresident(
                    "j2", group: "g1", reason: nil, by: facilitator, definition: definition, at: clock.now)
            } == .presidentNotRecused)
        #expect(state.deliberation.actingPresidents.isEmpty)
        #expect(state.presiding(group: "g1", definition: definition) == "j1")
        // The acting president of g3 (not yet scored) declares a conflict for it: no one presides g3.
        _ = try state.declareConflict(group: "g3", by: president, reason: "famille", at: clock.now)
        _ = try state.nameActingPresident(
            "j3", group: "g3", reason: "j1 recused", by: facilitator, definition: definition, at: clock.now)
        #expect(state.presiding(group: "g3", definition: definition) == "j3")
        let outcome = try state.declareConflict(group: "g3", by: .juror("j3"), reason: "ancien collègue", at: clock.now)
        #expect(outcome.events.contains(.deliberationChanged))
        #expect(state.deliberation.actingPresidents["g3"] == nil)
        #expect(state.presiding(group: "g3", definition: definition) == nil)
    }

    @Test("a recused president is replaced for that group by the acting president the facilitator names")
    func actingPresident() throws {
        var state = try scoredState(presidentRecused: true)
        #expect(state.presiding(group: "g2", definition: definition) == nil)
        #expect(
            code {
                try state.recordDecision(
                    .validated, justification: nil, candidate: "c_cy", block: "A15", by: president,
                    definition: definition, at: clock.now)
            } == .notPresident)
        // j1 may not decide for g2's candidate (no one presides g2 until the facilitator names someone).
        #expect(
            code {
                try state.nameActingPresident(
                    "j1", group: "g2", reason: nil, by: facilitator, definition: definition, at: clock.now)
            } == .conflictOfInterest)
        #expect(
            code {
                try state.nameActingPresident(
                    "j2", group: "g2", reason: nil, by: .juror("j2"), definition: definition, at: clock.now)
            } == .notAllowed)
        let outcome = try state.nameActingPresident(
            "j2", group: "g2", reason: "j1 recused", by: facilitator, definition: definition, at: clock.now)
        #expect(outcome.audit.map(\.action) == [.actingPresident])
        #expect(outcome.audit.first?.group == "g2")
        #expect(
            code {
                try state.recordDecision(
                    .absent, justification: "absent", candidate: "c_cy", block: "A15", by: president,
                    definition: definition, at: clock.now)
            } == .notPresident)
        _ = try state.recordDecision(
            .absent, justification: "absent au pitch", candidate: "c_cy", block: "A15", by: .juror("j2"),
            definition: definition, at: clock.now)
        #expect(state.deliberation.decisions["c_cy"]?["A15"]?.by == "j2")
        // The president still decides for g1.
        _ = try state.recordDecision(
            .validated, justification: nil, candidate: "c_ana", block: "A15", by: president, definition: definition,
            at: clock.now)
        // Closing stays the president's.
        for juror in ["j1", "j2", "j3"] { _ = try state.sign(by: .juror(juror), definition: definition, at: clock.now) }
        #expect(
            code { try state.closeRecord(by: .juror("j2"), definition: definition, at: clock.now) } == .notPresident)
        _ = try state.closeRecord(by: president, definition: definition, at: clock.now)
    }
}

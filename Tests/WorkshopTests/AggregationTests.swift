import Foundation
import Testing

@testable import Workshop

@Suite("Aggregation: mean, spread, flag, total on 20")
struct AggregationTests {
    let now = Date(epochMilliseconds: 1_774_890_000_000)

    func criterion(_ id: String, weight: Double = 1) -> Criterion {
        Criterion(id: id, label: LocalizedText(fr: id, en: id), weight: weight)
    }

    func sheet(_ juror: String, _ scores: [String: Double]) -> ScoreSheet {
        ScoreSheet(
            juror: juror, group: "g1", entries: scores.mapValues { ScoreEntry(score: $0) }, submittedAt: now,
            updatedAt: now)
    }

    @Test func weightedExampleOnTheDefaultScale() {
        // Weights A 2, B 1, C 1 on 0–5.
        //        A    B    C
        // j1    4   2.5   5
        // j2  3.5     3  4.5
        // j3  4.5     1   3
        // A: mean 12/3 = 4,        spread 4.5 − 3.5 = 1 → not flagged
        // B: mean 6.5/3 = 2.1667,  spread 3 − 1 = 2     → flagged (≥ 2)
        // C: mean 12.5/3 = 4.1667, spread 5 − 3 = 2     → flagged
        // total = 20 × (2 × 4/5 + 1 × 2.1667/5 + 1 × 4.1667/5) / 4
        //       = 20 × (1.6 + 0.43333 + 0.83333) / 4 = 20 × 0.71667 = 14.3333 → 14.33
        let rubric = [criterion("A", weight: 2), criterion("B"), criterion("C")]
        let sheets = [
            sheet("j1", ["A": 4, "B": 2.5, "C": 5]),
            sheet("j2", ["A": 3.5, "B": 3, "C": 4.5]),
            sheet("j3", ["A": 4.5, "B": 1, "C": 3]),
        ]
        let criteria = Aggregation.criteria(rubric: rubric, scale: .default, sheets: sheets)
        #expect(criteria.map(\.id) == ["A", "B", "C"])
        #expect(criteria[0].mean == 4 && criteria[0].spread == 1 && !criteria[0].flagged)
        #expect(abs(criteria[1].mean - 13.0 / 6) < 1e-12 && criteria[1].spread == 2 && criteria[1].flagged)
        #expect(abs(criteria[2].mean - 25.0 / 6) < 1e-12 && criteria[2].spread == 2 && criteria[2].flagged)
        #expect(criteria.allSatisfy { $0.count == 3 })
        #expect(Aggregation.total20(rubric: rubric, scale: .default, criteria: criteria) == 14.33)
    }

    @Test func aMarkExactlyHalfwayIsRoundedUpDespiteBinaryNoise() {
        // 20 × (1 × 2/5 + 399 × 2.5/5) / 400 = 9.995 exactly, 9.994999… in binary.
        let rubric = [criterion("A"), criterion("B", weight: 399)]
        let criteria = Aggregation.criteria(
            rubric: rubric, scale: .default, sheets: [sheet("j1", ["A": 2, "B": 2.5])])
        #expect(Aggregation.total20(rubric: rubric, scale: .default, criteria: criteria) == 10)
        #expect(Aggregation.roundedToHundredths(0.125) == 0.13)
        #expect(Aggregation.roundedToHundredths(13.124999999999998) == 13.13)
        #expect(Aggregation.roundedToHundredths(9.994) == 9.99)
        #expect(Aggregation.roundedToHundredths(-0.125) == -0.13)
    }

    @Test func aSpreadJustUnderTwoPointsIsNotFlagged() {
        // 1.5 apart: under the threshold of 2 on 0–5.
        let criteria = Aggregation.criteria(
            rubric: [criterion("A")], scale: .default, sheets: [sheet("j1", ["A": 2]), sheet("j2", ["A": 3.5])])
        #expect(criteria[0].spread == 1.5 && !criteria[0].flagged)
    }

    @Test func theFlagScalesWithTheScale() {
        // On 0–20 the threshold is 2 × 20/5 = 8 points.
        let scale = ScoreScale(min: 0, max: 20, step: 1)
        #expect(scale.deliberationThreshold == 8)
        let rubric = [criterion("X"), criterion("Y")]
        let criteria = Aggregation.criteria(
            rubric: rubric, scale: scale, sheets: [sheet("j1", ["X": 12, "Y": 10]), sheet("j2", ["X": 19, "Y": 18])])
        #expect(criteria[0].spread == 7 && !criteria[0].flagged)
        #expect(criteria[1].spread == 8 && criteria[1].flagged)
        // X mean 15.5, Y mean 14: total = 20 × (15.5/20 + 14/20) / 2 = 20 × 1.475 / 2 = 14.75.
        #expect(Aggregation.total20(rubric: rubric, scale: scale, criteria: criteria) == 14.75)
    }

    @Test func aSingleJurorHasNoSpread() {
        let criteria = Aggregation.criteria(
            rubric: [criterion("A")], scale: .default, sheets: [sheet("j1", ["A": 0.5])])
        #expect(criteria[0].mean == 0.5 && criteria[0].spread == 0 && !criteria[0].flagged)
        // 20 × 0.5/5 = 2.
        #expect(Aggregation.total20(rubric: [criterion("A")], scale: .default, criteria: criteria) == 2)
    }

    @Test func noTotalWhileACriterionHasNoScore() {
        let rubric = [criterion("A"), criterion("B")]
        let criteria = Aggregation.criteria(rubric: rubric, scale: .default, sheets: [sheet("j1", ["A": 3])])
        #expect(criteria.map(\.id) == ["A"])
        #expect(Aggregation.total20(rubric: rubric, scale: .default, criteria: criteria) == nil)
    }

    @Test func roundingToTwoDecimalsIsHalfUpDespiteBinaryNoise() {
        #expect(Aggregation.roundedToHundredths(13.125) == 13.13)
        #expect(Aggregation.roundedToHundredths(2.675) == 2.68)  // 2.67499999… in binary
        #expect(Aggregation.roundedToHundredths(14.333_333) == 14.33)
        #expect(Aggregation.roundedToHundredths(19.999) == 20)
    }

    @Test func theDefaultRubricEndToEnd() throws {
        // Eight criteria, equal weights. j1 gives 4 on all but a15-format-time (2.5);
        // j2 gives 3.5 on all but a15-format-time (3); both submit.
        // Seven criteria: mean 3.75, spread 0.5. a15-format-time: mean 2.75, spread 0.5.
        // total = 20 × (7 × 3.75/5 + 2.75/5) / 8 = 20 × (5.25 + 0.55) / 8 = 20 × 0.725 = 14.5.
        var definition = fixtureDefinition()
        definition.groups[0].jurors = ["j1", "j2"]
        var jury = Jury(definition: definition)
        var j1 = uniform(4)
        j1["a15-format-time"] = ScoreEntry(score: 2.5, comment: "12 s over")
        var j2 = uniform(3.5)
        j2["a15-format-time"] = ScoreEntry(score: 3)
        try jury.putScores(j1, group: "g1", by: .juror("j1"), at: now)
        try jury.putScores(j2, group: "g1", by: .juror("j2"), at: now)
        try jury.submit(group: "g1", by: .juror("j1"), at: now)
        try jury.submit(group: "g1", by: .juror("j2"), at: now)
        let g1 = jury.results(for: .facilitator(), overtimeMilliseconds: ["g1": 12_000]).groups[0]
        #expect(g1.total20 == 14.5)
        let format = try #require(g1.criteria.first { $0.id == "a15-format-time" })
        #expect(format.mean == 2.75 && format.spread == 0.5 && format.flagged == false && format.overtimeMs == 12_000)
        #expect(g1.criteria.filter { $0.id != "a15-format-time" }.allSatisfy { $0.mean == 3.75 })
    }
}

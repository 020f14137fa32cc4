package import Foundation

/// What the jury proposes for an assessment: the mark reaches the pass mark or not.
package enum Proposal: String, Codable, Sendable, Hashable {
    /// The rounded mark is at least the pass mark.
    case validated
    /// It is below.
    case notValidated = "not-validated"
}

/// What the jury decides for a candidate and an assessment (DESIGN: Atelier proposes; the jury decides).
package enum Decision: String, Codable, Sendable, Hashable, CaseIterable {
    /// The assessment is validated.
    case validated
    /// It is not.
    case notValidated = "not-validated"
    /// Postponed (e.g. a resit).
    case deferred
    /// The candidate was absent.
    case absent

    /// The decision that follows a proposal.
    package init(_ proposal: Proposal) {
        self = proposal == .validated ? .validated : .notValidated
    }
}

/// One assessor's score of one criterion for one candidate.
package struct AssessorScore: Codable, Sendable, Hashable {
    /// The juror id, or `facilitator`.
    package var by: String
    /// The score.
    package var score: Double
    /// The comment, if any.
    package var comment: String?
    /// Whether it is the juror's override for the candidate (else the group sheet's).
    package var override: Bool

    /// Creates a score.
    package init(by: String, score: Double, comment: String?, override: Bool) {
        self.by = by
        self.score = score
        self.comment = comment
        self.override = override
    }
}

/// One criterion of one candidate's assessment.
package struct CandidateCriterion: Codable, Sendable, Hashable {
    /// The criterion id.
    package var id: String
    /// Who scores it.
    package var assessor: Assessor
    /// Each assessor's score (the submitted sheets of the group's active jurors, or the facilitator's).
    package var scores: [AssessorScore]
    /// The mean (nil until every assessor scored).
    package var mean: Double?
    /// Highest minus lowest score.
    package var spread: Double?
    /// Whether the spread calls for deliberation.
    package var flagged: Bool?
}

/// One candidate's result in one assessment (a block of the rubric).
package struct AssessmentResult: Codable, Sendable, Hashable {
    /// The block (`A14`, `A15`).
    package var block: String
    /// The mark on 20 over the block's criteria, two decimals; nil until every score is in.
    package var mark20: Double?
    /// The assessment's pass mark on 20.
    package var passMark20: Double
    /// The rounded mark against the pass mark; nil without a mark.
    package var proposal: Proposal?
    /// The jury's decision, once recorded (or the proposal, once the record is closed).
    package var decision: Decision?
    /// Why the decision departs from the proposal, if it does.
    package var justification: String?
    /// The criteria, in rubric order.
    package var criteria: [CandidateCriterion]

    private enum CodingKeys: String, CodingKey {
        case block, mark20, passMark20, proposal, decision, justification, criteria
    }

    /// Encodes every key, what is not known yet as `null`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(block, forKey: .block)
        try container.encode(mark20, forKey: .mark20)
        try container.encode(passMark20, forKey: .passMark20)
        try container.encode(proposal, forKey: .proposal)
        try container.encode(decision, forKey: .decision)
        try container.encode(justification, forKey: .justification)
        try container.encode(criteria, forKey: .criteria)
    }
}

extension Jury {
    /// The scores of one criterion for one candidate: every submitted sheet of the group's
    /// active jurors (their override, else the group sheet's), or the facilitator's score.
    package func scores(of criterion: Criterion, for candidate: Candidate) -> [AssessorScore] {
        switch criterion.assessor {
        case .jury:
            return submittedSheets(for: candidate.group).compactMap { sheet in
                guard let (entry, override) = sheet.entry(for: criterion.id, candidate: candidate.id),
                    let score = entry.score
                else { return nil }
                return AssessorScore(by: sheet.juror, score: score, comment: entry.comment, override: override)
            }
        case .facilitator:
            guard let entry = facilitatorScores[candidate.id]?[criterion.id], let score = entry.score else { return [] }
            return [AssessorScore(by: "facilitator", score: score, comment: entry.comment, override: false)]
        }
    }

    /// A candidate's result in the assessment `block`: each criterion's scores, mean and spread;
    /// the mark on 20 = 20 × Σ(weight × mean / scale max) / Σ weight over the block's criteria,
    /// rounded to two decimals, once the group's jury is complete and every score is in; and the
    /// proposal against the block's pass mark.
    package func assessment(
        of candidate: Candidate, block: String, passMark20: Double, decision: RecordedDecision? = nil
    ) -> AssessmentResult {
        let criteria = rubric.filter { $0.assessment == block }
        let complete = isComplete(candidate.group)
        var rows: [CandidateCriterion] = []
        var weighted = 0.0
        var weights = 0.0
        var everyMean = true
        for criterion in criteria {
            let scores = scores(of: criterion, for: candidate)
            let ready = criterion.assessor == .facilitator ? !scores.isEmpty : complete && !scores.isEmpty
            var row = CandidateCriterion(id: criterion.id, assessor: criterion.assessor, scores: scores)
            if ready, let low = scores.map(\.score).min(), let high = scores.map(\.score).max() {
                let mean = scores.map(\.score).reduce(0, +) / Double(scores.count)
                row.mean = mean
                row.spread = high - low
                row.flagged = high - low >= scale.deliberationThreshold - ScoreScale.tolerance
                weighted += criterion.weight * mean / scale.max
                weights += criterion.weight
            } else {
                everyMean = false
            }
            rows.append(row)
        }
        let mark = everyMean && weights > 0 ? Aggregation.roundedToHundredths(20 * weighted / weights) : nil
        let proposal = mark.map { $0 + ScoreScale.tolerance >= passMark20 ? Proposal.validated : .notValidated }
        return AssessmentResult(
            block: block, mark20: mark, passMark20: passMark20, proposal: proposal, decision: decision?.decision,
            justification: decision?.justification, criteria: rows)
    }

    /// The weighted result across every assessment (with compensation): the same formula over
    /// the whole rubric.
    package func overall(of candidate: Candidate, passMark20: Double) -> AssessmentResult {
        var everything = self
        everything.rubric = rubric.map { criterion in
            var criterion = criterion
            criterion.block = "overall"
            return criterion
        }
        return everything.assessment(of: candidate, block: "overall", passMark20: passMark20)
    }
}

import Foundation

/// What one viewer may see of the results (`GET …/results`): hidden values are nil.
///
/// Visibility rules:
/// - the facilitator sees who submitted at any time, and a group's scores (aggregates and
///   submitted sheets) once every active juror submitted, or after an audited early reveal;
/// - a juror always sees their own sheet (draft included), and the group's aggregates and other
///   jurors' sheets once every active juror of that group submitted;
/// - participants and observers see the pitch overtime only.
package struct ResultsView: Codable, Sendable, Hashable {
    /// One entry per group, in definition order (group totals, for information).
    package var groups: [GroupResults]
    /// One entry per candidate the viewer may see, group by group.
    package var candidates: [CandidateResults]

    /// Creates a view.
    package init(groups: [GroupResults], candidates: [CandidateResults] = []) {
        self.groups = groups
        self.candidates = candidates
    }
}

/// One candidate's results, assessment by assessment.
package struct CandidateResults: Codable, Sendable, Hashable {
    /// `c_…`.
    package var id: String
    /// The candidate's name.
    package var name: String
    /// Their group.
    package var group: String
    /// Per assessment, in rubric order.
    package var blocks: [AssessmentResult]
    /// The weighted result across assessments, with compensation only.
    package var overall: AssessmentResult?

    /// Creates a candidate's results.
    package init(id: String, name: String, group: String, blocks: [AssessmentResult], overall: AssessmentResult?) {
        self.id = id
        self.name = name
        self.group = group
        self.blocks = blocks
        self.overall = overall
    }
}

/// One group's results as a viewer may see them.
package struct GroupResults: Codable, Sendable, Hashable {
    /// The group's id.
    package var id: String
    /// The measured pitch overtime in milliseconds (nil before the pitch stopped).
    package var overtimeMs: Int64?
    /// The total on 20 (nil while hidden or incomplete).
    package var total20: Double?
    /// Per criterion, in rubric order.
    package var criteria: [CriterionResult]
    /// The active jurors and whether they submitted (nil where hidden).
    package var jurors: [JurorStatus]
    /// Whether every active juror submitted.
    package var complete: Bool
    /// Whether the facilitator revealed the scores early.
    package var revealedEarly: Bool
    /// The sheets the viewer may see (their own draft included), in assignment order.
    package var sheets: [ScoreSheet]

    /// Creates a group's results.
    package init(
        id: String, overtimeMs: Int64?, total20: Double?, criteria: [CriterionResult], jurors: [JurorStatus],
        complete: Bool, revealedEarly: Bool, sheets: [ScoreSheet]
    ) {
        self.id = id
        self.overtimeMs = overtimeMs
        self.total20 = total20
        self.criteria = criteria
        self.jurors = jurors
        self.complete = complete
        self.revealedEarly = revealedEarly
        self.sheets = sheets
    }
}

/// One criterion's result; mean, spread and flag are nil while hidden.
package struct CriterionResult: Codable, Sendable, Hashable {
    /// The criterion's id.
    package var id: String
    /// The mean across jurors.
    package var mean: Double?
    /// Highest minus lowest score.
    package var spread: Double?
    /// Whether the spread calls for deliberation.
    package var flagged: Bool?
    /// The pitch overtime shown beside the "respect of format and time" criterion (nil elsewhere).
    package var overtimeMs: Int64?

    /// Creates a criterion's result.
    package init(id: String, mean: Double?, spread: Double?, flagged: Bool?, overtimeMs: Int64?) {
        self.id = id
        self.mean = mean
        self.spread = spread
        self.flagged = flagged
        self.overtimeMs = overtimeMs
    }
}

/// Whether a juror submitted their sheet for a group.
package struct JurorStatus: Codable, Sendable, Hashable {
    /// The juror's id.
    package var id: String
    /// Whether they submitted (nil where hidden from the viewer).
    package var submitted: Bool?

    /// Creates a status.
    package init(id: String, submitted: Bool?) {
        self.id = id
        self.submitted = submitted
    }
}

extension Jury {
    /// Whether `viewer` may see the scores of `group` (aggregates and other jurors' sheets).
    package func scoresVisible(to viewer: Caller, group: String) -> Bool {
        switch viewer.role {
        case .facilitator: isComplete(group) || earlyReveals[group] != nil
        case .juror: isComplete(group)
        case .participant, .observer: false
        }
    }

    /// The results as `viewer` may see them; `overtimeMilliseconds` gives each stopped pitch's overtime.
    package func results(for viewer: Caller, overtimeMilliseconds: [String: Int64] = [:]) -> ResultsView {
        ResultsView(
            groups: groups.map { group in groupResults(group, for: viewer, overtime: overtimeMilliseconds[group]) })
    }

    /// The results with the candidates' marks, proposals and decisions as `viewer` may see
    /// them: the facilitator and the jurors every candidate (a group's scores once its jury is
    /// complete, or revealed early to the facilitator); a participant their own, once the
    /// record is published; an observer none.
    package func results(
        for viewer: Caller, participantCandidate: String? = nil, definition: SessionDefinition,
        deliberation: Deliberation, names: [String: String], overtimeMilliseconds: [String: Int64] = [:]
    ) -> ResultsView {
        var view = results(for: viewer, overtimeMilliseconds: overtimeMilliseconds)
        let shown: [Candidate]
        switch viewer.role {
        case .facilitator, .juror: shown = candidates
        case .participant:
            shown = deliberation.published ? candidates.filter { $0.id == participantCandidate } : []
        case .observer: shown = []
        }
        view.candidates = shown.map { candidate in
            let blocks = definition.assessments.map { block in
                var result = assessment(
                    of: candidate, block: block, passMark20: definition.passMark20(of: block),
                    decision: deliberation.decisions[candidate.id]?[block])
                if viewer.role != .participant, !scoresVisible(to: viewer, group: candidate.group) {
                    // Before the group's jury is complete: no one else's scores, no mark.
                    result.criteria = result.criteria.map { row in
                        var row = row
                        if row.assessor == .jury || viewer.role != .facilitator {
                            row.scores = row.scores.filter { $0.by == viewer.id }
                            row.mean = nil
                            row.spread = nil
                            row.flagged = nil
                        }
                        return row
                    }
                    result.mark20 = nil
                    result.proposal = nil
                }
                return result
            }
            let overall =
                definition.compensation && blocks.allSatisfy({ $0.mark20 != nil })
                ? self.overall(of: candidate, passMark20: definition.passMark20) : nil
            return CandidateResults(
                id: candidate.id, name: names[candidate.id] ?? candidate.id, group: candidate.group, blocks: blocks,
                overall: overall)
        }
        return view
    }

    private func groupResults(_ group: String, for viewer: Caller, overtime: Int64?) -> GroupResults {
        let visible = scoresVisible(to: viewer, group: group)
        let submitted = submittedSheets(for: group)
        let juryRubric = rubric.filter { $0.assessor == .jury }
        let aggregates = visible ? Aggregation.criteria(rubric: juryRubric, scale: scale, sheets: submitted) : []
        let byId = Dictionary(uniqueKeysWithValues: aggregates.map { ($0.id, $0) })
        let criteria = rubric.map { criterion in
            CriterionResult(
                id: criterion.id, mean: byId[criterion.id]?.mean, spread: byId[criterion.id]?.spread,
                flagged: byId[criterion.id]?.flagged, overtimeMs: criterion.showsOvertime ? overtime : nil)
        }
        let seesStatus = viewer.role == .facilitator || viewer.role == .juror
        let jurors = activeJurors(for: group).map { juror in
            JurorStatus(
                id: juror, submitted: seesStatus ? sheet(juror: juror, group: group)?.isSubmitted ?? false : nil)
        }
        var sheets = visible ? submitted : []
        if viewer.role == .juror, let own = sheet(juror: viewer.id, group: group), !sheets.contains(own) {
            sheets.append(own)
        }
        return GroupResults(
            id: group, overtimeMs: overtime,
            total20: visible ? Aggregation.total20(rubric: juryRubric, scale: scale, criteria: aggregates) : nil,
            criteria: criteria, jurors: jurors, complete: isComplete(group), revealedEarly: earlyReveals[group] != nil,
            sheets: sheets)
    }
}

// Hidden values are written as explicit JSON nulls, as the results contract states.

extension GroupResults {
    private enum CodingKeys: String, CodingKey {
        case id, overtimeMs, total20, criteria, jurors, complete, revealedEarly, sheets
    }

    /// Encodes every key, hidden values as `null`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(overtimeMs, forKey: .overtimeMs)
        try container.encode(total20, forKey: .total20)
        try container.encode(criteria, forKey: .criteria)
        try container.encode(jurors, forKey: .jurors)
        try container.encode(complete, forKey: .complete)
        try container.encode(revealedEarly, forKey: .revealedEarly)
        try container.encode(sheets, forKey: .sheets)
    }
}

extension CriterionResult {
    private enum CodingKeys: String, CodingKey {
        case id, mean, spread, flagged, overtimeMs
    }

    /// Encodes every key, hidden values as `null`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(mean, forKey: .mean)
        try container.encode(spread, forKey: .spread)
        try container.encode(flagged, forKey: .flagged)
        try container.encode(overtimeMs, forKey: .overtimeMs)
    }
}

extension JurorStatus {
    private enum CodingKeys: String, CodingKey {
        case id, submitted
    }

    /// Encodes both keys, a hidden status as `null`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(submitted, forKey: .submitted)
    }
}

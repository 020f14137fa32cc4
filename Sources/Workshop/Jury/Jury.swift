package import Foundation

/// The jury of a session: who grades which group, the candidates, every juror's sheet (a group
/// sheet and per-candidate overrides), the facilitator's per-candidate scores, conflicts of
/// interest and early reveals — DESIGN.md "The pitch and the jury".
///
/// By default every juror is assigned every group; a definition may assign jurors per group.
/// A juror who declares a conflict of interest for a group is excluded from it. A juror scores
/// a group's jury criteria once (the group sheet) and may override any of them for any
/// candidate of the group; a candidate's score is their override, else the group sheet's.
/// Criteria the definition gives to the facilitator are scored by the facilitator per
/// candidate. Drafts are private; a submitted sheet (with its overrides) is locked.
///
/// For example:
/// ```swift
/// var jury = Jury(definition: definition, candidates: candidates)
/// try jury.putScores(["a15-viability": ScoreEntry(score: 4.5)], group: "g1", by: .juror("j1"), at: now)
/// try jury.putCandidateScores(["a15-viability": ScoreEntry(score: 3)], candidate: "c_…", by: .juror("j1"), at: now)
/// try jury.submit(group: "g1", by: .juror("j1"), at: now)  // 422-like error naming unscored criteria
/// ```
package struct Jury: Codable, Sendable, Hashable {
    /// The rubric, in order.
    package internal(set) var rubric: [Criterion]
    /// The scale of scores.
    package private(set) var scale: ScoreScale
    /// Group ids, in definition order.
    package private(set) var groups: [String]
    /// Juror ids assigned to each group, before conflicts.
    package private(set) var assignments: [String: [String]]
    /// The candidates, group by group in definition order.
    package private(set) var candidates: [Candidate] = []
    /// Declared conflicts of interest, in order.
    package private(set) var conflicts: [AuditRecord] = []
    /// Every sheet, drafts included.
    package private(set) var sheets: [ScoreSheet] = []
    /// The facilitator's scores: candidate id → criterion id → entry.
    package private(set) var facilitatorScores: [String: [String: ScoreEntry]] = [:]
    /// Early reveals by group id.
    package private(set) var earlyReveals: [String: AuditRecord] = [:]

    /// The jury of `definition` with its `candidates`, with no sheet yet.
    package init(definition: SessionDefinition, candidates: [Candidate] = []) {
        rubric = definition.rubric
        scale = definition.scale
        groups = definition.groups.map(\.id)
        assignments = Dictionary(
            uniqueKeysWithValues: definition.groups.map { ($0.id, definition.assignedJurors(for: $0.id)) })
        self.candidates = candidates
    }

    /// A jury restored from storage.
    package init(
        definition: SessionDefinition, sheets: [ScoreSheet], conflicts: [AuditRecord],
        earlyReveals: [String: AuditRecord]
    ) {
        self.init(definition: definition)
        self.sheets = sheets
        self.conflicts = conflicts
        self.earlyReveals = earlyReveals
    }

    /// Takes the rubric, scale, groups and assignments of `definition`, keeping the sheets.
    package mutating func conform(to definition: SessionDefinition) {
        let fresh = Jury(definition: definition)
        rubric = fresh.rubric
        scale = fresh.scale
        groups = fresh.groups
        assignments = fresh.assignments
    }

    /// Sets the candidates (a session created before candidates existed gets them from its invites).
    package mutating func adopt(candidates: [Candidate]) {
        self.candidates = candidates
    }

    /// Adds a candidate (a participant who joined a running session), after their group's.
    package mutating func add(_ candidate: Candidate) {
        let after = candidates.lastIndex { $0.group == candidate.group }.map { $0 + 1 } ?? candidates.endIndex
        candidates.insert(candidate, at: after)
    }

    /// Moves a candidate to another group (a participant moved between groups): from now on
    /// their scores are their new group's sheets' and their own overrides.
    package mutating func move(candidate id: String, to group: String) {
        guard let index = candidates.firstIndex(where: { $0.id == id }) else { return }
        var candidate = candidates.remove(at: index)
        candidate.group = group
        add(candidate)
    }

    private enum CodingKeys: String, CodingKey {
        case rubric, scale, groups, assignments, candidates, conflicts, sheets, facilitatorScores, earlyReveals
    }

    /// Decodes a stored jury (one stored before candidates existed has none yet).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rubric = try container.decode([Criterion].self, forKey: .rubric)
        scale = try container.decode(ScoreScale.self, forKey: .scale)
        groups = try container.decode([String].self, forKey: .groups)
        assignments = try container.decode([String: [String]].self, forKey: .assignments)
        candidates = try container.decodeIfPresent([Candidate].self, forKey: .candidates) ?? []
        conflicts = try container.decodeIfPresent([AuditRecord].self, forKey: .conflicts) ?? []
        sheets = try container.decodeIfPresent([ScoreSheet].self, forKey: .sheets) ?? []
        facilitatorScores =
            try container.decodeIfPresent([String: [String: ScoreEntry]].self, forKey: .facilitatorScores) ?? [:]
        earlyReveals = try container.decodeIfPresent([String: AuditRecord].self, forKey: .earlyReveals) ?? [:]
    }

    // MARK: Queries

    /// Whether `juror` declared a conflict of interest for `group`.
    package func isExcluded(_ juror: String, from group: String) -> Bool {
        conflicts.contains { $0.who.id == juror && $0.group == group }
    }

    /// The jurors who grade `group`: those assigned, minus those excluded by a conflict.
    package func activeJurors(for group: String) -> [String] {
        (assignments[group] ?? []).filter { !isExcluded($0, from: group) }
    }

    /// The sheet of `juror` for `group`, draft or submitted.
    package func sheet(juror: String, group: String) -> ScoreSheet? {
        sheets.first { $0.juror == juror && $0.group == group }
    }

    /// Whether every active juror of `group` submitted (false when the group has none).
    package func isComplete(_ group: String) -> Bool {
        let jurors = activeJurors(for: group)
        return !jurors.isEmpty && jurors.allSatisfy { sheet(juror: $0, group: group)?.isSubmitted == true }
    }

    /// The submitted sheets of `group`'s active jurors, in assignment order.
    package func submittedSheets(for group: String) -> [ScoreSheet] {
        activeJurors(for: group).compactMap { juror in
            sheet(juror: juror, group: group).flatMap { $0.isSubmitted ? $0 : nil }
        }
    }

    /// A candidate by id.
    package func candidate(_ id: String) -> Candidate? {
        candidates.first { $0.id == id }
    }

    /// The candidates of a group, in order.
    package func candidates(of group: String) -> [Candidate] {
        candidates.filter { $0.group == group }
    }

    // MARK: Commands

    /// Sets the caller's entries for the given jury criteria in their draft group sheet for
    /// `group` (other criteria keep their entries; an entry with a nil score clears the score).
    /// Refused once submitted, for unknown criteria, for criteria the facilitator scores, and
    /// for scores off the scale (out of range or off-step).
    @discardableResult
    package mutating func putScores(
        _ scores: [String: ScoreEntry], group: String, by caller: Caller, at now: Date
    ) throws(WorkshopError) -> ScoreSheet {
        try requireActiveJuror(caller, group: group)
        try check(scores, assessor: .jury)
        let scores = snapped(scores)
        var sheet = sheet(juror: caller.id, group: group) ?? ScoreSheet(juror: caller.id, group: group, updatedAt: now)
        guard !sheet.isSubmitted else { throw WorkshopError(.alreadySubmitted, "the sheet is submitted and locked") }
        for (criterion, entry) in scores { sheet.entries[criterion] = entry }
        sheet.updatedAt = now
        store(sheet)
        return sheet
    }

    /// Sets scores for one candidate: a juror's overrides of their group sheet (a nil score
    /// removes the override, so the group sheet applies again), or the facilitator's scores
    /// of the criteria the definition gives them (a nil score removes the score).
    @discardableResult
    package mutating func putCandidateScores(
        _ scores: [String: ScoreEntry], candidate id: String, by caller: Caller, at now: Date
    ) throws(WorkshopError) -> CandidateSheet {
        guard let candidate = candidate(id) else { throw WorkshopError(.notFound, "no candidate \(id)") }
        switch caller.role {
        case .juror:
            try requireActiveJuror(caller, group: candidate.group)
            try check(scores, assessor: .jury)
            let scores = snapped(scores)
            var sheet =
                sheet(juror: caller.id, group: candidate.group)
                ?? ScoreSheet(juror: caller.id, group: candidate.group, updatedAt: now)
            guard !sheet.isSubmitted else {
                throw WorkshopError(.alreadySubmitted, "the sheet is submitted and locked")
            }
            var overrides = sheet.overrides[id] ?? [:]
            for (criterion, entry) in scores { overrides[criterion] = entry.score == nil ? nil : entry }
            sheet.overrides[id] = overrides.isEmpty ? nil : overrides
            sheet.updatedAt = now
            store(sheet)
            return CandidateSheet(candidate: id, group: candidate.group, by: caller.id, entries: overrides)
        case .facilitator:
            try check(scores, assessor: .facilitator)
            let scores = snapped(scores)
            var entries = facilitatorScores[id] ?? [:]
            for (criterion, entry) in scores { entries[criterion] = entry.score == nil ? nil : entry }
            facilitatorScores[id] = entries.isEmpty ? nil : entries
            return CandidateSheet(candidate: id, group: candidate.group, by: caller.id, entries: entries)
        case .participant, .observer:
            throw WorkshopError(.notAllowed, "only jurors and the facilitator score")
        }
    }

    /// Submits and locks the caller's sheet for `group` with its overrides; refused naming the
    /// jury criteria that leave a candidate without a score.
    @discardableResult
    package mutating func submit(group: String, by caller: Caller, at now: Date) throws(WorkshopError) -> (
        sheet: ScoreSheet, audit: AuditRecord
    ) {
        try requireActiveJuror(caller, group: group)
        var sheet = sheet(juror: caller.id, group: group) ?? ScoreSheet(juror: caller.id, group: group, updatedAt: now)
        guard !sheet.isSubmitted else { throw WorkshopError(.alreadySubmitted, "the sheet is already submitted") }
        let unscored = sheet.unscored(in: rubric, candidates: candidates(of: group).map(\.id))
        guard unscored.isEmpty else {
            throw WorkshopError(
                .unscored, "criteria still unscored: \(unscored.joined(separator: ", "))", criteria: unscored)
        }
        sheet.submittedAt = now
        sheet.updatedAt = now
        store(sheet)
        return (sheet, AuditRecord(who: caller, action: .scoresSubmit, group: group, at: now))
    }

    /// Declares the caller's conflict of interest for `group`: they are excluded from it, and
    /// their draft is discarded. A conflict found after submitting (a relative among the
    /// candidates, learnt at the deliberation) may still be declared while the record is open:
    /// the submitted sheet stays, as evidence, and no longer counts (the marks, and so what the
    /// jurors signed, change with it). Declaring twice is a no-op.
    @discardableResult
    package mutating func declareConflict(group: String, by caller: Caller, reason: String?, at now: Date)
        throws(WorkshopError) -> AuditRecord
    {
        try requireJuror(caller, group: group)
        if let existing = conflicts.first(where: { $0.who.id == caller.id && $0.group == group }) { return existing }
        sheets.removeAll { $0.juror == caller.id && $0.group == group && !$0.isSubmitted }
        let record = AuditRecord(who: caller, action: .conflictDeclared, group: group, reason: reason, at: now)
        conflicts.append(record)
        return record
    }

    /// Reveals `group`'s scores to the facilitator before every juror submitted (audited; needs a reason).
    @discardableResult
    package mutating func revealEarly(group: String, by caller: Caller, reason: String, at now: Date)
        throws(WorkshopError) -> AuditRecord
    {
        guard caller.role == .facilitator else {
            throw WorkshopError(.notAllowed, "only the facilitator reveals early")
        }
        guard groups.contains(group) else { throw WorkshopError(.unknownGroup, "no group \"\(group)\"") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw WorkshopError(.reasonRequired, "an early reveal needs a reason") }
        if let existing = earlyReveals[group] { return existing }
        let record = AuditRecord(who: caller, action: .earlyReveal, group: group, reason: reason, at: now)
        earlyReveals[group] = record
        return record
    }

    // MARK: Helpers

    /// Refuses unknown criteria, criteria of the other assessor, scores off the scale and
    /// comments past the length limit.
    private func check(_ scores: [String: ScoreEntry], assessor: Assessor) throws(WorkshopError) {
        let known = Dictionary(uniqueKeysWithValues: rubric.map { ($0.id, $0) })
        let unknown = scores.keys.filter { known[$0] == nil }.sorted()
        guard unknown.isEmpty else {
            throw WorkshopError(
                .unknownCriterion, "unknown criteria: \(unknown.joined(separator: ", "))", criteria: unknown)
        }
        let others = rubric.filter { scores[$0.id] != nil && $0.assessor != assessor }.map(\.id)
        guard others.isEmpty else {
            throw WorkshopError(
                .wrongAssessor,
                "\(others.joined(separator: ", ")) \(others.count == 1 ? "is" : "are") scored by the \(assessor == .jury ? "facilitator" : "jury")",
                criteria: others)
        }
        let offScale = rubric.map(\.id).filter { id in scores[id]?.score.map { !scale.contains($0) } ?? false }
        guard offScale.isEmpty else {
            throw WorkshopError(
                .offScale, "scores must be on the scale \(scale.summary): " + offScale.joined(separator: ", "),
                criteria: offScale)
        }
        let long = rubric.map(\.id).filter { (scores[$0]?.comment?.count ?? 0) > Limits.maxTextLength }
        guard long.isEmpty else {
            throw WorkshopError(
                .invalidEntry, "a comment holds at most \(Limits.maxTextLength) characters", criteria: long)
        }
    }

    /// The entries with each score as the exact step of the scale it stands for (run after
    /// ``check(_:assessor:)``, which refuses what is off the scale).
    private func snapped(_ scores: [String: ScoreEntry]) -> [String: ScoreEntry] {
        scores.mapValues { entry in
            var entry = entry
            entry.score = entry.score.map(scale.snapped)
            return entry
        }
    }

    private func requireJuror(_ caller: Caller, group: String) throws(WorkshopError) {
        guard caller.role == .juror else { throw WorkshopError(.notAllowed, "only jurors score") }
        guard groups.contains(group) else { throw WorkshopError(.unknownGroup, "no group \"\(group)\"") }
        guard assignments[group]?.contains(caller.id) == true else {
            throw WorkshopError(.notAssigned, "juror \(caller.id) is not assigned to group \(group)")
        }
    }

    private func requireActiveJuror(_ caller: Caller, group: String) throws(WorkshopError) {
        try requireJuror(caller, group: group)
        guard !isExcluded(caller.id, from: group) else {
            throw WorkshopError(
                .conflictOfInterest, "juror \(caller.id) declared a conflict of interest for \(group)")
        }
    }

    private mutating func store(_ sheet: ScoreSheet) {
        if let index = sheets.firstIndex(where: { $0.juror == sheet.juror && $0.group == sheet.group }) {
            sheets[index] = sheet
        } else {
            sheets.append(sheet)
        }
    }
}

/// One candidate's scores from one assessor: a juror's overrides or the facilitator's scores.
package struct CandidateSheet: Codable, Sendable, Hashable {
    /// The candidate.
    package var candidate: String
    /// Their group.
    package var group: String
    /// The juror id, or `facilitator`.
    package var by: String
    /// Entries by criterion id.
    package var entries: [String: ScoreEntry]

    /// Creates a candidate sheet.
    package init(candidate: String, group: String, by: String, entries: [String: ScoreEntry]) {
        self.candidate = candidate
        self.group = group
        self.by = by
        self.entries = entries
    }
}

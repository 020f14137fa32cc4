package import Foundation

/// The jury of a session: who grades which group, their score sheets, conflicts of interest
/// and early reveals — DESIGN.md "Scoring".
///
/// By default every juror is assigned every group; a definition may assign jurors per group.
/// A juror who declares a conflict of interest for a group is excluded from it. Drafts are
/// private; a submitted sheet is locked. Visibility and aggregation live in
/// ``results(for:overtimeMilliseconds:)``.
///
/// For example:
/// ```swift
/// var jury = Jury(definition: definition)
/// try jury.putScores(["a15-viability": ScoreEntry(score: 4.5)], group: "g1", by: .juror("j1"), at: now)
/// try jury.submit(group: "g1", by: .juror("j1"), at: now)  // 422-like error naming unscored criteria
/// ```
package struct Jury: Codable, Sendable, Hashable {
    /// The rubric, in order.
    package private(set) var rubric: [Criterion]
    /// The scale of scores.
    package private(set) var scale: ScoreScale
    /// Group ids, in definition order.
    package private(set) var groups: [String]
    /// Juror ids assigned to each group, before conflicts.
    package private(set) var assignments: [String: [String]]
    /// Declared conflicts of interest, in order.
    package private(set) var conflicts: [AuditRecord] = []
    /// Every sheet, drafts included.
    package private(set) var sheets: [ScoreSheet] = []
    /// Early reveals by group id.
    package private(set) var earlyReveals: [String: AuditRecord] = [:]

    /// The jury of `definition`, with no sheet yet.
    package init(definition: SessionDefinition) {
        rubric = definition.rubric
        scale = definition.scale
        groups = definition.groups.map(\.id)
        assignments = Dictionary(
            uniqueKeysWithValues: definition.groups.map { ($0.id, definition.assignedJurors(for: $0.id)) })
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

    // MARK: Commands

    /// Sets the caller's entries for the given criteria in their draft for `group` (other
    /// criteria keep their entries; an entry with a nil score clears the score). Refused once
    /// submitted, for unknown criteria, and for scores off the scale (out of range or off-step).
    @discardableResult
    package mutating func putScores(
        _ scores: [String: ScoreEntry], group: String, by caller: Caller, at now: Date
    ) throws(WorkshopError) -> ScoreSheet {
        try requireActiveJuror(caller, group: group)
        let known = Set(rubric.map(\.id))
        let unknown = scores.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw WorkshopError(
                .unknownCriterion, "unknown criteria: \(unknown.joined(separator: ", "))", criteria: unknown)
        }
        let offScale = rubric.map(\.id).filter { id in scores[id]?.score.map { !scale.contains($0) } ?? false }
        guard offScale.isEmpty else {
            throw WorkshopError(
                .offScale,
                "scores must be on the scale \(scale.summary): "
                    + offScale.joined(separator: ", "), criteria: offScale)
        }
        let long = rubric.map(\.id).filter { (scores[$0]?.comment?.count ?? 0) > Limits.maxTextLength }
        guard long.isEmpty else {
            throw WorkshopError(
                .invalidEntry, "a comment holds at most \(Limits.maxTextLength) characters", criteria: long)
        }
        var sheet = sheet(juror: caller.id, group: group) ?? ScoreSheet(juror: caller.id, group: group, updatedAt: now)
        guard !sheet.isSubmitted else { throw WorkshopError(.alreadySubmitted, "the sheet is submitted and locked") }
        for (criterion, entry) in scores { sheet.entries[criterion] = entry }
        sheet.updatedAt = now
        store(sheet)
        return sheet
    }

    /// Submits and locks the caller's sheet for `group`; refused naming the unscored criteria.
    @discardableResult
    package mutating func submit(group: String, by caller: Caller, at now: Date) throws(WorkshopError) -> (
        sheet: ScoreSheet, audit: AuditRecord
    ) {
        try requireActiveJuror(caller, group: group)
        var sheet = sheet(juror: caller.id, group: group) ?? ScoreSheet(juror: caller.id, group: group, updatedAt: now)
        guard !sheet.isSubmitted else { throw WorkshopError(.alreadySubmitted, "the sheet is already submitted") }
        let unscored = sheet.unscored(in: rubric)
        guard unscored.isEmpty else {
            throw WorkshopError(
                .unscored, "criteria still unscored: \(unscored.joined(separator: ", "))", criteria: unscored)
        }
        sheet.submittedAt = now
        sheet.updatedAt = now
        store(sheet)
        return (sheet, AuditRecord(who: caller, action: .scoresSubmit, group: group, at: now))
    }

    /// Declares the caller's conflict of interest for `group`: they are excluded from it and
    /// their draft is discarded. Refused once their sheet is submitted. Declaring twice is a no-op.
    @discardableResult
    package mutating func declareConflict(group: String, by caller: Caller, reason: String?, at now: Date)
        throws(WorkshopError) -> AuditRecord
    {
        try requireJuror(caller, group: group)
        if let existing = conflicts.first(where: { $0.who.id == caller.id && $0.group == group }) { return existing }
        if sheet(juror: caller.id, group: group)?.isSubmitted == true {
            throw WorkshopError(.alreadySubmitted, "the sheet for this group is already submitted")
        }
        sheets.removeAll { $0.juror == caller.id && $0.group == group }
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
            throw WorkshopError(.conflictOfInterest, "juror \(caller.id) declared a conflict of interest for \(group)")
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

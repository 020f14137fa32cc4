import Crypto
package import Foundation

/// A decision the president recorded for one candidate and one assessment.
package struct RecordedDecision: Codable, Sendable, Hashable {
    /// The decision.
    package var decision: Decision
    /// Why it departs from the proposal (required when it does).
    package var justification: String?
    /// The proposal it was recorded against.
    package var proposal: Proposal?
    /// Who recorded it (the president or the acting president); for a decision the close took
    /// from the proposal, who presided over the candidate's group then.
    package var by: String
    /// When.
    package var at: Date
    /// True when no one recorded it: the close took the proposal (nil for a recorded decision).
    package var defaulted: Bool?

    /// Creates a decision.
    package init(
        decision: Decision, justification: String?, proposal: Proposal?, by: String, at: Date, defaulted: Bool? = nil
    ) {
        self.decision = decision
        self.justification = justification
        self.proposal = proposal
        self.by = by
        self.at = at
        self.defaulted = defaulted
    }
}

/// The jury's deliberation: the president's decisions, each juror's signature of the record
/// as it stands, acting presidents for groups the president is recused from, and whether the
/// record is closed (signed) and published.
///
/// Rules (DESIGN, "Deliberation"): a decision other than the proposal needs a justification
/// (checked again at close, against the proposals as the marks then stand); any change of
/// decisions clears the signatures, and a signature counts only while the record is what the
/// juror signed (marks, scores, comments, decisions: a facilitator's score changed afterwards
/// leaves it outdated); the president closes once every juror of the session has signed;
/// closing fills each missing decision with its proposal and makes a new version of the record; reopening (the president, with a reason) lets decisions change
/// again and the next close makes the next version; nothing of the jury changes while closed.
package struct Deliberation: Codable, Sendable, Hashable {
    /// Decisions: candidate id → block → decision.
    package var decisions: [String: [String: RecordedDecision]] = [:]
    /// Signatures: juror id → when. Only those whose fingerprint is the record's current one
    /// count (``SessionState/currentSignatures(definition:)``).
    package var signatures: [String: Date] = [:]
    /// What each juror signed: juror id → the record's fingerprint when they signed. Nil in
    /// sessions signed before fingerprints were kept: their signatures stand as they are.
    package var signedFingerprints: [String: String]?
    /// Acting presidents: group id → juror id.
    package var actingPresidents: [String: String] = [:]
    /// The version of the closed record, nil while open.
    package var closedVersion: Int?
    /// How many versions were closed so far.
    package var versions: Int = 0
    /// Whether the facilitator published the closed record to the candidates.
    package var published = false
    /// The last reopening, if the record was ever reopened: jurors who must sign again are
    /// told why (kept after the next close, as the reason that version exists).
    package var reopened: Reopening?

    /// The president reopened a closed version, and why.
    package struct Reopening: Codable, Sendable, Hashable {
        /// The version that was closed.
        package var fromVersion: Int
        /// The president's reason.
        package var reason: String
        /// Who reopened it (the president's juror id).
        package var by: String
        /// When.
        package var at: Date
    }

    /// An open deliberation with nothing recorded.
    package init() {}

    /// Whether the record is closed (signed).
    package var isClosed: Bool { closedVersion != nil }
}

extension SessionState {
    /// Refuses any change of the jury's work while the record is closed (409 `record-closed`,
    /// before any other conflict).
    package func requireRecordOpen() throws(WorkshopError) {
        if deliberation.isClosed {
            throw WorkshopError(
                .recordClosed, "the assessment record is closed; the president may reopen it with a reason")
        }
    }

    /// The juror who decides for `group`: its acting president (unless they declared a conflict
    /// of interest for it), else the president unless they declared one (then no one, until the
    /// facilitator names an acting president).
    package func presiding(group: String, definition: SessionDefinition) -> String? {
        if let acting = deliberation.actingPresidents[group] {
            return jury.isExcluded(acting, from: group) ? nil : acting
        }
        guard let president = definition.president?.id, !jury.isExcluded(president, from: group) else { return nil }
        return president
    }

    /// The proposal for a candidate's assessment as the scores stand.
    package func proposal(candidate: Candidate, block: String, definition: SessionDefinition) -> Proposal? {
        jury.assessment(of: candidate, block: block, passMark20: definition.passMark20(of: block)).proposal
    }

    /// Records the president's decision for a candidate and an assessment. A decision other
    /// than the proposal (or with no proposal yet) needs a justification. Clears the signatures.
    package mutating func recordDecision(
        _ decision: Decision, justification: String?, candidate id: String, block: String, by caller: Caller,
        definition: SessionDefinition, at now: Date
    ) throws(WorkshopError) -> SessionOutcome {
        try requireRecordOpen()
        guard let candidate = jury.candidate(id) else { throw WorkshopError(.notFound, "no candidate \(id)") }
        guard definition.assessments.contains(block) else {
            throw WorkshopError(
                .unknownBlock,
                "no assessment \"\(block)\"; assessments: \(definition.assessments.joined(separator: ", "))")
        }
        guard caller.role == .juror, caller.id == presiding(group: candidate.group, definition: definition) else {
            let presiding = presiding(group: candidate.group, definition: definition)
            throw WorkshopError(
                .notPresident,
                presiding == nil
                    ? "the president is recused from \(candidate.group): the facilitator names an acting president"
                    : "only the jury's president (or the acting president of \(candidate.group)) records decisions")
        }
        let proposal = proposal(candidate: candidate, block: block, definition: definition)
        let justification = justification?.trimmingCharacters(in: .whitespacesAndNewlines)
        if proposal.map(Decision.init) != decision, (justification ?? "").isEmpty {
            throw WorkshopError(
                .justificationRequired,
                proposal == nil
                    ? "there is no proposal yet: a decision needs a justification"
                    : "the decision departs from the proposal (\(proposal!.rawValue)): it needs a justification")
        }
        // A justification says why, in words: "." or "-" is not one.
        if let justification, !justification.isEmpty, justification.filter({ $0.isLetter || $0.isNumber }).count < 3 {
            throw WorkshopError(.justificationRequired, "a justification says why, in words (at least three letters)")
        }
        if let justification, justification.count > Limits.maxTextLength {
            throw WorkshopError(.invalidEntry, "a justification holds at most \(Limits.maxTextLength) characters")
        }
        deliberation.decisions[id, default: [:]][block] = RecordedDecision(
            decision: decision, justification: justification.flatMap { $0.isEmpty ? nil : $0 }, proposal: proposal,
            by: caller.id, at: now)
        deliberation.signatures = [:]
        deliberation.signedFingerprints = [:]
        let audit = AuditRecord(
            who: caller, action: .decision, group: candidate.group, reason: justification, at: now)
        return SessionOutcome(events: [.deliberationChanged], audit: [audit])
    }

    /// What a juror signs, as a fingerprint: SHA-256 over the JSON of every candidate's
    /// results (marks, proposals, each assessor's scores and comments, decisions and their
    /// justifications). Any change to those gives another fingerprint. A decision not recorded
    /// counts as its proposal, which closing records: closing leaves the fingerprint as signed.
    package func recordFingerprint(definition: SessionDefinition) -> String {
        struct Signed: Encodable {
            var candidate: String
            var group: String
            var blocks: [AssessmentResult]
        }
        let signed = jury.candidates.map { candidate in
            Signed(
                candidate: candidate.id, group: candidate.group,
                blocks: definition.assessments.map { block in
                    var result = jury.assessment(
                        of: candidate, block: block, passMark20: definition.passMark20(of: block),
                        decision: deliberation.decisions[candidate.id]?[block])
                    if result.decision == nil { result.decision = result.proposal.map(Decision.init) }
                    return result
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = (try? encoder.encode(signed)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The signatures that count: those given to the record as it stands now.
    package func currentSignatures(definition: SessionDefinition) -> [String: Date] {
        guard let signed = deliberation.signedFingerprints else { return deliberation.signatures }
        let current = recordFingerprint(definition: definition)
        return deliberation.signatures.filter { signed[$0.key] == current }
    }

    /// A juror signs the record as it stands.
    package mutating func sign(by caller: Caller, definition: SessionDefinition, at now: Date) throws(WorkshopError)
        -> SessionOutcome
    {
        try requireRecordOpen()
        guard caller.role == .juror, definition.jurors.contains(where: { $0.id == caller.id }) else {
            throw WorkshopError(.notAllowed, "only the session's jurors sign the record")
        }
        let fingerprint = recordFingerprint(definition: definition)
        if deliberation.signedFingerprints == nil {
            // The first fingerprinted signature: earlier ones are kept when they still stand.
            deliberation.signedFingerprints = deliberation.signatures.mapValues { _ in fingerprint }
        }
        deliberation.signatures[caller.id] = now
        deliberation.signedFingerprints?[caller.id] = fingerprint
        return SessionOutcome(
            events: [.deliberationChanged], audit: [AuditRecord(who: caller, action: .recordSign, at: now)])
    }

    /// The president closes the record once every juror of the session has signed and every
    /// candidate has a mark in every assessment; missing decisions take their proposals, and a
    /// Q&A still running ends. Returns the version closed.
    package mutating func closeRecord(by caller: Caller, definition: SessionDefinition, at now: Date)
        throws(WorkshopError) -> (version: Int, outcome: SessionOutcome)
    {
        try requireRecordOpen()
        guard caller.role == .juror, caller.id == definition.president?.id else {
            throw WorkshopError(.notPresident, "only the jury's president closes the record")
        }
        let signed = currentSignatures(definition: definition)
        let unsigned = definition.jurors.map(\.id).filter { signed[$0] == nil }
        guard unsigned.isEmpty else {
            let outdated = unsigned.filter { deliberation.signatures[$0] != nil }
            throw WorkshopError(
                .unsigned,
                "not every juror has signed the record as it stands: \(unsigned.joined(separator: ", "))"
                    + (outdated.isEmpty
                        ? "" : " (\(outdated.joined(separator: ", ")) signed before the marks or decisions changed)"))
        }
        var missing: [String] = []
        var unjustified: [String] = []
        var decisions = deliberation.decisions
        for candidate in jury.candidates {
            for block in definition.assessments {
                let proposal = proposal(candidate: candidate, block: block, definition: definition)
                guard var recorded = decisions[candidate.id]?[block] else {
                    guard let proposal else {
                        missing.append("\(candidate.id) \(block)")
                        continue
                    }
                    decisions[candidate.id, default: [:]][block] = RecordedDecision(
                        decision: Decision(proposal), justification: nil, proposal: proposal,
                        by: presiding(group: candidate.group, definition: definition) ?? caller.id, at: now,
                        defaulted: true)
                    continue
                }
                // The marks may have changed since the decision was recorded: a departure from
                // the proposal as it stands now still needs its justification.
                if proposal.map(Decision.init) != recorded.decision, recorded.justification == nil {
                    unjustified.append("\(candidate.id) \(block)")
                }
                recorded.proposal = proposal
                decisions[candidate.id]?[block] = recorded
            }
        }
        guard missing.isEmpty else {
            throw WorkshopError(
                .incompleteMarks, "marks are missing (scores not all in) for: \(missing.joined(separator: ", "))")
        }
        guard unjustified.isEmpty else {
            throw WorkshopError(
                .departureUnjustified,
                "these decisions now depart from the proposal (the marks changed after they were recorded) "
                    + "and need a justification: \(unjustified.joined(separator: ", "))")
        }
        deliberation.decisions = decisions
        deliberation.versions += 1
        deliberation.closedVersion = deliberation.versions
        var outcome = SessionOutcome(
            events: [.deliberationChanged],
            audit: [AuditRecord(who: caller, action: .recordClose, to: "\(deliberation.versions)", at: now)])
        // A Q&A still running ends with the close: the record says when it ended.
        for group in pitches.keys.sorted() {
            guard var pitch = pitches[group], pitch.qaTimer?.isRunning == true,
                let (_, audit) = try? pitch.stopQA(by: caller, at: now)
            else { continue }
            pitches[group] = pitch
            outcome.append(SessionOutcome(events: [.pitchChanged(group: group)], audit: [audit]))
        }
        return (deliberation.versions, outcome)
    }

    /// The president reopens a closed record, with a reason: decisions may change again (those
    /// the close took from the proposals are dropped), the signatures are cleared, and the next
    /// close makes a new version.
    package mutating func reopenRecord(by caller: Caller, reason: String?, definition: SessionDefinition, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        guard caller.role == .juror, caller.id == definition.president?.id else {
            throw WorkshopError(.notPresident, "only the jury's president reopens the record")
        }
        guard deliberation.isClosed else { throw WorkshopError(.notClosed, "the record is not closed") }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty else { throw WorkshopError(.reasonRequired, "reopening the record needs a reason") }
        let version = deliberation.closedVersion
        deliberation.closedVersion = nil
        // What the close took from the proposals was no one's decision: the next close takes
        // the proposals as the marks then stand.
        deliberation.decisions = deliberation.decisions.compactMapValues { blocks in
            let recorded = blocks.filter { $0.value.defaulted != true }
            return recorded.isEmpty ? nil : recorded
        }
        deliberation.signatures = [:]
        deliberation.signedFingerprints = [:]
        deliberation.published = false
        if let version {
            deliberation.reopened = Deliberation.Reopening(fromVersion: version, reason: reason, by: caller.id, at: now)
        }
        let audit = AuditRecord(
            who: caller, action: .recordReopen, from: version.map(String.init), reason: reason, at: now)
        return SessionOutcome(events: [.deliberationChanged], audit: [audit])
    }

    /// The facilitator names the juror who presides for `group` (the president is recused from it).
    package mutating func nameActingPresident(
        _ juror: String, group: String, reason: String?, by caller: Caller, definition: SessionDefinition, at now: Date
    ) throws(WorkshopError) -> SessionOutcome {
        try requireRecordOpen()
        guard caller.role == .facilitator else {
            throw WorkshopError(.notAllowed, "only the facilitator names an acting president")
        }
        guard jury.groups.contains(group) else { throw WorkshopError(.notFound, "no group \"\(group)\"") }
        if let president = definition.president?.id, !jury.isExcluded(president, from: group) {
            throw WorkshopError(
                .presidentNotRecused,
                "the president presides over \(group): an acting president is named only for a group the president is recused from"
            )
        }
        guard !jury.isExcluded(juror, from: group) else {
            throw WorkshopError(.conflictOfInterest, "juror \(juror) declared a conflict of interest for \(group)")
        }
        guard jury.activeJurors(for: group).contains(juror) else {
            throw WorkshopError(.notAssigned, "juror \(juror) does not grade group \(group)")
        }
        deliberation.actingPresidents[group] = juror
        let audit = AuditRecord(
            who: caller, action: .actingPresident, to: juror, group: group, reason: reason, at: now)
        return SessionOutcome(events: [.deliberationChanged], audit: [audit])
    }

    /// The facilitator publishes the closed record: each candidate then sees their own result.
    package mutating func publishResults(by caller: Caller, at now: Date) throws(WorkshopError) -> SessionOutcome {
        guard caller.role == .facilitator else { throw WorkshopError(.notAllowed, "only the facilitator publishes") }
        guard deliberation.isClosed else {
            throw WorkshopError(.notClosed, "the record must be closed (signed) before it is published")
        }
        deliberation.published = true
        return SessionOutcome(
            events: [.deliberationChanged], audit: [AuditRecord(who: caller, action: .resultsPublish, at: now)])
    }
}

package import Foundation

/// A group's problem statement (A14: "une problématique précise qu'il doit définir
/// préalablement avec l'intervenant"): written by the group, approved by the facilitator.
package struct ProblemStatement: Codable, Sendable, Hashable {
    /// The statement.
    package var text: String
    /// Who wrote the current text (an invite id or `facilitator`).
    package var writtenBy: String
    /// When.
    package var writtenAt: Date
    /// When the facilitator approved this text; nil until then (a new text needs a new approval).
    package var approvedAt: Date?
    /// Who approved it.
    package var approvedBy: String?

    /// Creates a statement.
    package init(text: String, writtenBy: String, writtenAt: Date, approvedAt: Date? = nil, approvedBy: String? = nil) {
        self.text = text
        self.writtenBy = writtenBy
        self.writtenAt = writtenAt
        self.approvedAt = approvedAt
        self.approvedBy = approvedBy
    }
}

extension SessionState {
    /// A group's participants or the facilitator write its problem statement; a changed text
    /// needs the facilitator's approval again.
    package mutating func writeProblem(_ text: String, group: String, by caller: Caller, at now: Date)
        throws(WorkshopError) -> SessionOutcome
    {
        guard jury.groups.contains(group) else { throw WorkshopError(.notFound, "no group \"\(group)\"") }
        guard caller.role == .facilitator || (caller.role == .participant && caller.group == group) else {
            throw WorkshopError(.notAllowed, "only the group's participants or the facilitator write its problem")
        }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw WorkshopError(.invalidEntry, "a problem statement needs a text") }
        guard text.count <= Limits.maxTextLength else {
            throw WorkshopError(.invalidEntry, "a problem statement holds at most \(Limits.maxTextLength) characters")
        }
        if problems[group]?.text == text { return .none }
        problems[group] = ProblemStatement(text: text, writtenBy: caller.id, writtenAt: now)
        return SessionOutcome(
            events: [.problemChanged(group: group)],
            audit: [AuditRecord(who: caller, action: .problemWrite, group: group, at: now)])
    }

    /// The facilitator approves a group's problem statement as it stands.
    package mutating func approveProblem(group: String, by caller: Caller, at now: Date) throws(WorkshopError)
        -> SessionOutcome
    {
        guard caller.role == .facilitator else { throw WorkshopError(.notAllowed, "only the facilitator approves") }
        guard var problem = problems[group] else {
            throw WorkshopError(.notFound, "group \(group) has no problem statement yet")
        }
        if problem.approvedAt != nil { return .none }
        problem.approvedAt = now
        problem.approvedBy = caller.id
        problems[group] = problem
        return SessionOutcome(
            events: [.problemChanged(group: group)],
            audit: [AuditRecord(who: caller, action: .problemApprove, group: group, at: now)])
    }

    /// The groups whose statement is not approved.
    package var unapprovedProblems: [String] {
        jury.groups.filter { problems[$0]?.approvedAt == nil }
    }
}

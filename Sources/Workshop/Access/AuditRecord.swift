package import Foundation

/// What an audited command did.
package enum AuditAction: String, Codable, Sendable, Hashable {
    /// `advance`: one phase forward.
    case phaseAdvance = "phase.advance"
    /// `goto` the next phase without override.
    case phaseGoto = "phase.goto"
    /// `goto` with override and a reason (reopen or jump).
    case phaseOverride = "phase.override"
    /// The time box ended and the definition asked for auto-advance.
    case phaseAutoAdvance = "phase.auto-advance"
    /// A pitch started.
    case pitchStart = "pitch.start"
    /// A pitch stopped.
    case pitchStop = "pitch.stop"
    /// A Q&A started.
    case qaStart = "qa.start"
    /// A Q&A stopped.
    case qaStop = "qa.stop"
    /// A juror submitted a score sheet.
    case scoresSubmit = "scores.submit"
    /// A juror declared a conflict of interest for a group.
    case conflictDeclared = "jury.conflict"
    /// The facilitator revealed a group's scores before every juror submitted.
    case earlyReveal = "results.early-reveal"
    /// The president recorded a decision.
    case decision = "deliberation.decision"
    /// A juror signed the record.
    case recordSign = "record.sign"
    /// The president closed (signed) the record.
    case recordClose = "record.close"
    /// The president reopened the record.
    case recordReopen = "record.reopen"
    /// The facilitator named an acting president for a group.
    case actingPresident = "deliberation.acting-president"
    /// The facilitator published the results.
    case resultsPublish = "results.publish"
    /// A facilitator scored a candidate.
    case candidateScores = "scores.candidate"
    /// A group's problem statement was written.
    case problemWrite = "problem.write"
    /// The facilitator approved a group's problem statement.
    case problemApprove = "problem.approve"
    /// The facilitator reset a pitch started by mistake.
    case pitchReset = "pitch.reset"
    /// The facilitator gave a group or a candidate extra pitch time.
    case extraTime = "pitch.extra-time"
    /// An activity timer was started.
    case timerStart = "timer.start"
    /// An activity timer was paused.
    case timerPause = "timer.pause"
    /// An activity timer was resumed.
    case timerResume = "timer.resume"
    /// Time was added to an activity timer.
    case timerAdd = "timer.add"
    /// An activity timer was stopped.
    case timerStop = "timer.stop"
    /// A board's vote was reset.
    case voteReset = "vote.reset"
    /// A board's vote settings changed (anonymity, budget) or its anonymous counts were revealed.
    case voteSettings = "vote.settings"
    /// A board went private (participants' work withheld from each other).
    case boardPrivate = "board.private"
    /// A private board was revealed.
    case boardShared = "board.shared"
    /// A facilitator took a named checkpoint.
    case checkpointCreate = "checkpoint.create"
    /// A board was restored to a checkpoint.
    case checkpointRestore = "checkpoint.restore"
}

/// One line of the audit log: who did what, from which state to which, why, and when.
package struct AuditRecord: Codable, Sendable, Hashable {
    /// Who acted.
    package var who: Caller
    /// What was done.
    package var action: AuditAction
    /// The state before (a phase id for phase actions), if any.
    package var from: String?
    /// The state after (a phase id for phase actions), if any.
    package var to: String?
    /// The group concerned, for pitch and jury actions.
    package var group: String?
    /// The reason given (required for overrides and early reveals).
    package var reason: String?
    /// When it happened.
    package var at: Date

    /// Creates an audit record.
    package init(
        who: Caller, action: AuditAction, from: String? = nil, to: String? = nil, group: String? = nil,
        reason: String? = nil, at: Date
    ) {
        self.who = who
        self.action = action
        self.from = from
        self.to = to
        self.group = group
        self.reason = reason
        self.at = at
    }
}

/// A command of the HTTP API, for the role × command matrix.
package enum Command: String, Sendable, Hashable, CaseIterable {
    /// `POST /api/v1/sessions`.
    case createSession = "session.create"
    /// `GET /api/v1/sessions/{id}` (what is shown still depends on the role).
    case readSession = "session.read"
    /// Create or revoke invites.
    case manageInvites = "invites.manage"
    /// `POST …/phase`.
    case changePhase = "phase.change"
    /// Read the audit log.
    case readAudit = "audit.read"
    /// List, apply or discard quarantined updates.
    case manageQuarantine = "quarantine.manage"
    /// Change which groups observers may read.
    case manageObservers = "observers.manage"
    /// Upload an image to a board (board write rights apply too).
    case uploadAsset = "asset.upload"
    /// `…/pitch/start` and `…/pitch/stop`.
    case runPitch = "pitch.run"
    /// Move the presenter's slide (participants of the pitching group).
    case changeSlide = "pitch.slide"
    /// `…/qa/start` and `…/qa/stop`.
    case runQA = "qa.run"
    /// `POST …/qa` and `PATCH …/qa/{entryId}`.
    case logQA = "qa.log"
    /// `PUT …/scores`, `POST …/scores/submit`, and the conflict-of-interest declaration.
    case score = "scores.write"
    /// Reveal a group's scores before every juror submitted (audited).
    case earlyReveal = "results.early-reveal"
    /// `GET …/results` (filtered per viewer).
    case readResults = "results.read"
    /// `…/results.csv`, the JSON export and the printable report.
    case exportResults = "results.export"
}

/// Which role may call which command.
///
/// | command | facilitator | participant | juror | observer |
/// | --- | --- | --- | --- | --- |
/// | readSession | ✓ | ✓ | ✓ | ✓ |
/// | uploadAsset | ✓ | ✓ (own group) | | |
/// | changeSlide | ✓ | ✓ (own group) | | |
/// | runPitch, runQA, logQA | ✓ | | ✓ | |
/// | readResults | ✓ | | ✓ | |
/// | score | | | ✓ | |
/// | everything else | ✓ | | | |
package enum Permissions {
    /// Whether `role` may call `command` at all.
    package static func allows(_ role: Role, _ command: Command) -> Bool {
        switch command {
        case .readSession: true
        case .uploadAsset, .changeSlide: role == .facilitator || role == .participant
        case .runPitch, .runQA, .logQA, .readResults: role == .facilitator || role == .juror
        case .score: role == .juror
        case .createSession, .manageInvites, .changePhase, .readAudit, .manageQuarantine, .manageObservers,
            .earlyReveal, .exportResults:
            role == .facilitator
        }
    }

    /// Checks `caller` against the matrix, and a participant's group against `group` for
    /// group-scoped commands (`uploadAsset`, `changeSlide`).
    package static func check(_ caller: Caller, _ command: Command, group: String? = nil) throws(WorkshopError) {
        guard allows(caller.role, command) else {
            throw WorkshopError(.forbidden, "a \(caller.role.rawValue) may not \(command.rawValue)")
        }
        if caller.role == .participant, let group, caller.group != group {
            throw WorkshopError(.notYourGroup, "\(command.rawValue) is limited to the participant's own group")
        }
    }
}

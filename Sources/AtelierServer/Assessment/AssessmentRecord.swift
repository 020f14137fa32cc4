import Foundation
import Workshop

/// The signed assessment record: everything the jury decided and the evidence it rests on,
/// kept as it was (its own copy of boards, deck and Q&A), hashed as RFC 8785 canonical JSON.
///
/// The JSON (`record.json`) is this structure with a `sha256` member added: the SHA-256 of
/// the canonical JSON of the record without that member.
struct AssessmentRecord: Codable, Sendable {
    /// The format's name and version (`/2` added who decided and when, conflicts of interest,
    /// sheets' submission times and the version a reopening replaced).
    var format = "atelier-assessment-record/2"
    var session: SessionInfo
    /// The record's version (1, then one more at each close after a reopening).
    var version: Int
    /// The version this one replaces, and why it was reopened (nil for version 1).
    var previous: Previous?
    /// When the president closed it (epoch ms), and who.
    var closedAt: Int64
    var closedBy: Person
    var jurors: [Juror]
    /// Acting presidents by group id.
    var actingPresidents: [String: String]
    var rubric: [Criterion]
    var scale: ScoreScale
    var assessments: [Assessment]
    var compensation: Bool
    var groups: [Group]
    var candidates: [Candidate]

    struct SessionInfo: Codable, Sendable {
        var id: String
        var title: String
        var timeZone: String
        var startDate: String
    }

    struct Person: Codable, Sendable {
        var id: String
        var name: String
    }

    struct Juror: Codable, Sendable {
        var id: String
        var name: String
        var president: Bool
        /// When they signed this version (epoch ms).
        var signedAt: Int64?
        /// When they submitted their sheet of each group they graded (epoch ms).
        var submitted: [Submission]
        /// The groups they stepped out of, and why.
        var conflicts: [Conflict]
    }

    struct Submission: Codable, Sendable {
        var group: String
        var at: Int64
    }

    struct Conflict: Codable, Sendable {
        var group: String
        var reason: String?
        var at: Int64
        /// Whether their sheet was already submitted (it is kept and no longer counts).
        var afterSubmitting: Bool
    }

    /// The version a reopening replaced: its hash, and the president's reason.
    struct Previous: Codable, Sendable {
        var version: Int
        var sha256: String
        var reopenedAt: Int64
        var reopenedBy: Person
        var reason: String
    }

    struct Assessment: Codable, Sendable {
        var block: String
        var passMark20: Double
    }

    struct Group: Codable, Sendable {
        var id: String
        var name: String
        var problem: Problem?
        var pitch: Pitch?
        var deck: Deck?
        var qa: [QA]
        /// The group's boards as they stood at the end of each phase.
        var checkpoints: [Checkpoint]
    }

    struct Problem: Codable, Sendable {
        var text: String
        var writtenAt: Int64
        var approvedAt: Int64?
    }

    struct Pitch: Codable, Sendable {
        var limitMs: Int64
        var startedAt: Int64?
        var stoppedAt: Int64?
        var durationMs: Int64
        var overtimeMs: Int64
        var extraTime: [Extra]
        var qaStartedAt: Int64?
        var qaStoppedAt: Int64?
    }

    struct Extra: Codable, Sendable {
        var candidate: String?
        var seconds: Int
        var reason: String
    }

    /// The deck as it was frozen when the pitch started.
    struct Deck: Codable, Sendable {
        var frozenAt: Int64
        var slides: [Slide]
    }

    struct Slide: Codable, Sendable {
        var index: Int
        var title: String
        var body: String
        var notes: String
        var image: String?
        /// Milliseconds the presenter spent on it.
        var timeMs: Int64
    }

    struct QA: Codable, Sendable {
        var id: String
        var kind: String
        var text: String
        var askedAt: Int64
        var answeredAt: Int64?
        var answer: String?
        /// Names of the candidates who answered.
        var answeredBy: [String]
        var loggedBy: String
    }

    struct Checkpoint: Codable, Sendable {
        /// The phase that ended.
        var phase: String
        var createdAt: Int64
        var boards: [BoardItems]
    }

    struct BoardItems: Codable, Sendable {
        var board: String
        var kind: String
        var items: [Item]
        /// Slides (decks).
        var slides: Int
    }

    struct Item: Codable, Sendable {
        var id: String
        var type: String
        var text: String
        var zone: String?
    }

    struct Candidate: Codable, Sendable {
        var id: String
        var name: String
        var group: String
        var blocks: [Block]
        var overall: Block?
        /// What the candidate wrote themselves, per board and phase (from the Yjs client ids the
        /// server bound to them, not from fields clients write).
        var contributions: [Contribution]
    }

    struct Block: Codable, Sendable {
        var block: String
        var mark20: Double?
        var passMark20: Double
        var proposal: String?
        var decision: String?
        var justification: String?
        /// Who recorded the decision (the president or an acting president), and when; for a
        /// decision the close took from the proposal (`defaulted`), who presided over the group.
        var decidedBy: Person?
        var decidedAt: Int64?
        var defaulted: Bool
        var criteria: [CriterionScores]
    }

    struct CriterionScores: Codable, Sendable {
        var id: String
        var assessor: String
        var scores: [Score]
        var mean: Double?
        var spread: Double?
        var flagged: Bool?
    }

    struct Score: Codable, Sendable {
        var by: String
        var name: String
        var score: Double
        var comment: String?
        var override: Bool
    }

    struct Contribution: Codable, Sendable {
        var board: String
        var kind: String
        var phase: String
        var items: [Item]
    }
}

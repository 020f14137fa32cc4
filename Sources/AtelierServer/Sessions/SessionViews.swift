import Foundation
import Storage
import Workshop

/// The JSON shapes of the session API (docs/API.md); dates are epoch milliseconds.
enum SessionViews {
    /// `GET /api/v1/sessions/{id}`.
    struct State: Codable, Sendable {
        var id: String
        var title: String
        var timeZone: String
        var startDate: String
        var slideLimit: Int
        var phase: Phase
        var phases: [PhaseInfo]
        var groups: [Group]
        var invites: [Invite]?
        /// Pitch limit, Q&A limit and warnings.
        var pitch: PitchSettings
        /// The grading rubric and its scale.
        var rubric: [Criterion]
        var scale: ScoreScale
        /// The jurors of the definition (ids used by score sheets and results).
        var jurors: [JurorDefinition]
    }

    /// The current phase and its time box.
    struct Phase: Codable, Sendable {
        var id: String
        var label: LocalizedText
        var day: Int
        var startedAt: Int64
        var deadline: Int64
        var timeBoxMinutes: Int
    }

    /// One phase of the sprint.
    struct PhaseInfo: Codable, Sendable {
        var id: String
        var label: LocalizedText
        var day: Int
        var timeBoxMinutes: Int
        var dayBegun: Bool
    }

    /// A group with its boards.
    struct Group: Codable, Sendable {
        var id: String
        var name: String
        var boards: [Board]
        var online: [String]
    }

    /// A board and whether the group may write it now.
    struct Board: Codable, Sendable {
        var id: String
        var kind: String
        var writable: Bool
    }

    /// An invite as the facilitator sees it later (no token).
    struct Invite: Codable, Sendable {
        var id: String
        var name: String
        var role: String
        var group: String?
        var jurorId: String?
        var revoked: Bool
        var online: Bool
    }

    /// `POST /api/v1/sessions` → 201.
    struct Created: Codable, Sendable {
        var id: String
        var title: String
        var phase: String
        var groups: [CreatedGroup]
        var invites: [IssuedInvite]
    }

    /// A group of a created session.
    struct CreatedGroup: Codable, Sendable {
        var id: String
        var name: String
        var boards: [CreatedBoard]
    }

    /// A board of a created session.
    struct CreatedBoard: Codable, Sendable {
        var id: String
        var kind: String
    }

    /// An invite with its token, shown once.
    struct IssuedInvite: Codable, Sendable {
        var id: String
        var name: String
        var role: String
        var group: String?
        var token: String
        var url: String
    }

    /// `GET /api/v1/sessions`.
    struct Summary: Codable, Sendable {
        var id: String
        var title: String
        var phase: String
        var createdAt: Int64
    }

    /// One audit line.
    struct AuditLine: Codable, Sendable {
        var id: Int64
        var at: Int64
        var actor: String
        var action: String
        var from: String?
        var to: String?
        var reason: String?
    }

    /// `GET /api/v1/me`.
    struct Me: Codable, Sendable {
        struct SessionRef: Codable, Sendable {
            var id: String
            var title: String
        }
        var id: String
        var role: String
        var name: String
        var jurorId: String?
        var session: SessionRef?
        var group: Group?
    }

    /// One quarantine entry.
    struct QuarantineEntry: Codable, Sendable {
        var id: Int64
        var boardId: String
        var boardKind: String?
        var group: String?
        var reason: String
        var reasonCode: String
        var sender: String
        var phase: String?
        var at: Int64
        var status: String
        var bytes: Int
    }
}

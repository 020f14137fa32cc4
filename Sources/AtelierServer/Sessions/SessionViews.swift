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
        /// The phase in which groups write their problem statement (nil: none).
        var problemPhase: String?
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
        /// When the session was archived (read-only for everyone); absent while it runs.
        var archivedAt: Int64?
        /// When the retention rules delete the session (the facilitator's view; absent when
        /// sessions are kept for ever).
        var purgeAt: Int64?
        /// The activity timers the caller is shown.
        var activityTimers: [ActivityTimerView] = []
        /// Where facilitators lead the caller (the session's lead, their group's).
        var follows: [Lead] = []
        /// The facilitator's display name, when the definition gives one.
        var facilitator: String?
        /// Whether the closed assessment record is published to the candidates (each then
        /// reads their own result).
        var resultsPublished = false
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

    /// A group with its boards, its candidates and its problem statement.
    struct Group: Codable, Sendable {
        var id: String
        var name: String
        var boards: [Board]
        var online: [String]
        var candidates: [CandidateRef]
        var problem: ProblemStatement?
        /// The name of who wrote the problem statement (a teammate, the facilitator), if there is one.
        var problemAuthor: String? = nil
    }

    /// One signed record in `GET /api/v1/records`.
    struct RecordSummary: Codable, Sendable {
        var session: String
        var title: String
        var version: Int
        var closedAt: Int64
        var sha256: String
    }

    /// A candidate: `c_…` and their name.
    struct CandidateRef: Codable, Sendable {
        var id: String
        var name: String
    }

    /// The deliberation as the jury and the facilitator see it.
    struct DeliberationView: Codable, Sendable {
        /// The president's juror id.
        var president: String?
        /// Acting presidents by group.
        var actingPresidents: [String: String]
        /// Who signed the record as it stands, and when (epoch ms); a signature given before the
        /// marks or decisions changed is not here (that juror signs again).
        var signatures: [String: Int64]
        /// The jurors who must sign before the president closes.
        var jurors: [String]
        /// The version closed, null while open.
        var closedVersion: Int?
        /// How many versions were closed so far.
        var versions: Int
        /// Whether the record is published to the candidates.
        var published: Bool
        /// Decisions: candidate → block → decision.
        var decisions: [String: [String: RecordedDecision]]
        /// The last reopening (`fromVersion`, `reason`, `by`, `at` in epoch ms), null if none.
        var reopened: Deliberation.Reopening?

        init(_ session: LoadedSession) {
            let deliberation = session.state.deliberation
            president = session.definition.president?.id
            actingPresidents = deliberation.actingPresidents
            signatures = session.state.currentSignatures(definition: session.definition).mapValues(
                \.epochMilliseconds)
            jurors = session.definition.jurors.map(\.id)
            closedVersion = deliberation.closedVersion
            versions = deliberation.versions
            published = deliberation.published
            decisions = deliberation.decisions
            reopened = deliberation.reopened
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(president, forKey: .president)
            try container.encode(actingPresidents, forKey: .actingPresidents)
            try container.encode(signatures, forKey: .signatures)
            try container.encode(jurors, forKey: .jurors)
            try container.encode(closedVersion, forKey: .closedVersion)
            try container.encode(versions, forKey: .versions)
            try container.encode(published, forKey: .published)
            try container.encode(decisions, forKey: .decisions)
            try container.encode(reopened, forKey: .reopened)
        }
    }

    /// A board and whether the group may write it now.
    struct Board: Codable, Sendable {
        var id: String
        var kind: String
        var writable: Bool
        /// The phases in which the group may write it (the definition's binding of its kind).
        var writableIn: [String]
        /// Whether the board is private (its participants' work withheld from one another).
        var `private` = false
    }

    /// An invite as the facilitator sees it later (no token); `group` and `jurorId` are null
    /// when they do not apply.
    struct Invite: Codable, Sendable {
        var id: String
        var name: String
        var role: String
        var group: String?
        var jurorId: String?
        var revoked: Bool
        var online: Bool

        /// An invite as the facilitator sees it.
        init(_ invite: InviteRecord, online: Bool) {
            self.init(
                id: invite.id, name: invite.name, role: invite.role.rawValue, group: invite.groupId,
                jurorId: invite.jurorId, revoked: invite.revokedAt != nil, online: online)
        }

        init(
            id: String, name: String, role: String, group: String?, jurorId: String?, revoked: Bool, online: Bool
        ) {
            self.id = id
            self.name = name
            self.role = role
            self.group = group
            self.jurorId = jurorId
            self.revoked = revoked
            self.online = online
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(role, forKey: .role)
            try container.encode(group, forKey: .group)
            try container.encode(jurorId, forKey: .jurorId)
            try container.encode(revoked, forKey: .revoked)
            try container.encode(online, forKey: .online)
        }
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
        var candidates: [CandidateRef]
    }

    /// A board of a created session.
    struct CreatedBoard: Codable, Sendable {
        var id: String
        var kind: String
    }

    /// An invite with its token, shown once; `group` is null for jurors and observers.
    struct IssuedInvite: Codable, Sendable {
        var id: String
        var name: String
        var role: String
        var group: String?
        var token: String
        var url: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(role, forKey: .role)
            try container.encode(group, forKey: .group)
            try container.encode(token, forKey: .token)
            try container.encode(url, forKey: .url)
        }
    }

    /// `GET /api/v1/sessions`.
    struct Summary: Codable, Sendable {
        var id: String
        var title: String
        var phase: String
        /// The current phase's label, in both languages (the list shows it, not the id).
        var phaseLabel: LocalizedText
        /// The session's time zone (its times are shown in it).
        var timeZone: String
        var createdAt: Int64
        /// When the session was archived; absent while it runs.
        var archivedAt: Int64?
        /// When the retention rules delete the session; absent when kept for ever.
        var purgeAt: Int64?
    }

    /// One audit line: `actor` is an id (`facilitator`, an invite id, a juror id, `system`),
    /// `actorName` the name the session knows them by (the id itself for `facilitator` and
    /// `system`); `detail` what the action concerned, by ids (`{"invite": "…", "group": "g2"}`,
    /// both dates of `session.dates`…), never names.
    struct AuditLine: Codable, Sendable {
        var id: Int64
        var at: Int64
        var actor: String
        var actorName: String
        var action: String
        var from: String?
        var to: String?
        var reason: String?
        var detail: CanonicalJSON?

        /// The stored line as `session` names its actor.
        init(_ record: AuditEntryRecord, in session: LoadedSession) {
            id = record.id ?? 0
            at = record.at
            actor = record.actor
            actorName = session.name(of: record.actor)
            action = record.action
            from = record.fromPhase
            to = record.toPhase
            reason = record.reason
            detail = record.detail.flatMap { try? CanonicalJSON.parse(Data($0.utf8)) }
        }
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
        var candidate: String?
        var president: Bool?
        var session: SessionRef?
        var group: Group?
    }

    /// One quarantine entry: a burst of refused edits of one person on one board.
    struct QuarantineEntry: Codable, Sendable {
        var id: Int64
        var boardId: String
        var boardKind: String?
        var group: String?
        var reason: String
        var reasonCode: String
        var sender: String
        var senderName: String
        var phase: String?
        var at: Int64
        var lastAt: Int64
        var count: Int
        var status: String
        var bytes: Int
        var preview: QuarantinePreview?
    }

    /// A group's pitch as the API shows it.
    struct PitchView: Codable, Sendable {
        var group: String
        var state: String
        var limitMs: Int64
        var startedAt: Int64?
        var deadline: Int64?
        var stoppedAt: Int64?
        var elapsedMs: Int64
        var overtimeMs: Int64
        var currentSlide: Int?
        var slideCount: Int?
        var slideTimings: [String: Int64]
        var extraTime: [ExtraTime]
        var qa: QAView
    }

    /// The Q&A part of a pitch.
    struct QAView: Codable, Sendable {
        var state: String
        var limitMs: Int64
        var startedAt: Int64?
        var deadline: Int64?
        var stoppedAt: Int64?
        var overtimeMs: Int64
        var entries: [QAEntry]
    }
}

extension SessionViews.PitchView {
    /// A pitch as shown at `now`.
    init(_ pitch: Pitch, at now: Date) {
        let timer = pitch.timer
        let qa = pitch.qaTimer
        self.init(
            group: pitch.group, state: timer.map { $0.isRunning ? "running" : "stopped" } ?? "not-started",
            limitMs: Int64(pitch.limitSeconds).saturatingMultiplied(by: 1000),
            startedAt: timer?.startedAt.epochMilliseconds, deadline: timer?.deadline.epochMilliseconds,
            stoppedAt: timer?.stoppedAt?.epochMilliseconds, elapsedMs: timer?.elapsedMilliseconds(at: now) ?? 0,
            overtimeMs: pitch.overtimeMilliseconds(at: now), currentSlide: pitch.currentSlide,
            slideCount: pitch.slideCount,
            slideTimings: Dictionary(uniqueKeysWithValues: pitch.slideTimings(at: now).map { ("\($0.key)", $0.value) }),
            extraTime: pitch.extraTime,
            qa: SessionViews.QAView(
                state: qa.map { $0.isRunning ? "running" : "stopped" } ?? "not-started",
                limitMs: Int64(pitch.settings.qaLimitSeconds).saturatingMultiplied(by: 1000),
                startedAt: qa?.startedAt.epochMilliseconds, deadline: qa?.deadline.epochMilliseconds,
                stoppedAt: qa?.stoppedAt?.epochMilliseconds, overtimeMs: qa?.overtimeMilliseconds(at: now) ?? 0,
                entries: pitch.qaLog.entries))
    }
}

extension SessionViews {
    /// The session's state as `principal` may see it (`nil`: what everyone may see; its
    /// facilitators — the administrator and its co-facilitators — also get the invites).
    static func state(of session: LoadedSession, for principal: Principal?, online: Set<String>, now: Date) -> State {
        let sprint = session.state.sprint
        let groups = session.definition.groups.map { group in
            Group(
                id: group.id, name: group.name,
                boards: session.boards.filter { $0.groupId == group.id }.map { board in
                    Board(
                        id: board.id, kind: board.kind.rawValue, writable: session.groupMayWrite(board),
                        writableIn: session.definition.phases.map(\.id).filter { phase in
                            session.definition.binding(for: board.kind).isWritable(in: phase)
                        }, private: session.state.privateBoards[board.id] != nil)
                },
                online: session.invites.filter { $0.groupId == group.id && online.contains($0.id) }.map(\.name),
                candidates: session.state.jury.candidates(of: group.id).map {
                    CandidateRef(id: $0.id, name: session.name(of: $0.invite))
                },
                problem: session.state.problems[group.id],
                problemAuthor: session.state.problems[group.id].map { session.name(of: $0.writtenBy) })
        }
        let phase = sprint.currentPhase
        var state = State(
            id: session.id, title: session.title, timeZone: sprint.calendar.timeZone.identifier,
            startDate: sprint.calendar.startDay.description, slideLimit: session.definition.slideLimit,
            problemPhase: session.definition.problemPhase,
            phase: Phase(
                id: phase.id, label: phase.label, day: phase.day,
                startedAt: sprint.timeBox.startedAt.epochMilliseconds, deadline: sprint.deadline.epochMilliseconds,
                timeBoxMinutes: phase.timeBoxMinutes),
            phases: sprint.phases.map {
                PhaseInfo(
                    id: $0.id, label: $0.label, day: $0.day, timeBoxMinutes: $0.timeBoxMinutes,
                    dayBegun: sprint.calendar.hasBegun(day: $0.day, at: now))
            },
            groups: groups, invites: nil, pitch: session.definition.pitch, rubric: session.definition.rubric,
            scale: session.definition.scale, jurors: session.definition.jurors)
        state.archivedAt = session.state.archivedAt?.epochMilliseconds
        state.facilitator = session.definition.facilitator
        state.resultsPublished = session.state.deliberation.published
        let caller = principal?.caller
        state.activityTimers = session.state.activityTimers(for: caller).map {
            ActivityTimerView($0, stopped: false, at: now)
        }
        state.follows = session.state.followLeads(for: caller).map { Lead($0, in: session) }
        if let principal, principal.facilitates(session.id) {
            state.invites = session.invites.map { Invite($0, online: online.contains($0.id)) }
        }
        return state
    }
}

extension SessionViews.QuarantineEntry {
    /// An entry as shown, with names and an optional preview.
    init(_ entry: QuarantineRecord, session: LoadedSession?, preview: QuarantinePreview?) {
        let board = session?.board(entry.boardId)
        self.init(
            id: entry.id ?? 0, boardId: entry.boardId, boardKind: board?.kind.rawValue, group: board?.groupId,
            reason: entry.reason, reasonCode: entry.reasonCode, sender: entry.sender,
            senderName: session?.name(of: entry.sender) ?? entry.sender, phase: entry.phase, at: entry.at,
            lastAt: entry.lastAt, count: entry.count, status: entry.status.rawValue, bytes: entry.data.count,
            preview: preview)
    }
}

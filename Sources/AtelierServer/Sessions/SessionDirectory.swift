import Foundation
import HTTPTypes
import Logging
import Storage
import Workshop
import YCore

/// Every session of the server: definitions, sprint state and boards, kept in memory and
/// written through to SQLite. Phase commands and time-box events go through here; what they
/// change is told on the live channel.
actor SessionDirectory {
    /// A loaded session.
    struct Session: Sendable {
        let id: String
        let title: String
        let createdAt: Int64
        let definition: SessionDefinition
        var sprint: Sprint
        let boards: [BoardRecord]
        let access: Workshop.BoardAccess
        var lastTickAt: Date?
        var invites: [InviteRecord]
        /// Each group's pitch, once started.
        var pitches: [String: Pitch] = [:]
        /// The jury's sheets.
        var jury: Jury

        /// The phase id in force.
        var phase: String { sprint.currentPhase.id }

        /// The deck board of a group, if it has one.
        func deck(ofGroup group: String) -> BoardRecord? {
            boards.first { $0.groupId == group && $0.kind == BoardKind.deck.rawValue }
        }

        /// Why `caller` may not write `board` now (phase lock, read-only role, frozen deck), nil if allowed.
        func writeRefusal(_ caller: Caller, board: BoardRecord) -> BoardRefusal? {
            guard let kind = BoardKind(rawValue: board.kind) else {
                return BoardRefusal(.notReadable, "unknown board kind \(board.kind)")
            }
            let frozen = kind == .deck && (pitches[board.groupId]?.isDeckFrozen ?? false)
            return access.writeRefusal(
                caller: caller, board: BoardRef(kind: kind, group: board.groupId), phase: phase, deckFrozen: frozen)
        }

        /// Whether `caller` may read `board`: participants their group's, jurors all, observers
        /// every group during the pitch phase.
        func mayRead(_ caller: Caller, board: BoardRecord) -> Bool {
            guard let kind = BoardKind(rawValue: board.kind) else { return false }
            return access.canRead(
                caller: caller, board: BoardRef(kind: kind, group: board.groupId),
                observers: phase == "pitch" ? .all : .none)
        }
    }

    let database: AppDatabase
    let clock: any WallClock
    let live: LiveHub
    private let publicURL: String
    private let logger: Logger
    private var sessions: [String: Session] = [:]
    private var boardSessions: [String: String] = [:]

    init(database: AppDatabase, clock: any WallClock, live: LiveHub, publicURL: String, logger: Logger) {
        self.database = database
        self.clock = clock
        self.live = live
        self.publicURL = publicURL
        self.logger = logger
    }

    /// Loads every stored session (at start).
    func loadAll() async throws {
        for record in try await database.sessions() {
            do {
                let definition = try SessionDefinition.decode(from: Data(record.definition.utf8))
                let sprint = try JSONDecoder.epochMilliseconds.decode(Sprint.self, from: Data(record.sprint.utf8))
                let boards = try await database.boards(sessionId: record.id)
                let invites = try await database.invites(sessionId: record.id)
                let pitches = try record.pitches.map {
                    try JSONDecoder.epochMilliseconds.decode([String: Pitch].self, from: Data($0.utf8))
                }
                let jury = try record.jury.map {
                    try JSONDecoder.epochMilliseconds.decode(Jury.self, from: Data($0.utf8))
                }
                install(
                    Session(
                        id: record.id, title: record.title, createdAt: record.createdAt, definition: definition,
                        sprint: sprint, boards: boards, access: Workshop.BoardAccess(definition: definition),
                        lastTickAt: record.lastTickAt.map { Date(epochMilliseconds: $0) }, invites: invites,
                        pitches: pitches ?? [:], jury: jury ?? Jury(definition: definition)))
            } catch {
                logger.error("session could not be loaded", metadata: ["session": "\(record.id)", "error": "\(error)"])
            }
        }
    }

    /// Replaces a loaded session's state (after a saved change).
    func storeSession(_ session: Session) {
        sessions[session.id] = session
    }

    private func install(_ session: Session) {
        sessions[session.id] = session
        for board in session.boards { boardSessions[board.id] = session.id }
    }

    // MARK: - Creation

    /// Creates a session from a definition: boards (with their `meta` written through YCore),
    /// invites with fresh tokens, the sprint in its first phase.
    func create(definitionJSON: Data) async throws -> SessionViews.Created {
        let definition: SessionDefinition
        do {
            definition = try SessionDefinition.load(from: definitionJSON)
        } catch {
            throw APIError(error)
        }
        let now = clock.now
        let calendar: SprintCalendar
        do {
            calendar = try definition.calendar(createdAt: now)
        } catch {
            throw APIError(error)
        }
        let id = Identifiers.make("s")
        let sprint = Sprint(definition: definition, calendar: calendar, at: now)
        var boards: [BoardRecord] = []
        var groups: [SessionViews.CreatedGroup] = []
        for group in definition.groups {
            var created: [SessionViews.CreatedBoard] = []
            for kind in group.boardKinds {
                let board = BoardRecord(
                    id: Identifiers.make("b"), sessionId: id, groupId: group.id, kind: kind.rawValue)
                boards.append(board)
                created.append(.init(id: board.id, kind: board.kind))
            }
            groups.append(.init(id: group.id, name: group.name, boards: created))
        }
        var invites: [InviteRecord] = []
        var issued: [SessionViews.IssuedInvite] = []
        for invitee in definition.invitees {
            let token = FacilitatorToken.randomToken()
            let invite = InviteRecord(
                id: Identifiers.make("i"), sessionId: id, tokenHash: FacilitatorToken.digest(of: token),
                name: invitee.name, role: invitee.role.rawValue, groupId: invitee.group, jurorId: invitee.jurorId,
                createdAt: now.epochMilliseconds)
            invites.append(invite)
            issued.append(
                .init(
                    id: invite.id, name: invite.name, role: invite.role, group: invite.groupId, token: token,
                    url: "\(publicURL)/join/\(token)"))
        }
        let record = SessionRecord(
            id: id, title: definition.title, definition: String(decoding: definitionJSON, as: UTF8.self),
            sprint: try Self.encode(sprint), createdAt: now.epochMilliseconds, lastTickAt: now.epochMilliseconds)
        try await database.createSession(
            record, boards: boards, invites: invites,
            audit: AuditEntryRecord(
                sessionId: id, at: now.epochMilliseconds, actor: "facilitator", action: "session.create",
                toPhase: sprint.currentPhase.id))
        // Each board starts with its `meta` (kind, title, group), written by the server through YCore.
        let store = SQLiteBoardStore(database: database)
        for board in boards {
            let group = definition.groups.first { $0.id == board.groupId }
            let meta = BoardMeta.update(
                kind: board.kind, title: "\(group?.name ?? board.groupId) — \(board.kind)", group: board.groupId)
            _ = try await store.append(
                NewBoardUpdate(
                    boardId: board.id, data: meta, sender: "server", phase: sprint.currentPhase.id,
                    createdAt: now.epochMilliseconds))
        }
        install(
            Session(
                id: id, title: definition.title, createdAt: now.epochMilliseconds, definition: definition,
                sprint: sprint, boards: boards, access: Workshop.BoardAccess(definition: definition),
                lastTickAt: now, invites: invites, jury: Jury(definition: definition)))
        logger.info("session created", metadata: ["session": "\(id)", "boards": "\(boards.count)"])
        return .init(id: id, title: definition.title, phase: sprint.currentPhase.id, groups: groups, invites: issued)
    }

    // MARK: - Reading

    /// The session, or 404.
    func session(_ id: String) throws -> Session {
        guard let session = sessions[id] else { throw APIError.notFound("no session \(id)") }
        return session
    }

    /// Summaries, newest first.
    func summaries() -> [SessionViews.Summary] {
        sessions.values.sorted { $0.createdAt > $1.createdAt }.map {
            .init(id: $0.id, title: $0.title, phase: $0.phase, createdAt: $0.createdAt)
        }
    }

    /// The state as `principal` may see it (invites for the facilitator only).
    func state(_ id: String, for principal: Principal) async throws -> SessionViews.State {
        let session = try session(id)
        guard principal.belongs(to: id) else { throw APIError(.forbidden, code: "forbidden", "not your session") }
        return await view(of: session, for: principal)
    }

    func view(of session: Session, for principal: Principal) async -> SessionViews.State {
        let now = clock.now
        let online = await live.online(sessionId: session.id)
        let names = Dictionary(session.invites.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let sprint = session.sprint
        let groups = session.definition.groups.map { group in
            SessionViews.Group(
                id: group.id, name: group.name,
                boards: session.boards.filter { $0.groupId == group.id }.map {
                    .init(id: $0.id, kind: $0.kind, writable: Self.groupMayWrite(session, board: $0))
                },
                online: session.invites.filter { $0.groupId == group.id && online.contains($0.id) }.compactMap {
                    names[$0.id]
                })
        }
        let phase = sprint.currentPhase
        var state = SessionViews.State(
            id: session.id, title: session.title, timeZone: sprint.calendar.timeZone.identifier,
            startDate: sprint.calendar.startDay.description, slideLimit: session.definition.slideLimit,
            phase: .init(
                id: phase.id, label: phase.label, day: phase.day,
                startedAt: sprint.timeBox.startedAt.epochMilliseconds,
                deadline: sprint.deadline.epochMilliseconds, timeBoxMinutes: phase.timeBoxMinutes),
            phases: sprint.phases.map {
                .init(
                    id: $0.id, label: $0.label, day: $0.day, timeBoxMinutes: $0.timeBoxMinutes,
                    dayBegun: sprint.calendar.hasBegun(day: $0.day, at: now))
            },
            groups: groups, invites: nil, pitch: session.definition.pitch, rubric: session.definition.rubric,
            scale: session.definition.scale, jurors: session.definition.jurors)
        if case .facilitator = principal {
            state.invites = session.invites.map {
                .init(
                    id: $0.id, name: $0.name, role: $0.role, group: $0.groupId, jurorId: $0.jurorId,
                    revoked: $0.revokedAt != nil, online: online.contains($0.id))
            }
        }
        return state
    }

    /// Whether the board's group (its participants) may write it now.
    static func groupMayWrite(_ session: Session, board: BoardRecord) -> Bool {
        session.writeRefusal(.participant("probe", group: board.groupId), board: board) == nil
    }

    /// The invite list of a session.
    func invites(_ id: String) throws -> [InviteRecord] {
        try session(id).invites
    }

    /// The session a board belongs to, with the board.
    func board(_ boardID: String) -> (Session, BoardRecord)? {
        guard let sessionID = boardSessions[boardID], let session = sessions[sessionID],
            let board = session.boards.first(where: { $0.id == boardID })
        else { return nil }
        return (session, board)
    }

    // MARK: - Phase

    /// Runs a phase command; the change is saved with its audit line, then told live.
    func perform(_ command: PhaseCommand, on id: String, by principal: Principal) async throws -> SessionViews.State {
        var session = try session(id)
        guard principal.belongs(to: id) else { throw APIError(.forbidden, code: "forbidden", "not your session") }
        let now = clock.now
        let transition: PhaseTransition
        do {
            transition = try session.sprint.perform(command, by: principal.caller, at: now)
        } catch {
            throw APIError(error)
        }
        if transition.changed {
            try await save(&session, transition: transition, at: now)
        }
        return await view(of: session, for: principal)
    }

    private func save(_ session: inout Session, transition: PhaseTransition, at now: Date) async throws {
        let audit = transition.audit.map {
            AuditEntryRecord(
                sessionId: session.id, at: $0.at.epochMilliseconds, actor: $0.who.id, action: $0.action.rawValue,
                fromPhase: $0.from, toPhase: $0.to, reason: $0.reason)
        }
        session.lastTickAt = now
        try await database.saveSprint(
            sessionId: session.id, sprint: try Self.encode(session.sprint), lastTickAt: now.epochMilliseconds,
            audit: audit.map { [$0] } ?? [])
        sessions[session.id] = session
        logger.info(
            "phase changed",
            metadata: ["session": "\(session.id)", "from": "\(transition.from)", "to": "\(transition.to)"])
        await live.phaseChanged(
            session: await view(of: session, for: .facilitator), transition: transition,
            by: transition.audit?.who.id ?? "system", sessionId: session.id)
        await live.boardLocks(
            sessionId: session.id,
            boards: session.boards.map { (id: $0.id, writable: Self.groupMayWrite(session, board: $0)) })
    }

    /// Processes due time-box events of every session (called every second, and at start).
    func tick() async {
        let now = clock.now
        for id in sessions.keys {
            guard var session = sessions[id] else { continue }
            let since = session.lastTickAt
            let tick = session.sprint.processDue(since: since, now: now)
            for event in tick.events {
                await live.timer(sessionId: id, event: event, deadline: session.sprint.deadline, now: now)
            }
            for (group, pitch) in session.pitches {
                for event in pitch.dueEvents(since: since, now: now) {
                    await live.timer(
                        sessionId: id, event: event, deadline: pitch.timer?.deadline ?? now, now: now, scope: "pitch",
                        group: group)
                }
                for event in pitch.qaDueEvents(since: since, now: now) {
                    await live.timer(
                        sessionId: id, event: event, deadline: pitch.qaTimer?.deadline ?? now, now: now, scope: "qa",
                        group: group)
                }
            }
            if let transition = tick.transition, transition.changed {
                try? await save(&session, transition: transition, at: now)
            } else if !tick.events.isEmpty {
                session.lastTickAt = now
                sessions[id] = session
                try? await database.saveSprint(
                    sessionId: id, sprint: try Self.encode(session.sprint), lastTickAt: now.epochMilliseconds, audit: []
                )
            } else {
                session.lastTickAt = now
                sessions[id] = session
            }
        }
    }

    // MARK: - Invites

    /// Revokes an invite (its sockets are closed by the caller).
    func revoke(inviteID: String, in sessionID: String) async throws -> InviteRecord {
        var session = try session(sessionID)
        let now = clock.now.epochMilliseconds
        guard
            let invite = try await database.revokeInvite(
                inviteID, sessionId: sessionID, at: now,
                audit: AuditEntryRecord(
                    sessionId: sessionID, at: now, actor: "facilitator", action: "invite.revoke",
                    detail: #"{"invite":"\#(inviteID)"}"#))
        else { throw APIError.notFound("no invite \(inviteID)") }
        session.invites = session.invites.map { $0.id == inviteID ? invite : $0 }
        sessions[sessionID] = session
        return invite
    }

    /// Gives an invite a new token; the old one stops working.
    func reissue(inviteID: String, in sessionID: String) async throws -> SessionViews.IssuedInvite {
        var session = try session(sessionID)
        let now = clock.now.epochMilliseconds
        let token = FacilitatorToken.randomToken()
        guard
            let invite = try await database.reissueInvite(
                inviteID, sessionId: sessionID, tokenHash: FacilitatorToken.digest(of: token),
                audit: AuditEntryRecord(
                    sessionId: sessionID, at: now, actor: "facilitator", action: "invite.reissue",
                    detail: #"{"invite":"\#(inviteID)"}"#))
        else { throw APIError.notFound("no invite \(inviteID)") }
        session.invites = session.invites.map { $0.id == inviteID ? invite : $0 }
        sessions[sessionID] = session
        return .init(
            id: invite.id, name: invite.name, role: invite.role, group: invite.groupId, token: token,
            url: "\(publicURL)/join/\(token)")
    }

    // MARK: - Helpers

    static func encode(_ sprint: Sprint) throws -> String {
        String(decoding: try JSONEncoder.epochMilliseconds.encode(sprint), as: UTF8.self)
    }

}

extension JSONEncoder {
    /// Dates as epoch milliseconds, keys sorted.
    static var epochMilliseconds: JSONEncoder {
        let encoder = JSONEncoder()
        // Whole milliseconds, as every time in the API is (`askedAt`, `deadline`, …).
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.epochMilliseconds)
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONDecoder {
    /// Dates as epoch milliseconds.
    static var epochMilliseconds: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}

/// Random ids: a prefix and 16 characters of base32.
enum Identifiers {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + "_" + String((0..<16).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] })
    }
}

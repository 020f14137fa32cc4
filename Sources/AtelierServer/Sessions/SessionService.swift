import Foundation
import Logging
import Storage
import Workshop
import YCore

/// Every session of the server: the one place sessions change.
///
/// A change runs inside the store's transaction for that session (``change(_:_:)``): the
/// state is read as stored, the domain command applied, the result written with its audit
/// lines and artifacts, all before the caller hears of success. Two changes of one session
/// never interleave, whatever actor or node they come from, so no confirmed change is lost.
/// After the commit the service keeps the newest copy in memory for readers, pushes the
/// boards' write policies to their rooms, and tells the live channel what happened.
actor SessionService {
    let store: any AtelierStore
    let clock: any WallClock
    let live: LiveHub
    /// How long sessions and signed records are kept (the console shows when each goes).
    nonisolated let retention: RetentionRules
    private let rooms: any PolicySink
    private let publicURL: String
    private let logger: Logger
    private var sessions: [String: LoadedSession] = [:]
    private var boardSessions: [String: String] = [:]
    /// Boards of deleted sessions (tombstones): never served again, not even as ad-hoc boards.
    private var deletedBoards: Set<String> = []

    init(
        store: any AtelierStore, clock: any WallClock, live: LiveHub, rooms: any PolicySink, publicURL: String,
        retention: RetentionRules = .standard, logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.live = live
        self.retention = retention
        self.rooms = rooms
        self.publicURL = publicURL
        self.logger = logger
    }

    // MARK: - Loading

    /// Loads every stored session (at start). A session that cannot be read is logged and
    /// skipped; one whose numbers break today's limits is loaded with them brought inside.
    func loadAll() async throws {
        deletedBoards = try await store.deletedBoardIds()
        await rooms.retire(boards: Array(deletedBoards), reason: "the board was deleted")
        for record in try await store.sessions() {
            do {
                install(try await load(record))
            } catch {
                logger.error("session could not be loaded", metadata: ["session": "\(record.id)", "error": "\(error)"])
            }
        }
    }

    /// Decodes a stored session.
    private func load(_ record: SessionRecord) async throws -> LoadedSession {
        let definition = try Self.definition(from: record, logger: logger)
        let calendar = try definition.calendar(createdAt: Date(epochMilliseconds: record.createdAt))
        let invites = try await store.invites(sessionId: record.id)
        let state = Self.withCandidates(
            try SessionState.decode(Data(record.state.utf8), definition: definition, calendar: calendar),
            invites: invites)
        let boards = try await store.boards(sessionId: record.id)
        return LoadedSession(
            id: record.id, title: record.title, createdAt: record.createdAt, version: record.version,
            definition: definition, calendar: calendar, state: state, boards: boards, invites: invites)
    }

    /// The stored definition, brought within ``Limits`` (with a warning) when it breaks them.
    static func definition(from record: SessionRecord, logger: Logger) throws -> SessionDefinition {
        let decoded = try SessionDefinition.decode(from: Data(record.definition.utf8))
        let problems = decoded.problems()
        guard !problems.isEmpty else { return decoded }
        logger.warning(
            "stored session breaks today's limits; loaded with its numbers brought inside them",
            metadata: ["session": "\(record.id)", "problems": "\(problems.map(\.description))"])
        return decoded.clampedToLimits()
    }

    /// A state stored before candidates existed gets one per participant invite, with an id
    /// derived from the invite's (so it is the same at every load until it is stored).
    static func withCandidates(_ state: SessionState, invites: [InviteRecord]) -> SessionState {
        guard state.jury.candidates.isEmpty else { return state }
        var state = state
        state.jury.adopt(
            candidates: invites.compactMap { invite in
                guard invite.role == .participant, let group = invite.groupId else { return nil }
                return Candidate(id: "c_" + invite.id.dropFirst(2), invite: invite.id, group: group)
            })
        return state
    }

    private func install(_ session: LoadedSession) {
        if let current = sessions[session.id], current.version > session.version { return }
        sessions[session.id] = session
        for board in session.boards { boardSessions[board.id] = session.id }
    }

    // MARK: - Other nodes

    /// Closes this node's sockets of the people a change took access from: a revoked, reissued
    /// or erased invite (4401), a participant moved to another group (4403 on boards). The node
    /// that made the change closed its own; another node learns of it here.
    private func closeLostAccess(from previous: LoadedSession, to session: LoadedSession) async {
        for before in previous.invites {
            guard let after = session.invites.first(where: { $0.id == before.id }) else { continue }
            if after.revokedAt != nil && before.revokedAt == nil || after.tokenHash != before.tokenHash {
                let reason = after.revokedAt != nil ? "invite revoked" : "invite reissued"
                await rooms.disconnect(participant: after.id, code: .badToken, reason: reason)
                await live.disconnect(principal: after.id, reason: reason)
            } else if after.groupId != before.groupId {
                await rooms.disconnect(
                    participant: after.id, code: .forbidden, reason: "you were moved to another group")
            }
        }
    }

    /// Another node created or changed a session: load it when this node's copy is older,
    /// and give the rooms its policies.
    func refresh(_ id: String, version: Int64) async {
        if let cached = sessions[id], cached.version >= version { return }
        await reload(id)
    }

    /// Reads a session from the store and installs it if it is newer than the copy held.
    @discardableResult
    func reload(_ id: String) async -> LoadedSession? {
        do {
            guard let record = try await store.session(id) else {
                // Deleted by another node (its tombstones are in the store).
                if sessions[id] != nil, try await store.deletedBoardIds().isSuperset(of: boardIDs(of: id)) {
                    await forgetDeleted(id)
                }
                return sessions[id]
            }
            if let cached = sessions[id], cached.version >= record.version { return cached }
            let previous = sessions[id]
            install(try await load(record))
            guard let session = sessions[id] else { return nil }
            await rooms.apply(
                policies: Dictionary(uniqueKeysWithValues: session.boards.map { ($0.id, session.policy(for: $0)) }))
            if let previous { await closeLostAccess(from: previous, to: session) }
            return session
        } catch {
            logger.error("session could not be reloaded", metadata: ["session": "\(id)", "error": "\(error)"])
            return sessions[id]
        }
    }

    /// The session as it stands: the copy held on one node; read again from the store when
    /// several nodes share it (another may have changed it a moment ago).
    func current(_ id: String) async throws -> LoadedSession {
        if store is any ClusterStore, let fresh = await reload(id) { return fresh }
        return try session(id)
    }

    /// Every session as stored (after the cluster listener reconnected).
    func reloadAll() async {
        guard let records = try? await store.sessions() else { return }
        let stored = Set(records.map(\.id))
        for id in sessions.keys where !stored.contains(id) { await reload(id) }
        for record in records where (sessions[record.id]?.version ?? 0) < record.version {
            await reload(record.id)
        }
    }

    /// The policy of a board as its session stands in the store now (a room's append found
    /// the session changed by another node).
    func freshPolicy(forBoard boardID: String) async -> BoardWritePolicy {
        guard let sessionID = boardSessions[boardID] else { return .adHoc }
        await reload(sessionID)
        return policy(forBoard: boardID)
    }

    // MARK: - Deletion

    /// Deletes a session and everything of its own but its signed records (see
    /// ``SessionStore/deleteSession(_:at:)``), then closes its rooms and live channels; its
    /// board ids stay dead. Returns what the store removed (the caller lets go of the images).
    func delete(_ id: String) async throws -> SessionDeletion {
        let session = try session(id)
        let deletion: SessionDeletion
        do {
            deletion = try await store.deleteSession(id, at: clock.now.epochMilliseconds)
        } catch let error as StoreError where error.code == .notFound {
            // Another node deleted it first.
            await forgetDeleted(id)
            throw WorkshopError(.notFound, "no session \(id)")
        }
        await forgetDeleted(id, boards: deletion.boardIds)
        logger.notice(
            "session deleted",
            metadata: [
                "session": "\(id)", "title": "\(session.title)", "boards": "\(deletion.boardIds.count)",
                "images": "\(deletion.assetHashes.count)",
            ])
        return deletion
    }

    /// Forgets a deleted session (here or on another node): its boards become tombstones, its
    /// rooms and live channels close (4404).
    func forgetDeleted(_ id: String, boards: [String]? = nil) async {
        let boards = boards ?? boardIDs(of: id)
        sessions[id] = nil
        for board in boards {
            boardSessions[board] = nil
            deletedBoards.insert(board)
        }
        await live.disconnect(sessionId: id, code: .unknownBoard, reason: "the session was deleted")
        await rooms.retire(boards: boards, reason: "the session was deleted")
    }

    /// When the retention rules delete this session (nil when sessions are kept for ever).
    nonisolated func purgeAt(_ session: LoadedSession) -> Date? {
        retention.sessionPurge(
            endsAt: session.definition.sprintEnd(in: session.calendar),
            createdAt: Date(epochMilliseconds: session.createdAt), datesMovedAt: session.state.datesMovedAt)
    }

    /// Whether a board belonged to a deleted session.
    func isDeleted(board boardID: String) -> Bool {
        deletedBoards.contains(boardID)
    }

    private func boardIDs(of sessionID: String) -> [String] {
        sessions[sessionID]?.boards.map(\.id) ?? []
    }

    // MARK: - Creation

    /// Creates a session from a definition: boards (each with its `meta` written through YCore
    /// and committed before the answer), invites with fresh tokens, the sprint in its first phase.
    func create(definitionJSON: Data) async throws -> SessionViews.Created {
        let definition = try SessionDefinition.load(from: definitionJSON)
        let now = clock.now
        let calendar = try definition.calendar(createdAt: now)
        let id = Identifiers.make("s")
        var invites: [InviteRecord] = []
        var issued: [SessionViews.IssuedInvite] = []
        var candidates: [Candidate] = []
        for invitee in definition.invitees {
            let token = FacilitatorToken.randomToken()
            let invite = InviteRecord(
                id: Identifiers.make("i"), sessionId: id, tokenHash: FacilitatorToken.digest(of: token),
                name: invitee.name, role: invitee.role, groupId: invitee.group, jurorId: invitee.jurorId,
                createdAt: now.epochMilliseconds)
            invites.append(invite)
            issued.append(.init(invite, token: token, publicURL: publicURL))
            if invitee.role == .participant, let group = invitee.group {
                candidates.append(Candidate(id: Identifiers.make("c"), invite: invite.id, group: group))
            }
        }
        let state = SessionState(definition: definition, calendar: calendar, candidates: candidates, at: now)
        var boards: [BoardRecord] = []
        var groups: [SessionViews.CreatedGroup] = []
        for group in definition.groups {
            var created: [SessionViews.CreatedBoard] = []
            for kind in group.boardKinds {
                let board = BoardRecord(id: Identifiers.make("b"), sessionId: id, groupId: group.id, kind: kind)
                boards.append(board)
                created.append(.init(id: board.id, kind: kind.rawValue))
            }
            let members = candidates.filter { $0.group == group.id }.map { candidate in
                SessionViews.CandidateRef(
                    id: candidate.id, name: invites.first { $0.id == candidate.invite }?.name ?? candidate.id)
            }
            groups.append(.init(id: group.id, name: group.name, boards: created, candidates: members))
        }
        let record = SessionRecord(
            id: id, title: definition.title, definition: String(decoding: definitionJSON, as: UTF8.self),
            state: String(decoding: try state.encoded(), as: UTF8.self), createdAt: now.epochMilliseconds)
        try await store.createSession(
            record, boards: boards, invites: invites,
            audit: [
                AuditEntryRecord(
                    sessionId: id, at: now.epochMilliseconds, actor: "facilitator", action: "session.create",
                    toPhase: state.sprint.currentPhase.id)
            ])
        // Each board starts with its `meta` (kind, title, group), written by the server.
        for board in boards {
            let meta = BoardMeta.update(
                kind: board.kind.rawValue, title: "\(definition.groupName(board.groupId)) — \(board.kind.rawValue)",
                group: board.groupId)
            _ = try await store.append(
                NewBoardUpdate(
                    boardId: board.id, data: meta.update, sender: Room.serverSender,
                    phase: state.sprint.currentPhase.id, createdAt: now.epochMilliseconds))
            _ = try await store.bindClient(boardId: board.id, clientId: meta.clientID, participant: Room.serverSender)
        }
        install(
            LoadedSession(
                id: id, title: definition.title, createdAt: now.epochMilliseconds, version: record.version,
                definition: definition, calendar: calendar, state: state, boards: boards, invites: invites))
        logger.info("session created", metadata: ["session": "\(id)", "boards": "\(boards.count)"])
        return .init(
            id: id, title: definition.title, phase: state.sprint.currentPhase.id, groups: groups, invites: issued)
    }

    // MARK: - Reading

    /// The session, or 404.
    func session(_ id: String) throws(WorkshopError) -> LoadedSession {
        guard let session = sessions[id] else { throw WorkshopError(.notFound, "no session \(id)") }
        return session
    }

    /// The session, or 404; 403 unless `principal` belongs to it.
    func session(_ id: String, for principal: Principal) throws(WorkshopError) -> LoadedSession {
        let session = try session(id)
        guard principal.belongs(to: id) else { throw WorkshopError(.forbidden, "not your session") }
        return session
    }

    /// Every session, newest first.
    func all() -> [LoadedSession] {
        sessions.values.sorted { $0.createdAt > $1.createdAt }
    }

    /// The session a board belongs to, with the board; nil for a board outside every session.
    func board(_ boardID: String) -> (LoadedSession, BoardRecord)? {
        guard let sessionID = boardSessions[boardID], let session = sessions[sessionID],
            let board = session.board(boardID)
        else { return nil }
        return (session, board)
    }

    /// The write policy of a board (for a room being loaded): its session's, or the ad-hoc
    /// policy of a board outside every session.
    func policy(forBoard boardID: String) -> BoardWritePolicy {
        guard let (session, board) = board(boardID) else { return .adHoc }
        return session.policy(for: board)
    }

    // MARK: - Changes

    /// Runs `body` on the session's state inside the store transaction that reads and writes
    /// it; returns `body`'s result and the session as committed. `body` sees the state as
    /// stored, never a stale copy; what it throws leaves everything unchanged. `actor` names
    /// who changes it in the audit lines `body` writes (`facilitator`, a co-facilitator's
    /// invite id, or `system`).
    @discardableResult
    func change<Value: Sendable>(
        _ id: String, by actor: String = "system", whileArchived: Bool = false,
        _ body: @escaping @Sendable (inout SessionChange) throws -> Value
    ) async throws -> (value: Value, session: LoadedSession) {
        let cached = try session(id)
        let now = clock.now
        let logger = self.logger
        let commit: SessionCommit<(Value, SessionState, SessionOutcome, SessionDefinition)>
        do {
            commit = try await store.modifySession(id) { transaction in
                // The stored row is the truth; the cached copy saves a decode when it is that row.
                let state: SessionState
                let definition: SessionDefinition
                if transaction.stored.version == cached.version {
                    (state, definition) = (cached.state, cached.definition)
                } else {
                    definition = try Self.definition(from: transaction.stored, logger: logger)
                    state = Self.withCandidates(
                        try SessionState.decode(
                            Data(transaction.stored.state.utf8), definition: definition, calendar: cached.calendar),
                        invites: transaction.invites)
                }
                var change = SessionChange(
                    sessionId: id, actor: actor, state: state, definition: definition, invites: transaction.invites,
                    now: now)
                let value = try body(&change)
                if change.definition != definition {
                    let problems = change.definition.problems()
                    if let first = problems.first { throw first }
                    transaction.definition = String(
                        decoding: try JSONEncoder.epochMilliseconds.encode(change.definition), as: UTF8.self)
                    // The days follow the definition (dates moved), from the session's creation.
                    change.state.conform(
                        to: change.definition,
                        calendar: try change.definition.calendar(createdAt: Date(epochMilliseconds: cached.createdAt)))
                }
                if change.state != state {
                    transaction.state = String(decoding: try change.state.encoded(), as: UTF8.self)
                }
                transaction.audit = change.outcome.audit.map { AuditEntryRecord($0, sessionId: id) } + change.auditLines
                transaction.artifacts = change.artifacts
                transaction.inviteChanges = change.inviteChanges
                transaction.expectedBoardHeads = change.expectedBoardHeads
                // An archived session refuses every change that would write but unarchiving; what
                // `body` refused it refuses first (a closed record says so before an archive does).
                if state.archivedAt != nil, !whileArchived, transaction.hasChanges {
                    throw WorkshopError(.archived, "the session is archived: unarchive it to change it")
                }
                return (value, change.state, change.outcome, change.definition)
            }
        } catch let error as StoreError where error.code == .notFound {
            throw WorkshopError(.notFound, "no session \(id)")
        }
        let (value, state, outcome, definition) = commit.value
        guard commit.changed else {
            // Nothing written, but another node may have changed the session since it was cached.
            if commit.session.version > cached.version { await reload(id) }
            return (value, sessions[id] ?? cached)
        }
        let invites = try await store.invites(sessionId: id)
        let committed = cached.with(
            state: state, version: commit.session.version, invites: invites,
            definition: definition == cached.definition ? nil : definition, calendar: state.sprint.calendar)
        install(committed)
        await publish(outcome, of: sessions[id] ?? committed)
        return (value, committed)
    }

    /// After a commit: the rooms get the newest policies, the live channel the events; a phase
    /// move stores a checkpoint of every board of the session (as it stood when the phase ended).
    private func publish(_ outcome: SessionOutcome, of session: LoadedSession) async {
        await rooms.apply(
            policies: Dictionary(uniqueKeysWithValues: session.boards.map { ($0.id, session.policy(for: $0)) }))
        for event in outcome.events {
            // A restarted time box (the same phase) ends nothing: no checkpoint.
            if case .phaseMoved(let transition) = event, transition.from != transition.to {
                await checkpoint(session, label: "end of \(transition.from)", phase: transition.from)
            }
            await live.tell(event, in: session, now: clock.now)
        }
    }

    /// Stores the state of every board of a session (or of `only` these) as a checkpoint (a
    /// phase move, or a facilitator's named checkpoint); returns what was stored. A board that
    /// cannot be read is logged and skipped.
    @discardableResult
    func checkpoint(
        _ session: LoadedSession, label: String, phase: String, boards only: Set<String>? = nil, by: String? = nil
    ) async -> [ArtifactRecord] {
        let now = clock.now.epochMilliseconds
        var artifacts: [ArtifactRecord] = []
        for board in session.boards where only?.contains(board.id) ?? true {
            do {
                let (state, head) = try await rooms.state(ofBoard: board.id)
                var meta = CheckpointMeta(
                    label: label, phase: phase, boardId: board.id, kind: board.kind.rawValue, by: by)
                // Taken while private: what the participants may read of it is split like the board.
                if let since = session.policy(for: board).privateSince {
                    meta.privateSince = since
                    meta.through = head
                }
                artifacts.append(
                    ArtifactRecord(
                        sessionId: session.id, kind: .checkpoint, key: board.id, createdAt: now,
                        meta: String(decoding: try JSONEncoder().encode(meta), as: UTF8.self), data: Data(state)))
            } catch {
                logger.error("checkpoint failed", metadata: ["board": "\(board.id)", "error": "\(error)"])
            }
        }
        do {
            return try await store.addArtifacts(artifacts)
        } catch {
            logger.error("checkpoints not stored", metadata: ["session": "\(session.id)", "error": "\(error)"])
            return []
        }
    }

    /// Processes due time-box and pitch events of every session (every second, and at start).
    /// A session is changed only when something is due, so idle sessions write nothing.
    func tick() async {
        let now = clock.now
        for session in sessions.values where session.state.hasDueEvents(at: now) {
            do {
                try await change(session.id) { change in
                    change.outcome.append(change.state.tick(at: change.now))
                }
            } catch {
                logger.error("timer tick failed", metadata: ["session": "\(session.id)", "error": "\(error)"])
            }
        }
    }

    /// The public base of invite links, without a trailing slash.
    var linkBase: String { publicURL }
}

/// What a command sees and changes inside the session's transaction.
struct SessionChange: Sendable {
    /// The session.
    let sessionId: String
    /// Who changes it, as audit lines name them (`facilitator`, an invite id, `system`).
    let actor: String
    /// The state as stored, to change.
    var state: SessionState
    /// The definition (people and group names may change while the session runs).
    var definition: SessionDefinition
    /// The invites as stored.
    let invites: [InviteRecord]
    /// The instant of the change.
    let now: Date
    /// Events and audit records of the change.
    var outcome = SessionOutcome()
    /// Audit lines that are not domain records (invites, quarantine).
    var auditLines: [AuditEntryRecord] = []
    /// Artifacts to store with the change.
    var artifacts: [ArtifactRecord] = []
    /// Invites to insert or replace.
    var inviteChanges: [InviteRecord] = []
    /// Boards whose head must not have moved for the change to commit (a pitch's frozen deck).
    var expectedBoardHeads: [String: Int64] = [:]
}

/// The boards' rooms as the sessions see them: they take write policies and give states.
protocol PolicySink: Sendable {
    /// Gives each loaded room of these boards its new policy.
    func apply(policies: [String: BoardWritePolicy]) async
    /// Closes the rooms of deleted boards and never opens them again.
    func retire(boards: [String], reason: String) async
    /// Closes a person's board sockets on this node.
    func disconnect(participant: String, code: CloseCode, reason: String) async
    /// A board's state as one update (from its room when loaded, else from the store), and the
    /// newest committed update position it covers.
    func state(ofBoard boardID: String) async throws -> (state: [UInt8], head: Int64)
}

/// What a checkpoint artifact says about itself.
struct CheckpointMeta: Codable, Sendable {
    /// `end of <phase>`, or the facilitator's name for it.
    var label: String
    /// The phase that ended (or the phase in force, for a named checkpoint).
    var phase: String
    var boardId: String
    var kind: String
    /// Who took it (a facilitator's id); absent for the checkpoints of phase moves.
    var by: String?
    /// The position the board went private at, when it was taken while private; until the
    /// reveal, a reader who does not see everything reads it as their sync gives the board.
    var privateSince: Int64?
    /// The newest committed update position it covers (taken while private).
    var through: Int64?
}

extension AuditEntryRecord {
    /// A domain audit record as a stored line.
    init(_ record: AuditRecord, sessionId: String) {
        self.init(
            sessionId: sessionId, at: record.at.epochMilliseconds, actor: record.who.id, action: record.action.rawValue,
            fromPhase: record.from, toPhase: record.to, reason: record.reason,
            detail: record.group.map { #"{"group":"\#($0)"}"# })
    }
}

extension SessionViews.IssuedInvite {
    /// An invite with its token, shown once, its link under `publicURL`.
    init(_ invite: InviteRecord, token: String, publicURL: String) {
        self.init(
            id: invite.id, name: invite.name, role: invite.role.rawValue, group: invite.groupId, token: token,
            url: "\(publicURL)/join/\(token)")
    }
}

extension SessionDefinition {
    /// A group's name, or its id.
    func groupName(_ id: String) -> String {
        groups.first { $0.id == id }?.name ?? id
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

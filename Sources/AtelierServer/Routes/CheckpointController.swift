import Foundation
import Hummingbird
import Storage
import Workshop
import YCore

/// A board's checkpoints (docs/API.md, "Checkpoints"): the ones stored at each phase move and
/// the ones a facilitator names, each readable as it was, compared with another or with now,
/// and restored (a new update on top of the history, audited).
struct CheckpointController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let boards: BoardController

    func addRoutes(to router: Router<some RequestContext>) {
        let board = router.group("/api/v1/boards/{boardId}/checkpoints")
        board.get(use: list)
        board.post(use: create)
        board.get("/{cpId}/export.json", use: export)
        board.get("/{cpId}/compare", use: compare)
        board.post("/{cpId}/restore", use: restore)
        router.post("/api/v1/sessions/{id}/checkpoints", use: createForSession)
    }

    /// A checkpoint artifact of the board, or 404.
    private func checkpoint(_ raw: String, of boardID: String) async throws -> ArtifactRecord {
        guard
            let artifact = try await sessions.store.artifacts(kind: .checkpoint, key: boardID).first(where: {
                "\($0.id ?? 0)" == raw
            })
        else { throw APIError.notFound("no checkpoint \(raw) of this board") }
        return artifact
    }

    /// A checkpoint as the caller may read it, as a history to replay: as taken; but taken while
    /// the board is still private, as the caller's sync gives the board (a facilitator's: all).
    private func history(of artifact: ArtifactRecord, for readable: BoardController.Readable) async throws
        -> [[UInt8]]
    {
        let taken = [[UInt8](artifact.data)]
        let caller = readable.principal.caller
        guard let meta = CheckpointMeta(decoding: artifact), let since = meta.privateSince,
            let through = meta.through, let (session, board) = readable.session, !Room.seesAll(caller)
        else { return taken }
        let policy = session.policy(for: board)
        // Revealed since: everything it holds has reached everyone.
        guard policy.privateSince == since else { return taken }
        let stored = try await sessions.store.load(boardId: board.id)
        return try Room.history(of: stored, through: through, policy: policy, visibleTo: caller)
    }

    /// A session's board the caller facilitates (403 otherwise; boards outside sessions have none).
    private func facilitatedBoard(_ request: Request, _ context: some RequestContext) async throws
        -> (session: LoadedSession, board: BoardRecord, principal: Principal)
    {
        guard let facilitated = try await boards.facilitated(request, context) else {
            throw APIError(.conflict, code: "no-session", "a board outside sessions has no checkpoints")
        }
        return facilitated
    }

    /// `GET /api/v1/boards/{boardId}/checkpoints`: the board's checkpoints, oldest first.
    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let boardID = try await boards.readableBoard(request, context)
        let list = try await sessions.store.artifacts(kind: .checkpoint, key: boardID).map(CheckpointView.init)
        return try JSONBody.response(["checkpoints": list])
    }

    /// `POST /api/v1/boards/{boardId}/checkpoints` `{"label"}`: a facilitator's named checkpoint
    /// of the board as it stands → 201.
    @Sendable func create(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, board, principal) = try await facilitatedBoard(request, context)
        let body = try await JSONBody.request(CheckpointRequest.self, from: request)
        let stored = try await take(body.label, of: session, boards: [board.id], by: principal)
        return try JSONBody.response(stored[0], status: .created)
    }

    /// `POST /api/v1/sessions/{id}/checkpoints` `{"label"}`: a named checkpoint of every board of
    /// the session → 201 `{"checkpoints": [...]}` (each with its board).
    @Sendable func createForSession(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let session = try await sessions.session(id, for: principal)
        let body = try await JSONBody.request(CheckpointRequest.self, from: request)
        let stored = try await take(body.label, of: session, boards: nil, by: principal)
        return try JSONBody.response(["checkpoints": stored], status: .created)
    }

    /// Audits and stores a named checkpoint of some boards (all: nil); returns what was stored
    /// (500 when nothing could be).
    private func take(_ label: String, of session: LoadedSession, boards: Set<String>?, by principal: Principal)
        async throws -> [CheckpointView]
    {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Limits.maxNameLength).contains(label.count) else {
            throw WorkshopError(.invalidEntry, "a checkpoint's label has 1 to \(Limits.maxNameLength) characters")
        }
        let caller = principal.caller
        // Audited first: a session that refuses changes (archived) refuses the checkpoint too.
        try await sessions.change(session.id) { change in
            change.outcome.audit.append(
                AuditRecord(
                    who: caller, action: .checkpointCreate, to: label,
                    reason: boards.map { $0.sorted().joined(separator: ", ") }, at: change.now))
        }
        let stored = await sessions.checkpoint(
            session, label: label, phase: session.state.sprint.currentPhase.id, boards: boards, by: caller.id)
        guard !stored.isEmpty else {
            throw APIError(.internalServerError, code: "not-stored", "the checkpoint could not be stored")
        }
        return stored.map(CheckpointView.init)
    }

    /// `GET …/checkpoints/{cpId}/export.json`: the board as it was (as the caller could read it).
    @Sendable func export(_ request: Request, context: some RequestContext) async throws -> Response {
        let readable = try await boards.readable(request, context)
        let artifact = try await checkpoint(context.parameters.get("cpId") ?? "", of: readable.boardID)
        let document = try BoardDocument(history: try await history(of: artifact, for: readable))
        return BoardController.json(document.doc.toJSON().serialized())
    }

    /// `GET …/checkpoints/{cpId}/compare?to=now|{cpId}`: what changed from the checkpoint to now
    /// (or to another checkpoint), per zone, both as the caller may read them.
    @Sendable func compare(_ request: Request, context: some RequestContext) async throws -> Response {
        let readable = try await boards.readable(request, context)
        let boardID = readable.boardID
        let caller = readable.principal.caller
        let from = try await checkpoint(context.parameters.get("cpId") ?? "", of: boardID)
        let target = request.uri.queryParameters.get("to") ?? "now"
        let before = try BoardDocument(history: try await history(of: from, for: readable))
        let after: BoardDocument
        if target == "now" {
            after = try BoardDocument(
                history: try await hub.withRoom(boardID) { try await $0.history(visibleTo: caller) })
        } else {
            after = try BoardDocument(
                history: try await history(of: try await checkpoint(target, of: boardID), for: readable))
        }
        return try JSONBody.response(
            BoardHistory.compare(before.doc, after.doc, from: "\(from.id ?? 0)", to: target))
    }

    /// `POST …/checkpoints/{cpId}/restore` `{"saveAs"?}` (a facilitator): the board as it stands
    /// is saved as a checkpoint (`saveAs`, by default "before restoring “…”"), then becomes what
    /// it was, written as a new update on top of its history (audited) → 200 with what the
    /// restore changed and the checkpoint saved. Refused (409 `board-private`) while the board is
    /// private: the restore would rewrite withheld work that the others' boards do not have.
    @Sendable func restore(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, board, principal) = try await facilitatedBoard(request, context)
        let artifact = try await checkpoint(context.parameters.get("cpId") ?? "", of: board.id)
        let body = try await JSONBody.request(RestoreRequest.self, from: request, emptyAllowed: true)
        let label = CheckpointMeta(decoding: artifact)?.label ?? "\(artifact.id ?? 0)"
        let caller = principal.caller
        // Refused like any write of the facilitator's (an archived session), before anything is written.
        if let refusal = session.policy(for: board).writeRefusal(for: caller) {
            throw APIError(.conflict, code: refusal.code.rawValue, refusal.message)
        }
        if session.policy(for: board).privateSince != nil {
            throw APIError(
                .conflict, code: "board-private", "the board is private: reveal it before restoring a checkpoint")
        }
        let saved = try await take(
            body.saveAs ?? "before restoring “\(label.prefix(150))”", of: session, boards: [board.id], by: principal)
        let past = [UInt8](artifact.data)
        let before = try BoardDocument(history: [try await hub.withRoom(board.id) { try await $0.encodedState() }])
        let sessions = self.sessions
        let sessionID = session.id
        try await hub.withRoom(board.id) { room in
            try await room.writeAsServer { BoardHistory.restoreEdit(to: past) }
            // Votes on the items as restored are the vote API's (its dots on items still there).
            if board.kind.votes {
                try await room.writeAsServer {
                    Room.votesEdit(try await sessions.current(sessionID).state.votes[board.id])
                }
            }
        }
        try await sessions.change(session.id) { change in
            change.outcome.audit.append(
                AuditRecord(
                    who: caller, action: .checkpointRestore, from: label, to: board.id, group: board.groupId,
                    at: change.now))
        }
        let after = try BoardDocument(history: [try await hub.withRoom(board.id) { try await $0.encodedState() }])
        return try JSONBody.response(
            RestoreAnswer(
                restored: BoardHistory.compare(before.doc, after.doc, from: "now", to: "\(artifact.id ?? 0)"),
                saved: saved.first))
    }
}

/// `POST …/restore`: empty, or `{"saveAs": …}` (the label of the board saved first).
struct RestoreRequest: StrictRequest {
    var saveAs: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case saveAs }
    typealias Fields = CodingKeys
}

/// What a restore answers: what it changed, and the checkpoint of the board before it.
struct RestoreAnswer: Codable, Sendable {
    var restored: BoardHistory.Comparison
    var saved: CheckpointView?
}

/// `POST …/checkpoints`: `{"label": …}`.
struct CheckpointRequest: StrictRequest {
    var label: String
    enum CodingKeys: String, CodingKey, CaseIterable { case label }
    typealias Fields = CodingKeys
}

/// One checkpoint in `GET …/checkpoints` and the answers that create them.
struct CheckpointView: Codable, Sendable {
    var id: String
    var label: String
    var phase: String
    var createdAt: Int64
    /// The board it is of.
    var board: String
    /// Who named it (absent for a phase move's).
    var by: String?

    init(_ artifact: ArtifactRecord) {
        let meta = CheckpointMeta(decoding: artifact)
        id = "\(artifact.id ?? 0)"
        label = meta?.label ?? ""
        phase = meta?.phase ?? ""
        createdAt = artifact.createdAt
        board = artifact.key
        by = meta?.by
    }
}

extension CheckpointMeta {
    /// The meta of a stored checkpoint.
    init?(decoding artifact: ArtifactRecord) {
        guard let meta = try? JSONDecoder().decode(CheckpointMeta.self, from: Data(artifact.meta.utf8)) else {
            return nil
        }
        self = meta
    }
}

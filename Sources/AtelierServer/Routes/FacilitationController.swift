import Foundation
import Hummingbird
import Logging
import Storage
import Workshop

/// Running the room (docs/API.md, "Facilitation"): activity timers, follow-me, and votes
/// counted by the server. Every command is one change of the session, answered once durable;
/// a vote then writes the board's counts as the server.
struct FacilitationController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let live: LiveHub
    let boards: BoardController

    func addRoutes(to router: Router<some RequestContext>) {
        let session = router.group("/api/v1/sessions/{id}")
        session.get("/timers", use: timers)
        session.post("/timers", use: startTimer)
        session.post("/timers/{timerId}/pause") { try await changeTimer($0, $1) { _ in .pause } }
        session.post("/timers/{timerId}/resume") { try await changeTimer($0, $1) { _ in .resume } }
        session.post("/timers/{timerId}/stop") { try await changeTimer($0, $1) { _ in .stop } }
        session.post("/timers/{timerId}/add") { request, context in
            try await changeTimer(request, context) { request in
                let body = try await JSONBody.request(AddTimeRequest.self, from: request, emptyAllowed: true)
                return .add(seconds: body.seconds ?? 60)
            }
        }
        session.post("/follow", use: lead)
        session.post("/follow/stop", use: endLead)
        let board = router.group("/api/v1/boards/{boardId}")
        board.get("/votes", use: votes)
        board.post("/votes", use: vote)
        board.delete("/votes/{itemId}", use: withdraw)
        board.post("/vote", use: setVote)
        board.post("/vote/reset", use: resetVote)
        board.post("/mode", use: mode)
    }

    // MARK: - Activity timers

    /// `GET …/timers`: the activity timers the caller is shown.
    @Sendable func timers(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        let now = Date(epochMilliseconds: live.now)
        return try JSONBody.response([
            "timers": session.state.activityTimers(for: principal.caller).map {
                SessionViews.ActivityTimerView($0, stopped: false, at: now)
            }
        ])
    }

    /// `POST …/timers` `{"label", "seconds", "group"?}` → 201 with the timer.
    @Sendable func startTimer(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        let body = try await JSONBody.request(TimerRequest.self, from: request)
        let id = Identifiers.make("t")
        let caller = principal.caller
        let (timer, _) = try await sessions.change(session.id) { change in
            let (timer, outcome) = try change.state.startActivityTimer(
                id: id, label: body.label, seconds: body.seconds, group: body.group, by: caller, at: change.now)
            change.outcome.append(outcome)
            return timer
        }
        return try JSONBody.response(
            SessionViews.ActivityTimerView(timer, stopped: false, at: Date(epochMilliseconds: live.now)),
            status: .created)
    }

    /// `POST …/timers/{timerId}/pause|resume|add|stop` → 200 with the timer.
    private func changeTimer(
        _ request: Request, _ context: some RequestContext,
        _ command: @Sendable (Request) async throws -> SessionState.TimerCommand
    ) async throws -> Response {
        let principal = try await authenticator.require(request)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        let id = context.parameters.get("timerId") ?? ""
        let command = try await command(request)
        let caller = principal.caller
        let (timer, _) = try await sessions.change(session.id) { change in
            let (timer, outcome) = try change.state.changeActivityTimer(id, command, by: caller, at: change.now)
            change.outcome.append(outcome)
            return timer
        }
        let stopped = command == .stop
        return try JSONBody.response(
            SessionViews.ActivityTimerView(timer, stopped: stopped, at: Date(epochMilliseconds: live.now)))
    }

    // MARK: - Follow me

    /// `POST …/follow` `{"board", "view": {"x", "y", "zoom"}, "group"?}`: brings the session or
    /// a group to a board and a view → 200 with the lead.
    @Sendable func lead(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        let body = try await JSONBody.request(FollowRequest.self, from: request)
        guard let board = session.board(body.board) else {
            throw WorkshopError(.notFound, "no board \(body.board) in this session")
        }
        let caller = principal.caller
        let (lead, committed) = try await sessions.change(session.id) { change in
            let (lead, outcome) = try change.state.lead(
                to: board.id, kind: board.kind.rawValue, view: body.view, group: body.group, by: caller, at: change.now)
            change.outcome.append(outcome)
            return lead
        }
        return try JSONBody.response(SessionViews.Lead(lead, in: committed))
    }

    /// `POST …/follow/stop` `{"group"?}`: lets the session (or a group) go → 204.
    @Sendable func endLead(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        let body = try await JSONBody.request(EndFollowRequest.self, from: request, emptyAllowed: true)
        let caller = principal.caller
        try await sessions.change(session.id) { change in
            change.outcome.append(try change.state.endLead(group: body.group, by: caller))
        }
        return Response(status: .noContent)
    }

    // MARK: - Votes

    /// The board, its session and the caller, if the caller may read the board (else 403/404).
    private func votingBoard(_ request: Request, _ context: some RequestContext) async throws
        -> (session: LoadedSession, board: BoardRecord, principal: Principal)
    {
        let readable = try await boards.readable(request, context)
        guard let (session, board) = readable.session else {
            throw APIError.notFound("no board \(readable.boardID) in any session")
        }
        guard board.kind.votes else {
            throw APIError(.conflict, code: "no-votes", "a \(board.kind.rawValue) board takes no votes")
        }
        return (session, board, readable.principal)
    }

    /// Refuses a caller who may not vote on the board now: only its group's participants
    /// vote (403), while the board is writable for them (409 with the lock's code).
    private static func requireVoter(_ caller: Caller, on board: BoardRecord, in session: LoadedSession) throws {
        guard caller.role == .participant else {
            throw WorkshopError(.notAllowed, "participants vote; a \(caller.role.rawValue) does not")
        }
        if let refusal = session.policy(for: board).writeRefusal(for: caller) {
            throw APIError(
                refusal.code == .notYourGroup ? .forbidden : .conflict, code: refusal.code.rawValue, refusal.message)
        }
    }

    /// `GET /api/v1/boards/{boardId}/votes`: the settings, the caller's dots, the counts when shown.
    @Sendable func votes(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, board, principal) = try await votingBoard(request, context)
        let vote = session.state.vote(onBoard: board.id, definition: session.definition)
        let visible = try await visibleItems(of: board, in: session, to: principal.caller)
        return try JSONBody.response(SessionViews.Votes(vote, board: board.id, for: principal.caller, visible: visible))
    }

    /// The items of a private board that `caller` may see (their sync's), or nil when they see
    /// every item: the others' withheld notes are not named to them, nor voted on.
    private func visibleItems(of board: BoardRecord, in session: LoadedSession, to caller: Caller) async throws
        -> Set<String>?
    {
        guard session.policy(for: board).privateSince != nil, !Room.seesAll(caller) else { return nil }
        return try await hub.withRoom(board.id) { try await $0.itemIDs(visibleTo: caller) }
    }

    /// `POST …/votes` `{"item"}`: a participant's dot on an item of the board → 201 (200 when
    /// it was there already); 409 `vote-budget` past the budget.
    @Sendable func vote(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, board, principal) = try await votingBoard(request, context)
        let body = try await JSONBody.request(VoteRequest.self, from: request)
        let caller = principal.caller
        try Self.requireVoter(caller, on: board, in: session)
        // An item the caller cannot see (another's withheld note) is as unknown as no item.
        guard try await hub.withRoom(board.id, { try await $0.itemIDs(visibleTo: caller) }).contains(body.item) else {
            throw APIError.notFound("no item \(body.item) on this board")
        }
        return try await changeVotes(of: board, in: session, for: caller, logger: context.logger) { change in
            let (added, outcome) = try change.state.castVote(
                item: body.item, board: board.id, by: caller, definition: change.definition)
            change.outcome.append(outcome)
            return added ? .created : .ok
        }
    }

    /// `DELETE …/votes/{itemId}`: takes back the caller's dot → 200; 404 `no-vote` without one.
    @Sendable func withdraw(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, board, principal) = try await votingBoard(request, context)
        let item = context.parameters.get("itemId") ?? ""
        let caller = principal.caller
        try Self.requireVoter(caller, on: board, in: session)
        return try await changeVotes(of: board, in: session, for: caller, logger: context.logger) { change in
            change.outcome.append(
                try change.state.withdrawVote(item: item, board: board.id, by: caller, definition: change.definition))
            return .ok
        }
    }

    /// `POST …/vote` `{"anonymous"?, "budget"?, "reveal"?}` (a facilitator) → 200 with the votes.
    @Sendable func setVote(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, board, principal) = try await votingBoard(request, context)
        let body = try await JSONBody.request(VoteSettingsRequest.self, from: request)
        let caller = principal.caller
        return try await changeVotes(of: board, in: session, for: caller, logger: context.logger) { change in
            change.outcome.append(
                try change.state.setVote(
                    board: board.id, anonymous: body.anonymous, budget: body.budget, reveal: body.reveal, by: caller,
                    definition: change.definition, at: change.now))
            return .ok
        }
    }

    /// `POST …/vote/reset` (a facilitator): clears the board's votes → 200 with the votes.
    @Sendable func resetVote(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, board, principal) = try await votingBoard(request, context)
        let caller = principal.caller
        return try await changeVotes(of: board, in: session, for: caller, logger: context.logger) { change in
            change.outcome.append(
                try change.state.resetVote(board: board.id, by: caller, definition: change.definition, at: change.now))
            return .ok
        }
    }

    /// Runs a change of a board's votes (`body` answers the status), then writes the board's
    /// counts as the session then stands — read again on each attempt, so concurrent votes, on
    /// this node or another, end with the board saying the last — and answers with the votes
    /// as the caller sees them.
    private func changeVotes(
        of board: BoardRecord, in session: LoadedSession, for caller: Caller, logger: Logger,
        _ body: @escaping @Sendable (inout SessionChange) throws -> HTTPResponse.Status
    ) async throws -> Response {
        let (status, committed) = try await sessions.change(session.id, body)
        // The vote is recorded: the answer is the recorded vote whether or not the counts
        // could be written — every later write carries the counts as they stand.
        await writeVotes(on: board, of: session.id, logger: logger)
        let vote = committed.state.vote(onBoard: board.id, definition: committed.definition)
        let visible = try await visibleItems(of: board, in: session, to: caller)
        return try JSONBody.response(
            SessionViews.Votes(vote, board: board.id, for: caller, visible: visible), status: status)
    }

    /// Writes the board's counts as the session then stands. A write that fails (on several
    /// nodes, a store error under contention closes the room) is tried again on the room as it
    /// is then.
    private func writeVotes(on board: BoardRecord, of sessionID: String, logger: Logger) async {
        let sessions = self.sessions
        for attempt in 1...3 {
            do {
                _ = try await hub.withRoom(board.id) { room in
                    try await room.writeAsServer {
                        Room.votesEdit(try await sessions.current(sessionID).state.votes[board.id])
                    }
                }
                break
            } catch {
                logger.warning(
                    "the board's vote counts could not be written; the vote stands",
                    metadata: ["board": "\(board.id)", "attempt": "\(attempt)", "error": "\(error)"])
            }
        }
    }

    // MARK: - Private mode

    /// `POST /api/v1/boards/{boardId}/mode` `{"mode": "private"|"shared"}` (a facilitator of the
    /// board's session) → 200 `{"board", "mode"}`. Going private, the board's room starts
    /// withholding at once, from its newest committed update; the session then stores that
    /// position (or, failing, the room reveals again). Shared reveals everything withheld.
    @Sendable func mode(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let (session, board, principal) = try await boards.facilitated(request, context) else {
            throw APIError.notFound("no board \(context.parameters.get("boardId") ?? "") in any session")
        }
        let caller = principal.caller
        let body = try await JSONBody.request(ModeRequest.self, from: request)
        switch body.mode {
        case "private" where session.state.privateBoards[board.id] == nil:
            if session.state.archivedAt != nil {
                throw WorkshopError(.archived, "the session is archived: unarchive it to change it")
            }
            let authors = session.participantIDs(of: board.groupId)
            let since = try await hub.withRoom(board.id) { try await $0.beginPrivate(authors: authors) }
            do {
                try await sessions.change(session.id) { change in
                    change.outcome.append(
                        try change.state.makeBoardPrivate(board.id, since: since, by: caller, at: change.now))
                }
                try await hub.withRoom(board.id) { await $0.settlePrivate(true) }
            } catch {
                try? await hub.withRoom(board.id) { await $0.settlePrivate(false) }
                throw error
            }
        case "private":
            break
        case "shared":
            try await sessions.change(session.id) { change in
                change.outcome.append(try change.state.revealBoard(board.id, by: caller, at: change.now))
            }
            // While private the server wrote the counts of shared items only: now every item's.
            if board.kind.votes { await writeVotes(on: board, of: session.id, logger: context.logger) }
        default:
            throw APIError(
                .unprocessableContent, code: "bad_field", "mode must be \"private\" or \"shared\", not \"\(body.mode)\""
            )
        }
        return try JSONBody.response(["board": board.id, "mode": body.mode])
    }
}

/// `POST /api/v1/boards/{id}/mode`: `{"mode": "private"|"shared"}`.
struct ModeRequest: StrictRequest {
    var mode: String
    enum CodingKeys: String, CodingKey, CaseIterable { case mode }
    typealias Fields = CodingKeys
}

/// `POST …/timers`: `{"label": …, "seconds": …, "group": …?}`.
struct TimerRequest: StrictRequest {
    var label: String
    var seconds: Int
    var group: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case label, seconds, group }
    typealias Fields = CodingKeys
}

/// `POST …/timers/{id}/add`: empty (a minute) or `{"seconds": …}`.
struct AddTimeRequest: StrictRequest {
    var seconds: Int?
    enum CodingKeys: String, CodingKey, CaseIterable { case seconds }
    typealias Fields = CodingKeys
}

/// `POST …/follow`: `{"board": …, "view": {"x", "y", "zoom"}, "group": …?}`.
struct FollowRequest: StrictRequest {
    var board: String
    var view: FollowLead.View
    var group: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case board, view, group }
    typealias Fields = CodingKeys
}

/// `POST …/follow/stop`: empty, or `{"group": …}`.
struct EndFollowRequest: StrictRequest {
    var group: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case group }
    typealias Fields = CodingKeys
}

/// `POST /api/v1/boards/{id}/votes`: `{"item": …}`.
struct VoteRequest: StrictRequest {
    var item: String
    enum CodingKeys: String, CodingKey, CaseIterable { case item }
    typealias Fields = CodingKeys
}

/// `POST /api/v1/boards/{id}/vote`: any of `{"anonymous", "budget", "reveal"}`.
struct VoteSettingsRequest: StrictRequest {
    var anonymous: Bool?
    var budget: Int?
    var reveal: Bool?
    enum CodingKeys: String, CodingKey, CaseIterable { case anonymous, budget, reveal }
    typealias Fields = CodingKeys
}

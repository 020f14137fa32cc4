import Foundation
import Hummingbird
import Storage
import Workshop

/// The quarantine of refused edits: list, re-apply (with the entries that build on it) or discard.
struct QuarantineController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let live: LiveHub
    /// One decision (apply or discard) per board at a time on this node.
    let decisions = QuarantineDecisions()

    func addRoutes(to router: Router<some RequestContext>) {
        let api = router.group("/api/v1/sessions/{id}/quarantine")
        api.get(use: list)
        api.post("/{qid}/apply", use: apply)
        api.post("/{qid}/discard", use: discard)
        router.get("/api/v1/boards/{boardId}/quarantine/mine", use: mine)
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        _ = try await authenticator.requireFacilitator(request, of: id)
        let session = try await sessions.session(id)
        let entries = try await sessions.store.quarantineEntries(sessionId: session.id, boardId: nil, status: nil)
        return try JSONBody.response(["entries": try await views(entries, session: session)])
    }

    /// `GET /api/v1/boards/{boardId}/quarantine/mine`: the caller's own pending entries on a
    /// board (a participant sees what was kept for the facilitator, and can copy its text).
    @Sendable func mine(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let boardID = context.parameters.get("boardId") ?? ""
        guard let (session, board) = await sessions.board(boardID), principal.belongs(to: session.id),
            session.mayRead(principal.caller, board: board)
        else { throw APIError.notFound("no board \(boardID)") }
        let entries = try await sessions.store.quarantineEntries(sessionId: nil, boardId: boardID, status: .pending)
            .filter { $0.sender == principal.caller.id }
        return try JSONBody.response(["entries": try await views(entries, session: session)])
    }

    /// `POST …/quarantine/{qid}/apply` → 200 `{"entry"}`: the entry and those that build on it
    /// re-applied to the board; 409 `not_pending` when it was decided already (of an apply and a
    /// discard at once, exactly one wins).
    @Sendable func apply(_ request: Request, context: some RequestContext) async throws -> Response {
        let sessionID = context.parameters.get("id") ?? ""
        let principal = try await authenticator.requireFacilitator(request, of: sessionID)
        let qid = context.parameters.get("qid") ?? ""
        let (session, entry) = try await decision(.applied, sessionID: sessionID, qid: qid, by: principal) {
            entry, chain in
            do {
                _ = try await hub.withRoom(entry.boardId) { room in
                    try await room.applyFromQuarantine(chain.map { [UInt8]($0.data) }, sender: entry.sender)
                }
            } catch let refusal as BoardRefusal {
                throw APIError(.conflict, code: refusal.code.rawValue, refusal.message)
            }
        }
        await live.notice(
            sessionId: session.id, level: "info", code: "quarantine-applied",
            message: "a refused edit was re-applied by the facilitator", to: entry.sender)
        var applied = entry
        applied.status = .applied
        let shown = view(applied, session: session, preview: nil)
        await live.send(.quarantine(entry: shown), to: session.id, audience: .facilitator)
        return try JSONBody.response(["entry": shown])
    }

    /// `POST …/quarantine/{qid}/discard` → 200 `{"entry"}`: the entry and those that build on it
    /// thrown away; 409 `not_pending` when it was decided already.
    @Sendable func discard(_ request: Request, context: some RequestContext) async throws -> Response {
        let sessionID = context.parameters.get("id") ?? ""
        let principal = try await authenticator.requireFacilitator(request, of: sessionID)
        let qid = context.parameters.get("qid") ?? ""
        let (session, entry) = try await decision(.discarded, sessionID: sessionID, qid: qid, by: principal)
        var discarded = entry
        discarded.status = .discarded
        let shown = view(discarded, session: session, preview: nil)
        await live.send(.quarantine(entry: shown), to: session.id, audience: .facilitator)
        return try JSONBody.response(["entry": shown])
    }

    /// Takes one decision on an entry and those that build on it: one at a time per session on
    /// this node and per board across nodes, reading the entries again once it is this one's
    /// turn (another decision may have been taken meanwhile, here or on another node); `act`
    /// runs before they are marked (an apply writes the board there), and a refusal it throws
    /// leaves them pending.
    private func decision(
        _ status: QuarantineStatus, sessionID: String, qid: String, by principal: Principal,
        _ act: @Sendable (QuarantineRecord, [QuarantineRecord]) async throws -> Void = { _, _ in }
    ) async throws -> (LoadedSession, QuarantineRecord) {
        try await decisions.one(sessionID) {
            let (_, first, _) = try await entryChain(sessionID: sessionID, qid: qid)
            return try await acrossNodes(first.boardId) {
                let (session, entry, chain) = try await entryChain(sessionID: sessionID, qid: qid)
                try await act(entry, chain)
                let ids = chain.compactMap(\.id)
                try await decide(
                    ids, status,
                    audit: AuditEntryRecord(
                        sessionId: session.id, at: live.now, actor: principal.actor,
                        action: status == .applied ? "quarantine.apply" : "quarantine.discard",
                        detail: #"{"entries":\#(ids)}"#))
                try await hub.withRoom(entry.boardId) { try await $0.reloadQuarantine() }
                return (session, entry)
            }
        }
    }

    /// Runs a decision on a board's quarantine holding a lock every node shares (a PostgreSQL
    /// advisory lock of its own, apart from the board's append turn), so that an apply on one
    /// node and a discard on another cannot both reach the board and the status. On one SQLite
    /// node ``decisions`` already takes them one at a time.
    private func acrossNodes<T>(_ boardId: String, _ body: () async throws -> T) async throws -> T {
        guard let cluster = sessions.store as? any ClusterStore else { return try await body() }
        let lock = try await cluster.takeTurn(boardId: "quarantine:" + boardId)
        do {
            let result = try await body()
            await lock.end()
            return result
        } catch {
            await lock.end()
            throw error
        }
    }

    /// Sets the entries' status if the first is still pending, else 409 `not_pending`.
    private func decide(_ ids: [Int64], _ status: QuarantineStatus, audit: AuditEntryRecord) async throws {
        guard try await sessions.store.setQuarantineStatus(ids, to: status, audit: audit) else {
            throw APIError(.conflict, code: "not_pending", "entry \(ids.first ?? 0) was decided meanwhile")
        }
    }

    /// The entry, and the pending entries of its board that build on it (same client ids, later), in order.
    private func entryChain(sessionID: String, qid raw: String) async throws -> (
        LoadedSession, QuarantineRecord, [QuarantineRecord]
    ) {
        let session = try await sessions.session(sessionID)
        guard let qid = Int64(raw), let entry = try await sessions.store.quarantineEntry(qid),
            entry.sessionId == session.id
        else { throw APIError.notFound("no quarantine entry \(raw)") }
        guard entry.status == .pending else {
            throw APIError(.conflict, code: "not_pending", "entry \(qid) is already \(entry.status.rawValue)")
        }
        let clients = Set(QuarantineRanges.decode(entry.ranges).keys)
        let later = try await sessions.store.quarantineEntries(sessionId: nil, boardId: entry.boardId, status: .pending)
            .filter { ($0.id ?? 0) > qid && !clients.isDisjoint(with: QuarantineRanges.decode($0.ranges).keys) }
        return (session, entry, [entry] + later)
    }

    /// Entries as shown, pending ones with their preview (each board read once).
    private func views(_ entries: [QuarantineRecord], session: LoadedSession) async throws
        -> [SessionViews.QuarantineEntry]
    {
        var states: [String: [UInt8]] = [:]
        var result: [SessionViews.QuarantineEntry] = []
        for entry in entries {
            var preview: QuarantinePreview?
            if entry.status == .pending {
                if states[entry.boardId] == nil {
                    states[entry.boardId] = try await hub.withRoom(entry.boardId) { try await $0.encodedState() }
                }
                preview = QuarantinePreview.of([UInt8](entry.data), onBoard: states[entry.boardId] ?? [])
            }
            result.append(view(entry, session: session, preview: preview))
        }
        return result
    }

    private func view(_ entry: QuarantineRecord, session: LoadedSession, preview: QuarantinePreview?)
        -> SessionViews.QuarantineEntry
    {
        SessionViews.QuarantineEntry(entry, session: session, preview: preview)
    }
}

/// Quarantine decisions (apply, discard) of one session, taken one at a time on this node: each
/// reads its entry's status and acts on it with no other decision in between. Across nodes the
/// store's conditional status change decides (``QuarantineStore/setQuarantineStatus(_:to:audit:)``).
actor QuarantineDecisions {
    private var busy: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` once no other decision of the session runs.
    func one<Value: Sendable>(_ sessionID: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        while busy.contains(sessionID) {
            await withCheckedContinuation { waiters[sessionID, default: []].append($0) }
        }
        busy.insert(sessionID)
        defer {
            busy.remove(sessionID)
            if var queue = waiters[sessionID], !queue.isEmpty {
                queue.removeFirst().resume()
                waiters[sessionID] = queue.isEmpty ? nil : queue
            }
        }
        return try await body()
    }
}

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

    func addRoutes(to router: Router<some RequestContext>) {
        let api = router.group("/api/v1/sessions/{id}/quarantine")
        api.get(use: list)
        api.post("/{qid}/apply", use: apply)
        api.post("/{qid}/discard", use: discard)
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        let session = try await sessions.session(context.parameters.get("id") ?? "")
        let entries = try await sessions.store.quarantineEntries(sessionId: session.id, boardId: nil, status: nil)
        return try JSONBody.response(["entries": entries.map { view($0, session: session) }])
    }

    @Sendable func apply(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        let (session, entry, chain) = try await entryChain(context)
        do {
            _ = try await hub.withRoom(entry.boardId) { room in
                try await room.applyFromQuarantine(chain.map { [UInt8]($0.data) }, sender: entry.sender)
            }
        } catch let refusal as BoardRefusal {
            throw APIError(.conflict, code: refusal.code.rawValue, refusal.message)
        }
        let ids = chain.compactMap(\.id)
        try await sessions.store.setQuarantineStatus(
            ids, to: .applied,
            audit: AuditEntryRecord(
                sessionId: session.id, at: live.now, actor: "facilitator", action: "quarantine.apply",
                detail: #"{"entries":\#(ids)}"#))
        try await hub.withRoom(entry.boardId) { try await $0.reloadQuarantine() }
        await live.notice(
            sessionId: session.id, level: "info", code: "quarantine-applied",
            message: "a refused edit was re-applied by the facilitator", to: entry.sender)
        var applied = entry
        applied.status = .applied
        return try JSONBody.response(["entry": view(applied, session: session)])
    }

    @Sendable func discard(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        let (session, entry, chain) = try await entryChain(context)
        let ids = chain.compactMap(\.id)
        try await sessions.store.setQuarantineStatus(
            ids, to: .discarded,
            audit: AuditEntryRecord(
                sessionId: session.id, at: live.now, actor: "facilitator", action: "quarantine.discard",
                detail: #"{"entries":\#(ids)}"#))
        try await hub.withRoom(entry.boardId) { try await $0.reloadQuarantine() }
        var discarded = entry
        discarded.status = .discarded
        return try JSONBody.response(["entry": view(discarded, session: session)])
    }

    /// The entry, and the pending entries of its board that build on it (same client ids, later), in order.
    private func entryChain(_ context: some RequestContext) async throws -> (
        LoadedSession, QuarantineRecord, [QuarantineRecord]
    ) {
        let session = try await sessions.session(context.parameters.get("id") ?? "")
        let raw = context.parameters.get("qid") ?? ""
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

    private func view(_ entry: QuarantineRecord, session: LoadedSession) -> SessionViews.QuarantineEntry {
        let board = session.board(entry.boardId)
        return .init(
            id: entry.id ?? 0, boardId: entry.boardId, boardKind: board?.kind.rawValue, group: board?.groupId,
            reason: entry.reason, reasonCode: entry.reasonCode, sender: entry.sender, phase: entry.phase,
            at: entry.at, status: entry.status.rawValue, bytes: entry.data.count)
    }
}

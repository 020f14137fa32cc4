import Foundation
import Hummingbird
import Logging
import NIOFoundationEssentialsCompat
import Storage
import Workshop

/// Sessions, phases, invites, the audit log and the examples (docs/API.md).
struct SessionController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let live: LiveHub
    let collector: AssetCollector
    let examplesDirectory: URL

    func addRoutes(to router: Router<some RequestContext>) {
        let api = router.group("/api/v1")
        api.get("/me", use: me)
        api.get("/examples", use: examples)
        api.get("/examples/{name}", use: example)
        api.post("/sessions", use: create)
        api.get("/sessions", use: list)
        api.get("/sessions/{id}", use: show)
        api.delete("/sessions/{id}", use: delete)
        api.post("/sessions/{id}/archive", use: archive)
        api.post("/sessions/{id}/unarchive", use: unarchive)
        api.post("/sessions/{id}/phase", use: phase)
        api.get("/sessions/{id}/audit", use: audit)
        api.get("/sessions/{id}/invites", use: invites)
        api.post("/sessions/{id}/invites/{inviteId}/revoke", use: revoke)
        api.post("/sessions/{id}/invites/{inviteId}/reissue", use: reissue)
    }

    @Sendable func me(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        switch principal {
        case .facilitator:
            return try JSONBody.response(SessionViews.Me(id: "facilitator", role: "facilitator", name: "facilitator"))
        case .invite(let invite):
            let session = try await sessions.session(invite.sessionId)
            let state = await view(of: session, for: principal)
            return try JSONBody.response(
                SessionViews.Me(
                    id: invite.id, role: invite.role.rawValue, name: invite.name, jurorId: invite.jurorId,
                    candidate: session.candidate(ofInvite: invite.id)?.id,
                    president: invite.role == .juror
                        ? session.definition.president?.id == invite.jurorId : nil,
                    session: .init(id: session.id, title: session.title),
                    group: state.groups.first { $0.id == invite.groupId }))
        }
    }

    @Sendable func examples(_ request: Request, context: some RequestContext) async throws -> Response {
        _ = try await authenticator.require(request)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
        let list = files.filter { $0.hasSuffix(".json") }.sorted().compactMap { file -> ExampleSummary? in
            let data = FileManager.default.contents(atPath: examplesDirectory.appendingPathComponent(file).path)
            let title = data.flatMap { try? JSONDecoder().decode(ExampleTitle.self, from: $0) }?.title
            return ExampleSummary(name: String(file.dropLast(5)), title: title ?? file)
        }
        return try JSONBody.response(["examples": list])
    }

    @Sendable func example(_ request: Request, context: some RequestContext) async throws -> Response {
        _ = try await authenticator.require(request)
        let name = context.parameters.get("name") ?? ""
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !name.isEmpty,
            let data = FileManager.default.contents(
                atPath: examplesDirectory.appendingPathComponent(name + ".json").path)
        else { throw APIError.notFound("no example \(name)") }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    @Sendable func create(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireAdministrator(request)
        let body = try await JSONBody.data(request)
        guard (try? JSONSerialization.jsonObject(with: body)) is [String: Any] else {
            throw APIError(.badRequest, code: "bad_json", "the body must be a session definition (a JSON object)")
        }
        let created = try await sessions.create(definitionJSON: body)
        return try JSONBody.response(created, status: .created)
    }

    /// `GET /api/v1/sessions`: every session for the administrator; a co-facilitator's own
    /// session only; 403 for other invites.
    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        guard principal.caller.role == .facilitator else {
            throw APIError(.forbidden, code: "forbidden", "only a facilitator lists sessions")
        }
        let summaries = await sessions.all().filter { principal.facilitates($0.id) }.map {
            SessionViews.Summary(
                id: $0.id, title: $0.title, phase: $0.phase,
                phaseLabel: $0.state.sprint.currentPhase.label, timeZone: $0.calendar.timeZone.identifier,
                createdAt: $0.createdAt,
                archivedAt: $0.state.archivedAt?.epochMilliseconds,
                purgeAt: sessions.purgeAt($0)?.epochMilliseconds)
        }
        return try JSONBody.response(["sessions": summaries])
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let session = try await sessions.session(try context.sessionID(), for: principal)
        return try JSONBody.response(await view(of: session, for: principal))
    }

    /// `DELETE /api/v1/sessions/{id}`: everything of the session goes but its signed records;
    /// its images go unless something else uses them.
    @Sendable func delete(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireAdministrator(request)
        let deletion = try await sessions.delete(try context.sessionID())
        do {
            _ = try await collector.release(deletion.assetHashes)
        } catch {
            // The session is gone; an image left behind is collected later.
            context.logger.error("images of a deleted session not removed", metadata: ["error": "\(error)"])
        }
        return Response(status: .noContent)
    }

    /// `POST /api/v1/sessions/{id}/archive`: read-only for everyone, boards included; timers stop.
    @Sendable func archive(_ request: Request, context: some RequestContext) async throws -> Response {
        try await setArchived(true, request, context)
    }

    /// `POST /api/v1/sessions/{id}/unarchive`: the session runs again.
    @Sendable func unarchive(_ request: Request, context: some RequestContext) async throws -> Response {
        try await setArchived(false, request, context)
    }

    private func setArchived(_ archived: Bool, _ request: Request, _ context: some RequestContext) async throws
        -> Response
    {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let (changed, session) = try await sessions.change(id, by: principal.actor, whileArchived: true) { change in
            guard (change.state.archivedAt != nil) != archived else { return false }
            change.state.archivedAt = archived ? change.now : nil
            // An archived session's timers stop: its activity timers end (the pages clear them).
            if archived {
                for timer in change.state.activityTimers {
                    change.outcome.append(SessionOutcome(events: [.activityTimerChanged(timer, stopped: true)]))
                }
                change.state.activityTimers = []
            }
            change.auditLines.append(
                AuditEntryRecord(
                    sessionId: change.sessionId, at: change.now.epochMilliseconds, actor: change.actor,
                    action: archived ? "session.archive" : "session.unarchive"))
            return true
        }
        if changed {
            await live.send(
                .boardLock(boards: session.boards.map { .init(id: $0.id, writable: session.groupMayWrite($0)) }),
                to: session.id, version: session.version)
            await live.notice(
                sessionId: session.id, level: "info", code: archived ? "session-archived" : "session-unarchived",
                message: archived
                    ? "the session is archived: everything is read-only" : "the session is open again")
        }
        return try JSONBody.response(await view(of: session, for: principal))
    }

    @Sendable func phase(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let id = try context.sessionID()
        _ = try await sessions.session(id, for: principal)
        guard principal.facilitates(id) else {
            throw APIError(.forbidden, code: "not-facilitator", "only a facilitator moves the phase")
        }
        let body = try await JSONBody.request(PhaseRequest.self, from: request)
        let command = try body.command()
        let caller = principal.caller
        let (_, session) = try await sessions.change(id) { change in
            // Checked first: a facilitator who saw an older phase learns that it moved, not
            // why the move after it would be refused.
            let current = change.state.sprint.currentPhase.id
            if let from = body.from, from != current {
                throw WorkshopError(.phaseChanged, "the phase already moved from \(from) to \(current)")
            }
            change.outcome.append(
                try change.state.perform(command, by: caller, definition: change.definition, at: change.now))
        }
        return try JSONBody.response(await view(of: session, for: principal))
    }

    /// `GET …/audit`: the session's audit lines, oldest first, each actor with the name
    /// the session knows them by (a co-facilitator's, a juror's…).
    @Sendable func audit(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        _ = try await authenticator.requireFacilitator(request, of: id)
        let session = try await sessions.session(id)
        let entries = try await sessions.store.audit(sessionId: id).map { SessionViews.AuditLine($0, in: session) }
        return try JSONBody.response(["entries": entries])
    }

    @Sendable func invites(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let session = try await sessions.session(id)
        return try JSONBody.response(["invites": await view(of: session, for: principal).invites ?? []])
    }

    @Sendable func revoke(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let inviteID = context.parameters.get("inviteId") ?? ""
        // Cutting access always works, in an archived session too (it writes only the invite).
        let (invite, _) = try await sessions.change(id, by: principal.actor, whileArchived: true) { change in
            guard var invite = change.invites.first(where: { $0.id == inviteID }) else {
                throw WorkshopError(.notFound, "no invite \(inviteID)")
            }
            guard invite.revokedAt == nil else { return invite }
            invite.revokedAt = change.now.epochMilliseconds
            change.inviteChanges.append(invite)
            change.auditLines.append(
                AuditEntryRecord(
                    sessionId: change.sessionId, at: change.now.epochMilliseconds, actor: change.actor,
                    action: "invite.revoke", detail: #"{"invite":"\#(inviteID)"}"#))
            return invite
        }
        // Revoking closes that token's open sockets.
        await hub.disconnect(participant: invite.id, reason: "invite revoked")
        await live.disconnect(principal: invite.id, reason: "invite revoked")
        return try JSONBody.response(["revoked": invite.id])
    }

    @Sendable func reissue(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let inviteID = context.parameters.get("inviteId") ?? ""
        let token = FacilitatorToken.randomToken()
        let (invite, _) = try await sessions.change(id, by: principal.actor) { change in
            guard var invite = change.invites.first(where: { $0.id == inviteID }) else {
                throw WorkshopError(.notFound, "no invite \(inviteID)")
            }
            try SessionChange.refuseErased(invite)
            // A juror's link signs the jury's record: a new one comes from the administrator
            // alone, never from a co-facilitator, who could then sign in that juror's name.
            if invite.role == .juror, case .invite = principal {
                throw WorkshopError(
                    .administratorOnly, "only the administrator gives a juror a new link: it signs the jury's record")
            }
            invite.tokenHash = FacilitatorToken.digest(of: token)
            invite.revokedAt = nil
            change.inviteChanges.append(invite)
            change.auditLines.append(
                AuditEntryRecord(
                    sessionId: change.sessionId, at: change.now.epochMilliseconds, actor: change.actor,
                    action: "invite.reissue", detail: #"{"invite":"\#(inviteID)"}"#))
            return invite
        }
        await hub.disconnect(participant: invite.id, reason: "invite reissued")
        await live.disconnect(principal: invite.id, reason: "invite reissued")
        let issued = SessionViews.IssuedInvite(invite, token: token, publicURL: await sessions.linkBase)
        return try JSONBody.response(["invite": issued])
    }

    private func view(of session: LoadedSession, for principal: Principal) async -> SessionViews.State {
        var state = SessionViews.state(
            of: session, for: principal, online: await live.online(sessionId: session.id),
            now: Date(epochMilliseconds: live.now))
        if principal.facilitates(session.id) { state.purgeAt = sessions.purgeAt(session)?.epochMilliseconds }
        return state
    }
}

/// An example definition in `GET /api/v1/examples`.
struct ExampleSummary: Codable, Sendable {
    let name: String
    let title: String
}

/// The title of an example definition.
private struct ExampleTitle: Decodable {
    let title: String
}

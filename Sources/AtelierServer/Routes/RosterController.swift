import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat
import Storage
import Workshop

/// The people of a running session (docs/API.md, "People"): add a person (a new invite, a
/// co-facilitator's too), rename a person or move a participant to another group, rename a
/// group; the session's facilitators do this. Removing a person is revoking their invite
/// (`…/invites/{inviteId}/revoke`): their candidate keeps their record. A person's data
/// (export, erasure) is the administrator's.
struct RosterController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let live: LiveHub
    let collector: AssetCollector
    let assets: URL

    func addRoutes(to router: Router<some RequestContext>) {
        let api = router.group("/api/v1/sessions/{id}")
        api.post("/people", use: add)
        api.patch("/people/{inviteId}", use: edit)
        api.patch("/groups/{gid}", use: renameGroup)
        api.post("/dates", use: moveDates)
        api.get("/people/{inviteId}/export", use: export)
        api.post("/people/{inviteId}/erase", use: erase)
    }

    /// `GET …/people/{inviteId}/export` → 200, everything held about the person (JSON with their
    /// images), as a download. Audited (`person.export`). The administrator's.
    @Sendable func export(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireAdministrator(request)
        let inviteID = context.parameters.get("inviteId") ?? ""
        let id = try context.sessionID()
        guard let invite = try await sessions.session(id).invites.first(where: { $0.id == inviteID }) else {
            throw APIError.notFound("no invite \(inviteID)")
        }
        // Audited first, so that the export itself lists the line (and an archived session,
        // which refuses writes, is exported all the same).
        let (_, session) = try await sessions.change(id, by: Principal.facilitator.actor, whileArchived: true) {
            change in change.recordExport(of: inviteID)
        }
        let export = try await PersonExport.build(
            invite, session: session, store: sessions.store, assets: assets, now: Date())
        let encoder = JSONEncoder.epochMilliseconds
        var response = Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(export))))
        response.headers[.contentDisposition] = "attachment; filename=\"atelier-\(inviteID).json\""
        return response
    }

    /// `POST …/people/{inviteId}/erase`, body `{"keepImages"?: bool}` → 200 `{"erased", "name",
    /// "imagesDeleted"}`: the name replaced by a pseudonym everywhere Atelier keeps it, the link
    /// revoked, the images they uploaded deleted unless kept. Audited (`person.erase`). The
    /// administrator's.
    @Sendable func erase(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireAdministrator(request)
        let body = try await JSONBody.request(EraseRequest.self, from: request, emptyAllowed: true)
        let inviteID = context.parameters.get("inviteId") ?? ""
        let ((invite, _), session) = try await sessions.change(
            try context.sessionID(), by: Principal.facilitator.actor, whileArchived: true
        ) { change in try change.erasePerson(inviteID) }
        await hub.disconnect(participant: invite.id, reason: "invite revoked")
        await live.disconnect(principal: invite.id, reason: "invite revoked")
        var deleted = 0
        if body.keepImages != true {
            let uploads = try await sessions.store.assetRecords(uploadedBy: invite.id, in: session.id)
            for upload in uploads { try await sessions.store.releaseAsset(upload) }
            deleted = try await collector.release(uploads.map(\.hash)).removed
        }
        // The old name leaves the database's free pages and its write-ahead log now.
        try await sessions.store.discardFreedSpace()
        await tellRosterChanged(session)
        return try JSONBody.response(EraseAnswer(erased: invite.id, name: invite.name, imagesDeleted: deleted))
    }

    /// `POST …/people` → 201 `{"invite": {…, "token", "url"}, "candidate"?}` (the token shown once).
    @Sendable func add(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let body = try await JSONBody.request(NewPersonRequest.self, from: request)
        let role = try body.person()
        let token = FacilitatorToken.randomToken()
        let ((invite, candidate), session) = try await sessions.change(id, by: principal.actor) { change in
            try change.addPerson(
                name: body.name, role: role, group: body.group, tokenHash: FacilitatorToken.digest(of: token))
        }
        await tellRosterChanged(session)
        return try JSONBody.response(
            AddedPerson(
                invite: SessionViews.IssuedInvite(invite, token: token, publicURL: await sessions.linkBase),
                candidate: candidate?.id), status: .created)
    }

    /// `PATCH …/people/{inviteId}` → 200 `{"invite": {…}}`. A participant moved to another group
    /// loses the old group's boards at once: their open board sockets close (4403), and they
    /// reconnect to what they may read now.
    @Sendable func edit(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let body = try await JSONBody.request(EditPersonRequest.self, from: request)
        guard body.name != nil || body.group != nil else {
            throw APIError(.unprocessableContent, code: "missing_field", "give \"name\", \"group\" or both")
        }
        let inviteID = context.parameters.get("inviteId") ?? ""
        let before = try await sessions.session(id).invites.first { $0.id == inviteID }
        let (invite, session) = try await sessions.change(id, by: principal.actor) { change in
            try change.editPerson(inviteID, name: body.name, group: body.group)
        }
        if invite.groupId != before?.groupId {
            await hub.disconnect(participant: invite.id, code: .forbidden, reason: "you were moved to another group")
            await live.notice(
                sessionId: session.id, level: "info", code: "membership-changed",
                message: "you are now in another group", to: invite.id)
        }
        await tellRosterChanged(session)
        let view = SessionViews.Invite(invite, online: await live.online(sessionId: session.id).contains(invite.id))
        return try JSONBody.response(["invite": view])
    }

    /// `PATCH …/groups/{gid}` → 200 `{"group": {"id", "name"}}`.
    @Sendable func renameGroup(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let body = try await JSONBody.request(GroupRequest.self, from: request)
        let groupID = context.parameters.get("gid") ?? ""
        let (_, session) = try await sessions.change(id, by: principal.actor) { change in
            try change.renameGroup(groupID, to: body.name)
        }
        await tellRosterChanged(session)
        return try JSONBody.response(["group": ["id": groupID, "name": session.definition.groupName(groupID)]])
    }

    /// `POST …/dates` → 200, the session's state with its days moved; everyone's pages get the
    /// phase (and its deadline) again on the live channel.
    @Sendable func moveDates(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.sessionID()
        let principal = try await authenticator.requireFacilitator(request, of: id)
        let day = try await JSONBody.request(DatesRequest.self, from: request).day()
        let (_, session) = try await sessions.change(id, by: principal.actor) { change in
            try change.moveDates(to: day)
        }
        let now = Date(epochMilliseconds: live.now)
        let everyone = SessionViews.state(
            of: session, for: nil, online: await live.online(sessionId: session.id), now: now)
        let phase = session.state.sprint.currentPhase.id
        await live.send(
            .phase(from: phase, to: phase, actor: principal.actor, phase: everyone.phase, session: everyone),
            to: session.id, version: session.version)
        var view = SessionViews.state(
            of: session, for: principal, online: await live.online(sessionId: session.id), now: now)
        view.purgeAt = sessions.purgeAt(session)?.epochMilliseconds
        return try JSONBody.response(view)
    }

    /// Everyone's pages learn that the people changed (and read the session again).
    private func tellRosterChanged(_ session: LoadedSession) async {
        await live.send(
            .notice(level: "info", code: "roster-changed", message: "the session's people changed"), to: session.id,
            version: session.version)
    }
}

/// `POST …/people/{inviteId}/erase`'s answer.
struct EraseAnswer: Codable, Sendable {
    var erased: String
    /// The pseudonym that replaced the name.
    var name: String
    var imagesDeleted: Int
}

/// `POST …/people`'s answer.
struct AddedPerson: Codable, Sendable {
    var invite: SessionViews.IssuedInvite
    var candidate: String?
}

import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat
import Storage
import Workshop

/// Sessions, phases, invites, the audit log and the examples (docs/API.md).
struct SessionController: Sendable {
    let directory: SessionDirectory
    let authenticator: Authenticator
    let database: AppDatabase
    let hub: Hub
    let live: LiveHub
    let examplesDirectory: URL

    func addRoutes(to router: Router<some RequestContext>) {
        let api = router.group("/api/v1")
        api.get("/me", use: me)
        api.get("/examples", use: examples)
        api.get("/examples/{name}", use: example)
        api.post("/sessions", use: create)
        api.get("/sessions", use: list)
        api.get("/sessions/{id}", use: show)
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
            let session = try await directory.session(invite.sessionId)
            let state = await directory.view(of: session, for: principal)
            return try JSONBody.response(
                SessionViews.Me(
                    id: invite.id, role: invite.role, name: invite.name, jurorId: invite.jurorId,
                    session: .init(id: session.id, title: session.title),
                    group: state.groups.first { $0.id == invite.groupId }))
        }
    }

    @Sendable func examples(_ request: Request, context: some RequestContext) async throws -> Response {
        _ = try await authenticator.require(request)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
        let list = files.filter { $0.hasSuffix(".json") }.sorted().compactMap { file -> ExampleSummary? in
            let data = FileManager.default.contents(atPath: examplesDirectory.appendingPathComponent(file).path)
            let title =
                data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["title"] as? String
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
        try await authenticator.requireFacilitator(request)
        let body = try await JSONBody.data(request)
        guard (try? JSONSerialization.jsonObject(with: body)) is [String: Any] else {
            throw APIError(.badRequest, code: "bad_json", "the body must be a session definition (a JSON object)")
        }
        let created = try await directory.create(definitionJSON: body)
        return try JSONBody.response(created, status: .created)
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        return try JSONBody.response(["sessions": await directory.summaries()])
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        return try JSONBody.response(try await directory.state(try sessionID(context), for: principal))
    }

    @Sendable func phase(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let id = try sessionID(context)
        _ = try await directory.session(id)
        guard case .facilitator = principal else {
            throw APIError(.forbidden, code: "not-facilitator", "only a facilitator moves the phase")
        }
        let body = try await JSONBody.object(request, allowed: ["action", "phase", "override", "reason"])
        let command: PhaseCommand
        switch try JSONBody.string(body, "action") {
        case "advance":
            if let extra = body.keys.sorted().first(where: { $0 != "action" }) {
                throw APIError(
                    .unprocessableContent, code: "unknown_field", "\"advance\" takes no \"\(extra)\"; use \"goto\"")
            }
            command = .advance
        case "goto":
            command = .goto(
                phase: try JSONBody.string(body, "phase") ?? "", override: try JSONBody.bool(body, "override"),
                reason: try JSONBody.string(body, "reason", required: false))
        case let other:
            throw APIError(
                .unprocessableContent, code: "bad_field",
                "action must be \"advance\" or \"goto\", not \"\(other ?? "")\"")
        }
        return try JSONBody.response(try await directory.perform(command, on: id, by: principal))
    }

    @Sendable func audit(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        let id = try sessionID(context)
        _ = try await directory.session(id)
        let entries = try await database.audit(sessionId: id).map {
            SessionViews.AuditLine(
                id: $0.id ?? 0, at: $0.at, actor: $0.actor, action: $0.action, from: $0.fromPhase, to: $0.toPhase,
                reason: $0.reason)
        }
        return try JSONBody.response(["entries": entries])
    }

    @Sendable func invites(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        let state = try await directory.state(try sessionID(context), for: .facilitator)
        return try JSONBody.response(["invites": state.invites ?? []])
    }

    @Sendable func revoke(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        let invite = try await directory.revoke(
            inviteID: context.parameters.get("inviteId") ?? "", in: try sessionID(context))
        // Revoking closes that token's open sockets.
        await hub.disconnect(participant: invite.id, reason: "invite revoked")
        await live.disconnect(principal: invite.id, reason: "invite revoked")
        return try JSONBody.response(["revoked": invite.id])
    }

    @Sendable func reissue(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireFacilitator(request)
        let issued = try await directory.reissue(
            inviteID: context.parameters.get("inviteId") ?? "", in: try sessionID(context))
        await hub.disconnect(participant: issued.id, reason: "invite reissued")
        await live.disconnect(principal: issued.id, reason: "invite reissued")
        return try JSONBody.response(["invite": issued])
    }

    private func sessionID(_ context: some RequestContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw APIError.notFound("no session") }
        return id
    }
}

/// An example definition in `GET /api/v1/examples`.
struct ExampleSummary: Codable, Sendable {
    let name: String
    let title: String
}

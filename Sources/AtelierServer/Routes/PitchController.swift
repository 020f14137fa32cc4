import Foundation
import Hummingbird
import Storage
import Workshop

/// The pitch and the jury, per group (docs/API.md): timer, slides, Q&A, scores, results, reports.
struct PitchController: Sendable {
    let directory: SessionDirectory
    let authenticator: Authenticator
    let hub: Hub
    let live: LiveHub

    func addRoutes(to router: Router<some RequestContext>) {
        let group = router.group("/api/v1/sessions/{id}/groups/{gid}")
        group.get("/pitch", use: show)
        group.post("/pitch/start", use: start)
        group.post("/pitch/stop", use: stop)
        group.post("/pitch/slide", use: slide)
        group.post("/qa/start", use: startQA)
        group.post("/qa/stop", use: stopQA)
        group.post("/qa", use: logQA)
        group.patch("/qa/{entryId}", use: editQA)
        group.get("/scores", use: sheet)
        group.put("/scores", use: putScores)
        group.post("/scores/submit", use: submit)
        group.post("/conflict", use: conflict)
        group.post("/reveal", use: reveal)
        group.get("/report.html", use: report)
        router.get("/api/v1/sessions/{id}/results", use: results)
        router.get("/api/v1/sessions/{id}/results.csv", use: resultsCSV)
    }

    private func ids(_ context: some RequestContext) -> (String, String) {
        (context.parameters.get("id") ?? "", context.parameters.get("gid") ?? "")
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        guard principal.belongs(to: id) else { throw APIError(.forbidden, code: "forbidden", "not your session") }
        return try JSONBody.response(try await directory.pitchView(id, group: gid))
    }

    @Sendable func start(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let (session, _) = try await directory.pitch(id, group: gid)
        guard principal.belongs(to: id) else { throw APIError(.forbidden, code: "forbidden", "not your session") }
        guard let deck = session.deck(ofGroup: gid) else {
            throw APIError(.conflict, code: "no-deck", "group \(gid) has no deck board")
        }
        let (slides, snapshot) = try await hub.withRoom(deck.id) { try await $0.deckState() }
        let limit = session.definition.slideLimit
        let view = try await directory.changePitch(id, group: gid, by: principal) {
            pitch, caller, now throws(WorkshopError) in
            try pitch.start(by: caller, slideCount: slides, slideLimit: limit, at: now)
        }
        try await directory.storeDeckSnapshot(id, group: gid, boardID: deck.id, data: snapshot, slides: slides)
        await live.boardLocks(sessionId: id, boards: [(id: deck.id, writable: false)])
        return try JSONBody.response(view)
    }

    @Sendable func stop(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let view = try await directory.changePitch(id, group: gid, by: principal) {
            pitch, caller, now throws(WorkshopError) in
            try pitch.stop(by: caller, at: now).audit
        }
        // The deck is no longer frozen: tell the clients whether the phase lets the group write it.
        let (session, _) = try await directory.pitch(id, group: gid)
        if let deck = session.deck(ofGroup: gid) {
            await live.boardLocks(
                sessionId: id, boards: [(id: deck.id, writable: SessionDirectory.groupMayWrite(session, board: deck))])
        }
        return try JSONBody.response(view)
    }

    @Sendable func slide(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let body = try await JSONBody.object(request, allowed: ["slide"])
        guard let slide = body["slide"] as? Int else {
            throw APIError(.unprocessableContent, code: "bad_field", "field \"slide\" must be an integer (0-based)")
        }
        let view = try await directory.changePitch(id, group: gid, by: principal) {
            pitch, caller, now throws(WorkshopError) in
            try pitch.showSlide(slide, by: caller, at: now)
            return nil
        }
        return try JSONBody.response(view)
    }

    @Sendable func startQA(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let view = try await directory.changePitch(id, group: gid, by: principal) {
            pitch, caller, now throws(WorkshopError) in
            try pitch.startQA(by: caller, at: now)
        }
        return try JSONBody.response(view)
    }

    @Sendable func stopQA(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let view = try await directory.changePitch(id, group: gid, by: principal) {
            pitch, caller, now throws(WorkshopError) in
            try pitch.stopQA(by: caller, at: now).audit
        }
        return try JSONBody.response(view)
    }

    @Sendable func logQA(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let body = try await JSONBody.object(request, allowed: ["kind", "text"])
        let kindName = try JSONBody.string(body, "kind") ?? ""
        guard let kind = QAKind(rawValue: kindName) else {
            throw APIError(
                .unprocessableContent, code: "bad_field",
                "kind must be question, objection or remark, not \"\(kindName)\"")
        }
        let text = try JSONBody.string(body, "text") ?? ""
        var logged: QAEntry?
        _ = try await directory.changePitch(id, group: gid, by: principal) { pitch, caller, now throws(WorkshopError) in
            logged = try pitch.logQA(kind: kind, text: text, by: caller, at: now)
            return nil
        }
        guard let logged else { throw APIError(.internalServerError, code: "internal", "entry not logged") }
        await live.send(id, ["type": "qa", "group": gid, "entry": LiveHub.object(logged)])
        return try JSONBody.response(logged, status: .created)
    }

    @Sendable func editQA(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let entryID = context.parameters.get("entryId") ?? ""
        let body = try await JSONBody.object(request, allowed: ["answeredAt", "answer", "text"])
        var answeredAt: Date?
        switch body["answeredAt"] {
        case nil, is NSNull: answeredAt = nil
        case let ms as Int: answeredAt = Date(epochMilliseconds: Int64(ms))
        case let ms as Double: answeredAt = Date(epochMilliseconds: Int64(ms))
        default: throw APIError(.unprocessableContent, code: "bad_field", "answeredAt must be epoch milliseconds")
        }
        let edit = QAEdit(
            text: try JSONBody.string(body, "text", required: false), answeredAt: answeredAt,
            answer: try JSONBody.string(body, "answer", required: false))
        var edited: QAEntry?
        _ = try await directory.changePitch(id, group: gid, by: principal) { pitch, caller, now throws(WorkshopError) in
            edited = try pitch.editQA(entryID, edit, by: caller, at: now)
            return nil
        }
        if let edited { await live.send(id, ["type": "qa", "group": gid, "entry": LiveHub.object(edited)]) }
        return try JSONBody.response(edited)
    }

    @Sendable func sheet(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let session = try await directory.session(id)
        guard principal.belongs(to: id) else { throw APIError(.forbidden, code: "forbidden", "not your session") }
        let caller = principal.juryCaller
        guard caller.role == .juror else {
            throw APIError(.forbidden, code: "not-allowed", "only jurors have score sheets")
        }
        let sheet =
            session.jury.sheet(juror: caller.id, group: gid)
            ?? ScoreSheet(juror: caller.id, group: gid, updatedAt: Date())
        return try JSONBody.response(sheet)
    }

    @Sendable func putScores(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let body = try await JSONBody.object(request, allowed: ["scores"])
        guard let raw = body["scores"] as? [String: Any] else {
            throw APIError(.unprocessableContent, code: "missing_field", "field \"scores\" must be an object")
        }
        var scores: [String: ScoreEntry] = [:]
        for (criterion, value) in raw {
            guard let entry = value as? [String: Any] else {
                throw APIError(.unprocessableContent, code: "bad_field", "scores.\(criterion) must be {score, comment}")
            }
            if let unknown = entry.keys.first(where: { $0 != "score" && $0 != "comment" }) {
                throw APIError(
                    .unprocessableContent, code: "unknown_field", "unknown field scores.\(criterion).\(unknown)")
            }
            let score: Double?
            switch entry["score"] {
            case nil, is NSNull: score = nil
            case let number as Double: score = number
            case let number as Int: score = Double(number)
            default:
                throw APIError(.unprocessableContent, code: "bad_field", "scores.\(criterion).score must be a number")
            }
            let comment: String?
            switch entry["comment"] {
            case nil, is NSNull: comment = nil
            case let text as String: comment = text
            default:
                throw APIError(.unprocessableContent, code: "bad_field", "scores.\(criterion).comment must be text")
            }
            scores[criterion] = ScoreEntry(score: score, comment: comment)
        }
        let sheet = try await directory.changeJury(id, group: gid, by: principal) {
            jury, caller, now throws(WorkshopError) in
            (try jury.putScores(scores, group: gid, by: caller, at: now), nil)
        }
        return try JSONBody.response(sheet)
    }

    @Sendable func submit(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let sheet = try await directory.changeJury(id, group: gid, by: principal) {
            jury, caller, now throws(WorkshopError) in
            let (sheet, audit) = try jury.submit(group: gid, by: caller, at: now)
            return (sheet, audit)
        }
        return try JSONBody.response(sheet)
    }

    @Sendable func conflict(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let body = try await JSONBody.object(request, allowed: ["reason"])
        let reason = try JSONBody.string(body, "reason", required: false)
        _ = try await directory.changeJury(id, group: gid, by: principal) { jury, caller, now throws(WorkshopError) in
            (nil, try jury.declareConflict(group: gid, by: caller, reason: reason, at: now))
        }
        return try JSONBody.response(["group": gid, "excluded": principal.juryCaller.id])
    }

    @Sendable func reveal(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (id, gid) = ids(context)
        let body = try await JSONBody.object(request, allowed: ["reason"])
        let reason = try JSONBody.string(body, "reason") ?? ""
        _ = try await directory.changeJury(id, group: gid, by: principal) { jury, caller, now throws(WorkshopError) in
            (nil, try jury.revealEarly(group: gid, by: caller, reason: reason, at: now))
        }
        return try JSONBody.response(["group": gid, "revealed": gid])
    }

    @Sendable func results(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let (view, _) = try await directory.results(context.parameters.get("id") ?? "", for: principal)
        return try JSONBody.response(view)
    }

    @Sendable func resultsCSV(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request, allowQuery: true)
        let (view, rubric) = try await directory.results(context.parameters.get("id") ?? "", for: principal)
        let separator: ResultsCSV.Separator
        switch request.uri.queryParameters.get("sep") {
        case nil, "comma": separator = .comma
        case "semicolon": separator = .semicolon
        case let other?:
            throw APIError(.badRequest, code: "bad_query", "sep must be comma or semicolon, not \"\(other)\"")
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8; header=present",
                .contentDisposition: "attachment; filename=\"results.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: ResultsCSV.render(view, rubric: rubric, separator: separator))))
    }

    @Sendable func report(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request, allowQuery: true)
        let (id, gid) = ids(context)
        let (session, pitch) = try await directory.pitch(id, group: gid)
        let (view, rubric) = try await directory.results(id, for: principal)
        let boards = session.boards.filter { $0.groupId == gid }
        let contributions = try await directory.database.contributions(boardIds: boards.map(\.id))
        let html = GroupReport(
            session: session, group: gid, results: view.groups.first { $0.id == gid }, rubric: rubric,
            pitch: SessionDirectory.view(of: pitch, at: directory.clock.now), boards: boards,
            contributions: contributions
        ).html
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

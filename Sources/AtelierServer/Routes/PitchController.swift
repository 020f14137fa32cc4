import Foundation
import Hummingbird
import NIOCore
import Storage
import Workshop

/// The pitch and the jury, per group (docs/API.md): timer, slides, Q&A, scores, results, reports.
///
/// Every write is one change of the session (``SessionService/change(_:_:)``): read, decided
/// and written in one transaction, answered only once durable.
struct PitchController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let live: LiveHub

    func addRoutes(to router: Router<some RequestContext>) {
        let group = router.group("/api/v1/sessions/{id}/groups/{gid}")
        group.get("/pitch", use: show)
        group.post("/pitch/start", use: start)
        group.post("/pitch/stop", use: stop)
        group.post("/pitch/slide", use: slide)
        group.post("/pitch/reset", use: reset)
        group.post("/pitch/extra-time", use: extraTime)
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

    /// The session, the group, and the caller (403 outside the session, 404 for an unknown group).
    private func context(_ request: Request, _ context: some RequestContext, allowQuery: Bool = false) async throws
        -> (session: LoadedSession, group: String, principal: Principal)
    {
        let principal = try await authenticator.require(request, allowQuery: allowQuery)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        let group = context.parameters.get("gid") ?? ""
        guard session.definition.groups.contains(where: { $0.id == group }) else {
            throw WorkshopError(.notFound, "no group \"\(group)\"")
        }
        return (session, group, principal)
    }

    /// Runs a pitch change and answers with the group's pitch.
    private func changePitch(
        _ request: Request, _ context: some RequestContext,
        _ body: @escaping @Sendable (inout SessionChange, Caller, String) throws -> Void
    ) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let caller = principal.juryCaller
        let (_, committed) = try await sessions.change(session.id) { change in try body(&change, caller, group) }
        return try JSONBody.response(pitchView(committed, group))
    }

    private func pitchView(_ session: LoadedSession, _ group: String) -> SessionViews.PitchView {
        let pitch = session.state.pitches[group] ?? Pitch(group: group, settings: session.definition.pitch)
        return SessionViews.PitchView(pitch, at: Date(epochMilliseconds: live.now))
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, _) = try await self.context(request, context)
        return try JSONBody.response(pitchView(session, group))
    }

    /// Starts a group's pitch. Reading the deck and freezing it are one step: the deck's room
    /// freezes (refusing edits into quarantine) and hands over its durable state; the pitch
    /// starts with that snapshot stored beside it in the same transaction.
    @Sendable func start(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let body = try await JSONBody.request(PitchStartRequest.self, from: request, emptyAllowed: true)
        guard let deck = session.deck(ofGroup: group) else {
            throw APIError(.conflict, code: "no-deck", "group \(group) has no deck board")
        }
        let caller = principal.juryCaller
        let definition = session.definition
        // Refuse what the state refuses before freezing anything.
        var probe = session.state
        _ = try probe.startPitch(
            group: group, by: caller, slideCount: 0, definition: definition, override: body.override ?? false,
            reason: body.reason, at: Date(epochMilliseconds: live.now))
        // Another node may append to the deck between the read and the commit: the commit then
        // fails (the deck's newest position moved) and the deck is read again.
        var attempt = 0
        while true {
            attempt += 1
            let (slides, snapshot, head) = try await hub.withRoom(deck.id) { try await $0.freezeForPitch() }
            do {
                let (_, committed) = try await sessions.change(session.id) { change in
                    change.outcome.append(
                        try change.state.startPitch(
                            group: group, by: caller, slideCount: slides, definition: change.definition,
                            override: body.override ?? false, reason: body.reason, at: change.now))
                    change.artifacts.append(
                        ArtifactRecord(
                            sessionId: change.sessionId, kind: .deckSnapshot, key: group,
                            createdAt: change.now.epochMilliseconds,
                            meta: #"{"boardId":"\#(deck.id)","slides":\#(slides)}"#, data: Data(snapshot)))
                    change.expectedBoardHeads[deck.id] = head
                }
                try await hub.withRoom(deck.id) { await $0.thaw() }
                return try JSONBody.response(pitchView(committed, group))
            } catch let error as StoreError where error.code == .boardMoved && attempt < 20 {
                continue
            } catch {
                try? await hub.withRoom(deck.id) { await $0.thaw() }
                throw error
            }
        }
    }

    @Sendable func stop(_ request: Request, context: some RequestContext) async throws -> Response {
        try await changePitch(request, context) { change, caller, group in
            change.outcome.append(
                try change.state.stopPitch(group: group, by: caller, settings: change.definition.pitch, at: change.now))
        }
    }

    /// `POST …/pitch/reset`: the facilitator resets a pitch started by mistake, with a reason.
    @Sendable func reset(_ request: Request, context: some RequestContext) async throws -> Response {
        let reason = try await JSONBody.request(ReasonRequest.self, from: request, emptyAllowed: true).reason
        return try await changePitch(request, context) { change, caller, group in
            change.outcome.append(
                try change.state.resetPitch(
                    group: group, reason: reason, by: caller, settings: change.definition.pitch, at: change.now))
        }
    }

    /// `POST …/pitch/extra-time`: extra time for the group or one of its candidates, before the start.
    @Sendable func extraTime(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await JSONBody.request(ExtraTimeRequest.self, from: request)
        let key = try IdempotencyKey.of(request)
        return try await changePitch(request, context) { change, caller, group in
            change.outcome.append(
                try change.state.addExtraTime(
                    seconds: body.seconds, candidate: body.candidate, reason: body.reason, group: group, by: caller,
                    settings: change.definition.pitch, at: change.now, requestKey: key))
        }
    }

    @Sendable func slide(_ request: Request, context: some RequestContext) async throws -> Response {
        let slide = try await JSONBody.request(SlideRequest.self, from: request).slide
        return try await changePitch(request, context) { change, caller, group in
            change.outcome.append(
                try change.state.showSlide(
                    slide, group: group, by: caller, settings: change.definition.pitch, at: change.now))
        }
    }

    @Sendable func startQA(_ request: Request, context: some RequestContext) async throws -> Response {
        try await changePitch(request, context) { change, caller, group in
            change.outcome.append(
                try change.state.startQA(group: group, by: caller, settings: change.definition.pitch, at: change.now))
        }
    }

    @Sendable func stopQA(_ request: Request, context: some RequestContext) async throws -> Response {
        try await changePitch(request, context) { change, caller, group in
            change.outcome.append(
                try change.state.stopQA(group: group, by: caller, settings: change.definition.pitch, at: change.now))
        }
    }

    @Sendable func logQA(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let body = try await JSONBody.request(QALogRequest.self, from: request)
        let kind = try body.qaKind()
        let key = try IdempotencyKey.of(request)
        let caller = principal.juryCaller
        let ((entry, replayed), _) = try await sessions.change(session.id) { change in
            let (entry, replayed, outcome) = try change.state.logQA(
                kind: kind, text: body.text, group: group, by: caller, settings: change.definition.pitch,
                at: change.now, requestKey: key)
            change.outcome.append(outcome)
            return (entry, replayed)
        }
        var response = try JSONBody.response(entry, status: .created)
        if replayed { response.headers[IdempotencyKey.replayed] = "true" }
        return response
    }

    @Sendable func editQA(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let entryID = context.parameters.get("entryId") ?? ""
        let edit = try await JSONBody.request(QAEditRequest.self, from: request).edit()
        let caller = principal.juryCaller
        let (entry, _) = try await sessions.change(session.id) { change in
            let (entry, outcome) = try change.state.editQA(
                entryID, edit, group: group, by: caller, settings: change.definition.pitch, at: change.now)
            change.outcome.append(outcome)
            return entry
        }
        return try JSONBody.response(entry)
    }

    @Sendable func sheet(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let caller = principal.juryCaller
        guard caller.role == .juror else {
            throw APIError(.forbidden, code: "not-allowed", "only jurors have score sheets")
        }
        let jury = session.state.jury
        guard jury.assignments[group]?.contains(caller.id) == true else {
            throw WorkshopError(.notAssigned, "juror \(caller.id) is not assigned to group \(group)")
        }
        guard !jury.isExcluded(caller.id, from: group) else {
            throw WorkshopError(.conflictOfInterest, "juror \(caller.id) declared a conflict of interest for \(group)")
        }
        let sheet =
            jury.sheet(juror: caller.id, group: group)
            ?? ScoreSheet(juror: caller.id, group: group, updatedAt: Date(epochMilliseconds: live.now))
        return try JSONBody.response(sheet)
    }

    @Sendable func putScores(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let scores = try await JSONBody.request(ScoresRequest.self, from: request).entries
        let caller = principal.juryCaller
        let (sheet, _) = try await sessions.change(session.id) { change in
            try change.state.putScores(scores, group: group, by: caller, at: change.now)
        }
        return try JSONBody.response(sheet)
    }

    @Sendable func submit(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        _ = try await JSONBody.request(EmptyRequest.self, from: request, emptyAllowed: true)
        let caller = principal.juryCaller
        let (sheet, _) = try await sessions.change(session.id) { change in
            let (sheet, outcome) = try change.state.submitScores(group: group, by: caller, at: change.now)
            change.outcome.append(outcome)
            return sheet
        }
        return try JSONBody.response(sheet)
    }

    @Sendable func conflict(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let reason = try await JSONBody.request(ReasonRequest.self, from: request, emptyAllowed: true).reason
        let caller = principal.juryCaller
        try await sessions.change(session.id) { change in
            change.outcome.append(
                try change.state.declareConflict(group: group, by: caller, reason: reason, at: change.now))
        }
        return try JSONBody.response(["group": group, "excluded": caller.id])
    }

    @Sendable func reveal(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context)
        let reason = try await JSONBody.request(ReasonRequest.self, from: request, emptyAllowed: true).reason ?? ""
        let caller = principal.juryCaller
        try await sessions.change(session.id) { change in
            change.outcome.append(
                try change.state.revealEarly(group: group, by: caller, reason: reason, at: change.now))
        }
        return try JSONBody.response(["group": group, "revealed": group])
    }

    /// The results as `principal` may see them (hidden values null).
    private func resultsView(_ session: LoadedSession, for principal: Principal) -> ResultsView {
        AssessmentController.results(session, for: principal, now: Date(epochMilliseconds: live.now))
    }

    /// `GET …/results`: the facilitator and the jurors at any time (what they may see); a
    /// participant or an observer only once the record is published (403 `not-published`),
    /// then a participant sees their own candidate only.
    @Sendable func results(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        try Self.requirePublished(session, for: principal)
        return try JSONBody.response(resultsView(session, for: principal))
    }

    /// 403 `not-published` to a participant or an observer before the record is published.
    static func requirePublished(_ session: LoadedSession, for principal: Principal) throws {
        let role = principal.caller.role
        if (role == .participant || role == .observer) && !session.state.deliberation.published {
            throw APIError(.forbidden, code: "not-published", "the results are not published yet")
        }
    }

    @Sendable func resultsCSV(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request, allowQuery: true)
        let session = try await sessions.session(context.parameters.get("id") ?? "", for: principal)
        try Self.requirePublished(session, for: principal)
        let separator: ResultsCSV.Separator
        switch request.uri.queryParameters.get("sep") {
        case nil, "comma": separator = .comma
        case "semicolon": separator = .semicolon
        case let other?:
            throw APIError(.badRequest, code: "bad_query", "sep must be comma or semicolon, not \"\(other)\"")
        }
        let csv = ResultsCSV.render(
            resultsView(session, for: principal), rubric: session.state.jury.rubric, separator: separator)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8; header=present",
                .contentDisposition: "attachment; filename=\"results.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    @Sendable func report(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, group, principal) = try await self.context(request, context, allowQuery: true)
        let view = resultsView(session, for: principal)
        let boards = session.boards.filter { $0.groupId == group }
        let contributions = try await sessions.store.contributions(boardIds: boards.map(\.id))
        let html = GroupReport(
            session: session, group: group, results: view.groups.first { $0.id == group },
            rubric: session.state.jury.rubric, pitch: pitchView(session, group), boards: boards,
            contributions: contributions,
            language: RecordPage.language(
                query: request.uri.queryParameters.get("lang"), acceptLanguage: request.headers[.acceptLanguage])
        ).html
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: SecurityHeadersMiddleware<BasicRequestContext>.documentPolicy,
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

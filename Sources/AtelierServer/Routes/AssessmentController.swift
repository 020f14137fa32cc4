import Foundation
import Hummingbird
import NIOCore
import NIOFoundationEssentialsCompat
import Storage
import Workshop

/// Candidates, deliberation and the signed record (docs/API.md, "Assessment").
struct AssessmentController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let live: LiveHub

    func addRoutes(to router: Router<some RequestContext>) {
        let session = router.group("/api/v1/sessions/{id}")
        session.put("/groups/{gid}/candidates/{cid}/scores", use: candidateScores)
        session.get("/deliberation", use: deliberation)
        session.post("/deliberation/decisions", use: decide)
        session.post("/deliberation/sign", use: sign)
        session.post("/deliberation/close", use: close)
        session.post("/deliberation/reopen", use: reopen)
        session.post("/deliberation/acting-president", use: actingPresident)
        session.post("/results/publish", use: publish)
        session.get("/record.json", use: recordJSON)
        session.get("/record.html", use: recordHTML)
        session.get("/candidates.csv", use: candidatesCSV)
        session.put("/groups/{gid}/problem", use: writeProblem)
        session.post("/groups/{gid}/problem/approve", use: approveProblem)
        router.get("/api/v1/records", use: records)
    }

    private func session(_ request: Request, _ context: some RequestContext, allowQuery: Bool = false) async throws
        -> (LoadedSession, Principal)
    {
        let principal = try await authenticator.require(request, allowQuery: allowQuery)
        return (try await sessions.session(context.parameters.get("id") ?? "", for: principal), principal)
    }

    private func requireGroup(_ session: LoadedSession, _ context: some RequestContext) throws -> String {
        let group = context.parameters.get("gid") ?? ""
        guard session.definition.groups.contains(where: { $0.id == group }) else {
            throw WorkshopError(.notFound, "no group \"\(group)\"")
        }
        return group
    }

    // MARK: - Scores per candidate

    /// `PUT …/groups/{gid}/candidates/{cid}/scores`: a juror's overrides of their group sheet
    /// for one candidate (a null score removes one), or the facilitator's scores of the criteria
    /// the definition gives them.
    @Sendable func candidateScores(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        let group = try requireGroup(session, context)
        let candidate = context.parameters.get("cid") ?? ""
        guard session.state.jury.candidate(candidate)?.group == group else {
            throw WorkshopError(.notFound, "no candidate \(candidate) in group \(group)")
        }
        let scores = try await JSONBody.request(ScoresRequest.self, from: request).entries
        let caller = principal.juryCaller
        let (sheet, _) = try await sessions.change(session.id) { change in
            let (sheet, outcome) = try change.state.putCandidateScores(
                scores, candidate: candidate, by: caller, at: change.now)
            change.outcome.append(outcome)
            return sheet
        }
        return try JSONBody.response(sheet)
    }

    // MARK: - Deliberation

    @Sendable func deliberation(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        try requireStaff(principal)
        return try JSONBody.response(SessionViews.DeliberationView(session))
    }

    @Sendable func decide(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        let body = try await JSONBody.request(DecisionRequest.self, from: request)
        let decision = try body.decisionValue()
        let caller = principal.juryCaller
        let (_, committed) = try await sessions.change(session.id) { change in
            change.outcome.append(
                try change.state.recordDecision(
                    decision, justification: body.justification, candidate: body.candidate, block: body.block,
                    by: caller, definition: change.definition, at: change.now))
        }
        return try JSONBody.response(SessionViews.DeliberationView(committed))
    }

    @Sendable func sign(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        _ = try await JSONBody.request(EmptyRequest.self, from: request, emptyAllowed: true)
        let caller = principal.juryCaller
        let (_, committed) = try await sessions.change(session.id) { change in
            change.outcome.append(try change.state.sign(by: caller, definition: change.definition, at: change.now))
        }
        return try JSONBody.response(SessionViews.DeliberationView(committed))
    }

    /// `POST …/deliberation/close`: the president signs the record. It is built from the state
    /// as the close will leave it, then the close commits with the record beside it, in one
    /// transaction that checks nothing changed in between.
    @Sendable func close(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        _ = try await JSONBody.request(EmptyRequest.self, from: request, emptyAllowed: true)
        let caller = principal.juryCaller
        let now = Date(epochMilliseconds: live.now)
        var closing = session.state
        let (version, _) = try closing.closeRecord(by: caller, definition: session.definition, at: now)
        let builder = RecordBuilder(store: sessions.store) { board in
            try await hub.withRoom(board) { try await $0.encodedState() }
        }
        let record = try await builder.build(
            session: session.with(state: closing, version: session.version), version: version, closedAt: now,
            president: caller)
        let expected = closing
        let (_, committed) = try await sessions.change(session.id) { change in
            let (closed, outcome) = try change.state.closeRecord(by: caller, definition: change.definition, at: now)
            guard closed == version, change.state.jury == expected.jury,
                change.state.deliberation == expected.deliberation
            else {
                throw WorkshopError(.recordChanged, "the record changed while it was being closed; close it again")
            }
            change.outcome.append(outcome)
            change.artifacts.append(
                ArtifactRecord(
                    sessionId: change.sessionId, kind: .record, key: "\(version)",
                    createdAt: now.epochMilliseconds, meta: Self.recordMeta(record), data: record))
        }
        return try JSONBody.response(SessionViews.DeliberationView(committed))
    }

    @Sendable func reopen(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        let reason = try await JSONBody.request(ReasonRequest.self, from: request, emptyAllowed: true).reason
        let caller = principal.juryCaller
        let (_, committed) = try await sessions.change(session.id) { change in
            change.outcome.append(
                try change.state.reopenRecord(by: caller, reason: reason, definition: change.definition, at: change.now)
            )
        }
        return try JSONBody.response(SessionViews.DeliberationView(committed))
    }

    @Sendable func actingPresident(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        let body = try await JSONBody.request(ActingPresidentRequest.self, from: request)
        let caller = principal.caller
        let (_, committed) = try await sessions.change(session.id) { change in
            change.outcome.append(
                try change.state.nameActingPresident(
                    body.juror, group: body.group, reason: body.reason, by: caller, definition: change.definition,
                    at: change.now))
        }
        return try JSONBody.response(SessionViews.DeliberationView(committed))
    }

    @Sendable func publish(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        _ = try await JSONBody.request(EmptyRequest.self, from: request, emptyAllowed: true)
        let caller = principal.caller
        let (_, committed) = try await sessions.change(session.id) { change in
            change.outcome.append(try change.state.publishResults(by: caller, at: change.now))
        }
        return try JSONBody.response(SessionViews.DeliberationView(committed))
    }

    // MARK: - The record

    /// The stored record of `version` (default: the newest).
    private func record(_ session: LoadedSession, _ request: Request) async throws -> ArtifactRecord {
        let records = try await sessions.store.artifacts(sessionId: session.id, kind: .record)
        if let raw = request.uri.queryParameters.get("version") {
            guard let version = Int(raw), let record = records.last(where: { $0.key == "\(version)" }) else {
                throw WorkshopError(.notFound, "no record version \(raw)")
            }
            return record
        }
        guard let newest = records.last else {
            throw WorkshopError(.notFound, "the record is not closed yet: no version signed")
        }
        return newest
    }

    /// The facilitator and the jurors read every record; a participant only after publication
    /// (and `record.html` shows them their own page); observers never (403 `forbidden`).
    private func requireRecordReader(_ principal: Principal, _ session: LoadedSession) throws {
        switch principal.caller.role {
        case .facilitator, .juror: return
        case .participant where session.state.deliberation.published: return
        case .participant:
            throw APIError(.forbidden, code: "not-published", "the results are not published")
        case .observer:
            throw APIError(.forbidden, code: "forbidden", "observers do not read the candidates' results")
        }
    }

    @Sendable func recordJSON(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context, allowQuery: true)
        try requireStaff(principal)
        let record = try await record(session, request)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: "inline; filename=\"record-\(session.id)-v\(record.key).json\"",
            ],
            body: .init(byteBuffer: ByteBuffer(data: record.data)))
    }

    @Sendable func recordHTML(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context, allowQuery: true)
        try requireRecordReader(principal, session)
        let stored = try await record(session, request)
        let record = try JSONDecoder().decode(AssessmentRecord.self, from: stored.data)
        let hash = (try? JSONDecoder().decode(RecordHash.self, from: stored.data))?.sha256 ?? ""
        let language = RecordPage.language(
            query: request.uri.queryParameters.get("lang"),
            acceptLanguage: request.headers[.acceptLanguage])
        let only = principal.caller.role == .participant ? session.candidate(ofInvite: principal.caller.id)?.id : nil
        let html = RecordPage(record: record, sha256: hash, language: language, onlyCandidate: only).html
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: SecurityHeadersMiddleware<BasicRequestContext>.documentPolicy,
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `GET /api/v1/records` (the administrator): every signed record of the server, with its
    /// session, version and hash — deleted sessions' records included.
    @Sendable func records(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireAdministrator(request)
        let records = try await sessions.store.artifacts(kind: .record).map { artifact in
            let meta = (try? JSONDecoder().decode(RecordMeta.self, from: Data(artifact.meta.utf8)))
            return SessionViews.RecordSummary(
                session: artifact.sessionId, title: meta?.title ?? "", version: Int(artifact.key) ?? 0,
                closedAt: artifact.createdAt, sha256: meta?.sha256 ?? "")
        }
        return try JSONBody.response(["records": records])
    }

    static func recordMeta(_ record: Data) -> String {
        let hash = (try? JSONDecoder().decode(RecordHash.self, from: record))?.sha256 ?? ""
        let title = (try? JSONDecoder().decode(AssessmentRecord.self, from: record))?.session.title ?? ""
        let data = (try? JSONEncoder().encode(RecordMeta(title: title, sha256: hash))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private struct RecordHash: Decodable {
        let sha256: String
    }

    private struct RecordMeta: Codable {
        let title: String
        let sha256: String
    }

    // MARK: - CSV

    /// `GET …/candidates.csv`: one row per candidate × assessment × assessor × criterion, with
    /// the candidate's mark, proposal and decision (the facilitator and the jurors; a
    /// participant their own rows once published).
    @Sendable func candidatesCSV(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context, allowQuery: true)
        try requireRecordReader(principal, session)
        let separator: ResultsCSV.Separator
        switch request.uri.queryParameters.get("sep") {
        case nil, "comma": separator = .comma
        case "semicolon": separator = .semicolon
        case let other?:
            throw APIError(.badRequest, code: "bad_query", "sep must be comma or semicolon, not \"\(other)\"")
        }
        let view = Self.results(session, for: principal, now: Date(epochMilliseconds: live.now))
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8; header=present",
                .contentDisposition: "attachment; filename=\"candidates.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: CandidatesCSV.render(view, separator: separator))))
    }

    /// The results as `principal` may see them.
    static func results(_ session: LoadedSession, for principal: Principal, now: Date) -> ResultsView {
        let overtime = session.state.pitches.mapValues { $0.overtimeMilliseconds(at: now) }
        let caller = principal.juryCaller
        let candidate = caller.role == .participant ? session.candidate(ofInvite: caller.id)?.id : nil
        return session.state.jury.results(
            for: caller, participantCandidate: candidate, definition: session.definition,
            deliberation: session.state.deliberation, names: session.candidateNames, overtimeMilliseconds: overtime)
    }

    // MARK: - Problem statements

    @Sendable func writeProblem(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        let group = try requireGroup(session, context)
        let text = try await JSONBody.request(ProblemRequest.self, from: request).text
        let caller = principal.caller
        let (_, committed) = try await sessions.change(session.id) { change in
            change.outcome.append(try change.state.writeProblem(text, group: group, by: caller, at: change.now))
        }
        return try JSONBody.response(committed.state.problems[group])
    }

    @Sendable func approveProblem(_ request: Request, context: some RequestContext) async throws -> Response {
        let (session, principal) = try await self.session(request, context)
        let group = try requireGroup(session, context)
        _ = try await JSONBody.request(EmptyRequest.self, from: request, emptyAllowed: true)
        let caller = principal.caller
        let (_, committed) = try await sessions.change(session.id) { change in
            change.outcome.append(try change.state.approveProblem(group: group, by: caller, at: change.now))
        }
        return try JSONBody.response(committed.state.problems[group])
    }

    private func requireStaff(_ principal: Principal) throws {
        guard principal.caller.role == .facilitator || principal.caller.role == .juror else {
            throw APIError(.forbidden, code: "forbidden", "only the facilitator and the jurors may read this")
        }
    }
}

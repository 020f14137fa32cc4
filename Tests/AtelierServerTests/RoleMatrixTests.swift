import Foundation
import NIOHTTP1
import Testing

/// Every route × every kind of caller, against the real server: the status each gets, and that
/// every error is the documented JSON `{"error": {"code", "message"}}`. Then the bad input of the
/// API (bad JSON, unknown fields, unknown ids, other sessions, wrong methods) case by case.
///
/// The routes live in one table, ``RouteTable/routes``; `OpenAPITests` checks that
/// `/api/v1/openapi.json` documents exactly those routes and every status of the table. To add
/// a route: add its row (and its path to `docs/openapi.json`, and a section to `docs/API.md`).
@Suite("Role × route matrix", .serialized)
struct RoleMatrixTests {
    @Test("every role gets the documented status on every route")
    func matrix() async throws {
        let fixture = try await MatrixFixture.make()
        for row in RouteTable.routes {
            for (role, expected) in zip(MatrixRole.allCases, row.expected) {
                let path = fixture.fill(row.path, overrides: row.fill)
                switch row.kind {
                case .http:
                    let reply = try await fixture.call(row.method, path, as: role, body: row.body)
                    #expect(
                        reply.status == expected,
                        "\(row.method) \(path) as \(role): expected \(expected), got \(reply.status): \(reply.text)")
                    if reply.status >= 400 {
                        #expect(
                            MatrixFixture.envelopeProblem(reply) == nil,
                            "\(row.method) \(path) as \(role): \(MatrixFixture.envelopeProblem(reply) ?? "")")
                    }
                    if expected == 401 {
                        let code = role == .noToken ? "missing_token" : "bad_token"
                        #expect(
                            MatrixFixture.errorCode(reply) == code, "\(row.method) \(path) as \(role): \(reply.text)")
                    }
                case .webSocket:
                    let outcome = try await fixture.probe(path, as: role, expectOpen: expected == 101)
                    #expect(
                        outcome.code == expected, "WebSocket \(path) as \(role): expected \(expected), got \(outcome)")
                }
            }
        }
    }

    @Test("bad JSON, unknown fields, unknown ids, other sessions and wrong methods get their JSON errors")
    func badInput() async throws {
        let fixture = try await MatrixFixture.make()
        for probe in RouteTable.badInput {
            let path = fixture.fill(probe.path)
            switch probe.kind {
            case .http:
                let reply = try await fixture.call(probe.method, path, as: probe.role, body: probe.body)
                #expect(
                    reply.status == probe.status,
                    "\(probe.what): \(probe.method) \(path) → expected \(probe.status), got \(reply.status): \(reply.text)"
                )
                if probe.status >= 400 {
                    #expect(
                        MatrixFixture.envelopeProblem(reply) == nil,
                        "\(probe.what): \(probe.method) \(path): \(MatrixFixture.envelopeProblem(reply) ?? "")")
                }
                if let code = probe.code {
                    #expect(MatrixFixture.errorCode(reply) == code, "\(probe.what): \(reply.text)")
                }
                if probe.status == 405 {
                    #expect(reply.header("allow")?.isEmpty == false, "\(probe.what): 405 without an Allow header")
                }
                if let words = probe.messageContains {
                    #expect(MatrixFixture.errorMessage(reply)?.contains(words) == true, "\(probe.what): \(reply.text)")
                }
            case .webSocket:
                let outcome = try await fixture.probe(path, as: probe.role, expectOpen: probe.status == 101)
                #expect(outcome.code == probe.status, "\(probe.what): WebSocket \(path) → \(outcome)")
                #expect(outcome.code == 101 || outcome.reason?.isEmpty == false, "\(probe.what): a close has a reason")
            }
        }
        // Nothing above broke the server or the session.
        let state = try await API(server: fixture.server).get("/api/v1/sessions/\(fixture.values["id"] ?? "")")
        #expect((state["phase"] as? [String: Any])?["id"] as? String == "empathize")
    }
}

// MARK: - The table

/// Who calls: the columns of the matrix, in this order.
enum MatrixRole: String, CaseIterable, Sendable, CustomStringConvertible {
    case facilitator
    case participantG1 = "participant of g1"
    case participantG2 = "participant of g2"
    case juror
    case observer
    case noToken = "no token"
    case badToken = "bad token"
    case revokedInvite = "revoked invite"
    /// Last, so that the state the other columns find is as before: it finds what they did.
    case coFacilitator = "co-facilitator"

    var description: String { rawValue }
}

/// A request body a row sends.
enum MatrixBody: Sendable {
    /// No body.
    case none
    /// These bytes, as they are.
    case raw(String)
    /// The example definition (`sessions/examples/cdo-sprint.json`, started two days ago).
    case definition
    /// The example definition with one more top-level field.
    case definitionWithField(String)
    /// The example definition with one more field in its first group.
    case definitionWithGroupField(String)
    /// The example definition without one of its fields.
    case definitionWithout(String)
    /// 2 MiB of JSON whitespace (over the 1 MiB limit).
    case oversized
    /// A 1×1 PNG image (`image/png`).
    case png
    /// The same PNG cut inside its image data (`image/png`), refused as malformed.
    case truncatedPNG
    /// An SVG image (`image/svg+xml`), refused by uploads.
    case svg

    /// `goto` the current phase: a no-op answered 200, so the matrix leaves the phase alone.
    static let phaseNoop = MatrixBody.raw(#"{"action":"goto","phase":"empathize"}"#)
    static let question = MatrixBody.raw(#"{"kind":"question","text":"Who pays for the service?"}"#)
    static let answer = MatrixBody.raw(#"{"answer":"The city, then subscriptions."}"#)
    static let reason = MatrixBody.raw(#"{"reason":"audited for the test"}"#)
}

/// One route and the status each ``MatrixRole`` gets (101: the WebSocket stays open; 44xx: the
/// close code it is refused with).
struct RouteRow: Sendable {
    enum Kind: Sendable { case http, webSocket }

    let method: String
    /// The path as `docs/openapi.json` names it; `{placeholders}` are filled from the fixture.
    let path: String
    let kind: Kind
    let body: MatrixBody
    /// One status per ``MatrixRole``, in its order.
    let expected: [Int]
    /// Placeholders filled from another fixture value than their own name (`qid` → `qid2`).
    var fill: [String: String] = [:]

    static func http(
        _ method: String, _ path: String, _ body: MatrixBody = .none, _ expected: Int..., fill: [String: String] = [:]
    ) -> RouteRow {
        RouteRow(method: method, path: path, kind: .http, body: body, expected: expected, fill: fill)
    }

    static func socket(_ path: String, _ expected: Int...) -> RouteRow {
        RouteRow(method: "GET", path: path, kind: .webSocket, body: .none, expected: expected)
    }
}

/// One bad request and the error it gets.
struct BadInputProbe: Sendable {
    let what: String
    let method: String
    let path: String
    let role: MatrixRole
    let body: MatrixBody
    let status: Int
    let code: String?
    var messageContains: String? = nil
    var kind: RouteRow.Kind = .http
}

/// The routes of the server. Fixture values for placeholders: `id` (the session), `boardId` (g1's
/// empathy map), `inviteId` (a participant of g3), `qid` and `qid2` (two pending quarantine
/// entries), `name` (`cdo-sprint`), `token` (g1's invite), `package`, `path`, `vendorPath`,
/// `sessionId` (the session), `otherSession`, `otherBoard` (a second session and its g1 empathy map),
/// `gid` (`g1`), `conflictGroup` (`g4`), `entryId` (a Q&A entry of g1), `hash` (an uploaded image).
enum RouteTable {
    private static let wrongMethod = 405

    // swift-format-ignore
    static let routes: [RouteRow] = [
        //     method  path                                                  body             fac  g1   g2   jury obs  none bad  revoked cofac
        .http("GET",  "/healthz",                                            .none,           200, 200, 200, 200, 200, 200, 200, 200, 200),
        .http("GET",  "/metrics",                                            .none,           200, 200, 200, 200, 200, 200, 200, 200, 200),
        .http("GET",  "/api/v1/openapi.json",                                .none,           200, 200, 200, 200, 200, 200, 200, 200, 200),
        .http("GET",  "/api/v1/me",                                          .none,           200, 200, 200, 200, 200, 401, 401, 401, 200),
        .http("GET",  "/api/v1/examples",                                    .none,           200, 200, 200, 200, 200, 401, 401, 401, 200),
        .http("GET",  "/api/v1/examples/{name}",                             .none,           200, 200, 200, 200, 200, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions",                                    .definition,     201, 403, 403, 403, 403, 401, 401, 401, 403),
        .http("GET",  "/api/v1/sessions",                                    .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}",                               .none,           200, 200, 200, 200, 200, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/phase",                         .phaseNoop,      200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}/audit",                         .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}/invites",                       .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/invites/{inviteId}/revoke",     .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/invites/{inviteId}/reissue",    .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        // People: an observer added, a person renamed, a group renamed.
        .http("POST", "/api/v1/sessions/{id}/people",                        .raw(#"{"name":"Late Comer","role":"observer"}"#), 201, 403, 403, 403, 403, 401, 401, 401, 201),
        .http("PATCH","/api/v1/sessions/{id}/people/{inviteId}",             .raw(#"{"name":"Renamed Person"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("PATCH","/api/v1/sessions/{id}/groups/{gid}",                  .raw(#"{"name":"Groupe Un"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}/people/{inviteId}/export",      .none,           200, 403, 403, 403, 403, 401, 401, 401, 403),
        // The sprint's days "moved" to the day they already start on.
        .http("POST", "/api/v1/sessions/{id}/dates",                         .raw(#"{"startDate":"{startDate}"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        // Running the room: a timer the fixture started, paused, resumed, extended and stopped;
        // a lead to a board and its end; the votes of g1's ideas board (locked in `empathize`).
        .http("GET",  "/api/v1/sessions/{id}/timers",                        .none,           200, 200, 200, 200, 200, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/timers",                        .raw(#"{"label":"Crazy 8","seconds":480}"#), 201, 403, 403, 403, 403, 401, 401, 401, 201),
        .http("POST", "/api/v1/sessions/{id}/timers/{timerId}/pause",        .none,           200, 403, 403, 403, 403, 401, 401, 401, 409),
        .http("POST", "/api/v1/sessions/{id}/timers/{timerId}/resume",       .none,           200, 403, 403, 403, 403, 401, 401, 401, 409),
        .http("POST", "/api/v1/sessions/{id}/timers/{timerId}/add",          .raw(#"{"seconds":60}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/timers/{timerId}/stop",         .none,           200, 403, 403, 403, 403, 401, 401, 401, 404),
        // Archived and open again (the rows after it run on a running session); archiving ends
        // the timers, so it comes after the rows that use the fixture's.
        .http("POST", "/api/v1/sessions/{id}/archive",                       .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/unarchive",                     .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/follow",                        .raw(#"{"board":"{boardId}","view":{"x":0,"y":0,"zoom":1}}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/follow/stop",                   .none,           204, 403, 403, 403, 403, 401, 401, 401, 204),
        .http("GET",  "/api/v1/boards/{boardId}/votes",                      .none,           200, 200, 403, 200, 403, 401, 401, 401, 200, fill: ["boardId": "ideas"]),
        .http("POST", "/api/v1/boards/{boardId}/votes",                      .raw(#"{"item":"n1"}"#), 403, 409, 403, 403, 403, 401, 401, 401, 403, fill: ["boardId": "ideas"]),
        .http("DELETE","/api/v1/boards/{boardId}/votes/{itemId}",            .none,           403, 409, 403, 403, 403, 401, 401, 401, 403, fill: ["boardId": "ideas"]),
        .http("POST", "/api/v1/boards/{boardId}/vote",                       .raw(#"{"anonymous":true}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200, fill: ["boardId": "ideas"]),
        .http("POST", "/api/v1/boards/{boardId}/vote/reset",                 .none,           200, 403, 403, 403, 403, 401, 401, 401, 200, fill: ["boardId": "ideas"]),
        .http("POST", "/api/v1/boards/{boardId}/mode",                       .raw(#"{"mode":"private"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        // Shared again: a private board's checkpoints are not restored (409 `board-private`).
        .http("POST", "/api/v1/boards/{boardId}/mode",                       .raw(#"{"mode":"shared"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}/quarantine",                    .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/quarantine/{qid}/apply",        .none,           200, 403, 403, 403, 403, 401, 401, 401, 409),
        .http("POST", "/api/v1/sessions/{id}/quarantine/{qid}/discard",      .none,           200, 403, 403, 403, 403, 401, 401, 401, 409, fill: ["qid": "qid2"]),
        // Pitch and jury (g1; the conflict on g4). Cells run left to right, row after row, and the
        // state carries over: the juror finds the pitch the facilitator started (409), and so on;
        // the co-facilitator, last, finds what every other column did (409, or 422 for an edit
        // that changes nothing): past the role check, which is what the cell checks.
        .http("GET",  "/api/v1/sessions/{id}/groups/{gid}/pitch",            .none,           200, 200, 200, 200, 200, 401, 401, 401, 200),
        // Outside the pitch phase only a facilitator starts a pitch, with an override and a reason.
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/pitch/start",      .raw(#"{"override":true,"reason":"rehearsal"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 409),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/pitch/slide",      .raw(#"{"slide":0}"#), 422, 422, 403, 403, 403, 401, 401, 401, 422),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/pitch/stop",       .none,           200, 403, 403, 409, 403, 401, 401, 401, 409),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/qa/start",         .none,           200, 403, 403, 409, 403, 401, 401, 401, 409),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/qa",               .question,       201, 403, 403, 201, 403, 401, 401, 401, 201),
        .http("PATCH","/api/v1/sessions/{id}/groups/{gid}/qa/{entryId}",     .answer,         200, 403, 403, 422, 403, 401, 401, 401, 422),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/qa/stop",          .none,           200, 403, 403, 409, 403, 401, 401, 401, 409),
        .http("GET",  "/api/v1/sessions/{id}/groups/{gid}/scores",           .none,           403, 403, 403, 200, 403, 401, 401, 401, 403),
        .http("PUT",  "/api/v1/sessions/{id}/groups/{gid}/scores",           .raw(#"{"scores":{}}"#), 403, 403, 403, 200, 403, 401, 401, 401, 403),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/scores/submit",    .none,           403, 403, 403, 422, 403, 401, 401, 401, 403),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/conflict",         .reason,         403, 403, 403, 200, 403, 401, 401, 401, 403, fill: ["gid": "conflictGroup"]),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/reveal",           .reason,         200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}/groups/{gid}/report.html",      .none,           200, 200, 200, 200, 200, 401, 401, 401, 200),
        // Extra time before g2's pitch; g1's (started above) reset by the facilitator with a reason.
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/pitch/extra-time", .raw(#"{"seconds":60,"reason":"late projector"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200, fill: ["gid": "otherGroup"]),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/pitch/reset",      .reason,         200, 403, 403, 403, 403, 401, 401, 401, 409),
        // Candidates and deliberation (the juror is j1, the president). A facilitator scores
        // only the criteria the definition gives them; {} is a no-op for both.
        .http("PUT",  "/api/v1/sessions/{id}/groups/{gid}/candidates/{cid}/scores", .raw(#"{"scores":{}}"#), 200, 403, 403, 200, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}/deliberation",                  .none,           200, 403, 403, 200, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/deliberation/decisions",        .raw(#"{"candidate":"{cid}","block":"A14","decision":"not-validated","justification":"absent on day 2"}"#), 403, 403, 403, 200, 403, 401, 401, 401, 403),
        .http("POST", "/api/v1/sessions/{id}/deliberation/sign",             .none,           403, 403, 403, 200, 403, 401, 401, 401, 403),
        // j2 and j3 have not signed: the president cannot close yet (409 unsigned).
        .http("POST", "/api/v1/sessions/{id}/deliberation/close",            .none,           403, 403, 403, 409, 403, 401, 401, 401, 403),
        .http("POST", "/api/v1/sessions/{id}/deliberation/reopen",           .reason,         403, 403, 403, 409, 403, 401, 401, 401, 403),
        .http("POST", "/api/v1/sessions/{id}/deliberation/acting-president", .raw(#"{"group":"g4","juror":"j2","reason":"j1 recused from g4"}"#), 200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/results/publish",               .none,           409, 403, 403, 403, 403, 401, 401, 401, 409),
        // No record is closed yet: 404 for those who may read one.
        .http("GET",  "/api/v1/sessions/{id}/record.json",                   .none,           404, 403, 403, 404, 403, 401, 401, 401, 404),
        .http("GET",  "/api/v1/sessions/{id}/record.html",                   .none,           404, 403, 403, 404, 403, 401, 401, 401, 404),
        .http("GET",  "/api/v1/sessions/{id}/candidates.csv",                .none,           200, 403, 403, 200, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/records",                                     .none,           200, 403, 403, 403, 403, 401, 401, 401, 403),
        .http("PUT",  "/api/v1/sessions/{id}/groups/{gid}/problem",          .raw(#"{"text":"How might we make the bus stop feel safe at night?"}"#), 200, 200, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/groups/{gid}/problem/approve",  .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        // Participants and observers read results once the record is published (403 not-published before).
        .http("GET",  "/api/v1/sessions/{id}/results",                       .none,           200, 403, 403, 200, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/sessions/{id}/results.csv",                   .none,           200, 403, 403, 200, 403, 401, 401, 401, 200),
        // Boards and images (g1's empathy map, writable in the first phase).
        .http("POST", "/api/v1/boards/{boardId}/assets",                     .png,            201, 201, 403, 403, 403, 401, 401, 401, 201),
        // The image is on g1's empathy map: its readers get it (observers read boards during the pitch only).
        .http("GET",  "/assets/{hash}",                                      .none,           200, 200, 403, 200, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/boards/{boardId}/export.json",                .none,           200, 200, 403, 200, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/boards/{boardId}/quarantine/mine",            .none,           200, 200, 404, 200, 404, 401, 401, 401, 200),
        .http("GET",  "/api/v1/boards/{boardId}/checkpoints",                .none,           200, 200, 403, 200, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/boards/{boardId}/checkpoints/{cpId}/export.json", .none,       200, 200, 403, 200, 403, 401, 401, 401, 200),
        .http("GET",  "/api/v1/boards/{boardId}/checkpoints/{cpId}/compare", .none,           200, 200, 403, 200, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/boards/{boardId}/checkpoints",                .raw(#"{"label":"before the vote"}"#), 201, 403, 403, 403, 403, 401, 401, 401, 201),
        .http("POST", "/api/v1/boards/{boardId}/checkpoints/{cpId}/restore", .none,           200, 403, 403, 403, 403, 401, 401, 401, 200),
        .http("POST", "/api/v1/sessions/{id}/checkpoints",                   .raw(#"{"label":"lunch"}"#), 201, 403, 403, 403, 403, 401, 401, 401, 201),
        .http("POST", "/api/v1/assets/collect",                              .none,           200, 403, 403, 403, 403, 401, 401, 401, 403),
        .http("POST", "/api/v1/sign-in",                                     .none,           204, 204, 204, 204, 204, 401, 401, 401, 204),
        .http("POST", "/api/v1/sign-out",                                    .none,           204, 204, 204, 204, 204, 204, 204, 204, 204),
        .http("GET",  "/",                                                   .none,           200, 200, 200, 200, 200, 200, 200, 200, 200),
        .http("GET",  "/boards/{boardId}",                                   .none,           200, 200, 200, 200, 200, 200, 200, 200, 200),
        .http("GET",  "/join/{token}",                                       .none,           200, 200, 200, 200, 200, 200, 200, 200, 200),
        .http("GET",  "/vendor/{package}/{path}",                            .none,           200, 200, 200, 200, 200, 200, 200, 200, 200, fill: ["path": "vendorPath"]),
        .http("GET",  "/{path}",                                             .none,           200, 200, 200, 200, 200, 200, 200, 200, 200),
        .socket(      "/sync/{boardId}",                                                      101, 101, 4403, 101, 4403, 4401, 4401, 4401, 101),
        .socket(      "/live/{sessionId}",                                                    101, 101, 101, 101, 101, 4401, 4401, 4401, 101),
        .socket(      "/echo",                                                                101, 101, 101, 101, 101, 101, 101, 101, 101),
        // Erasing a person (the {inviteId} invite, whose token then stops working).
        .http("POST", "/api/v1/sessions/{id}/people/{inviteId}/erase",       .none,           200, 403, 403, 403, 403, 401, 401, 401, 403),
        // Last: the facilitator deletes the session, and its invites' tokens are unknown after.
        .http("DELETE", "/api/v1/sessions/{id}",                             .none,           204, 401, 401, 401, 401, 401, 401, 401, 401),
    ]

    // swift-format-ignore
    static let badInput: [BadInputProbe] = [
        // Bad JSON: 400 bad_json.
        .init(what: "truncated JSON",          method: "POST", path: "/api/v1/sessions", role: .facilitator, body: .raw("{"), status: 400, code: "bad_json"),
        .init(what: "empty body",              method: "POST", path: "/api/v1/sessions", role: .facilitator, body: .raw(""), status: 400, code: "bad_json"),
        .init(what: "an array, not an object", method: "POST", path: "/api/v1/sessions", role: .facilitator, body: .raw("[1,2]"), status: 400, code: "bad_json"),
        .init(what: "not JSON at all",         method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw("action=advance"), status: 400, code: "bad_json"),
        .init(what: "a JSON string",           method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#""advance""#), status: 400, code: "bad_json"),
        .init(what: "over 1 MiB",              method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .oversized, status: 413, code: "too_large"),
        // Unknown, missing and mistyped fields: 422.
        .init(what: "unknown phase field",     method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#"{"action":"advance","force":true}"#), status: 422, code: "unknown_field", messageContains: "force"),
        .init(what: "missing action",          method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw("{}"), status: 422, code: "missing_field", messageContains: "action"),
        .init(what: "unknown action",          method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#"{"action":"jump"}"#), status: 422, code: "bad_field", messageContains: "jump"),
        .init(what: "action not a string",     method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#"{"action":42}"#), status: 422, code: "bad_field"),
        .init(what: "override not a boolean",  method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#"{"action":"goto","phase":"define","override":"yes"}"#), status: 422, code: "bad_field", messageContains: "override"),
        .init(what: "unknown phase id",        method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#"{"action":"goto","phase":"nowhere","override":true,"reason":"x"}"#), status: 422, code: "unknown-phase"),
        .init(what: "override without reason", method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#"{"action":"goto","phase":"test","override":true}"#), status: 422, code: "reason-required"),
        .init(what: "skip without override",   method: "POST", path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .raw(#"{"action":"goto","phase":"test"}"#), status: 409, code: "skip-refused"),
        .init(what: "unknown definition field", method: "POST", path: "/api/v1/sessions", role: .facilitator, body: .definitionWithField("colour"), status: 422, code: "invalid_definition", messageContains: "colour"),
        .init(what: "unknown group field",     method: "POST", path: "/api/v1/sessions", role: .facilitator, body: .definitionWithGroupField("colour"), status: 422, code: "invalid_definition", messageContains: "groups[0].colour"),
        .init(what: "definition without groups", method: "POST", path: "/api/v1/sessions", role: .facilitator, body: .definitionWithout("groups"), status: 422, code: "invalid_definition", messageContains: "groups"),
        // Unknown ids: 404 not_found.
        .init(what: "unknown session",         method: "GET",  path: "/api/v1/sessions/s_nope", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown session (invite)", method: "GET", path: "/api/v1/sessions/s_nope", role: .participantG1, body: .none, status: 404, code: "not_found"),
        .init(what: "phase of unknown session", method: "POST", path: "/api/v1/sessions/s_nope/phase", role: .facilitator, body: .raw(#"{"action":"advance"}"#), status: 404, code: "not_found"),
        .init(what: "audit of unknown session", method: "GET", path: "/api/v1/sessions/s_nope/audit", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "invites of unknown session", method: "GET", path: "/api/v1/sessions/s_nope/invites", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown invite (revoke)", method: "POST", path: "/api/v1/sessions/{id}/invites/i_nope/revoke", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown invite (reissue)", method: "POST", path: "/api/v1/sessions/{id}/invites/i_nope/reissue", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "invite of another session", method: "POST", path: "/api/v1/sessions/{otherSession}/invites/{inviteId}/revoke", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "quarantine of unknown session", method: "GET", path: "/api/v1/sessions/s_nope/quarantine", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown quarantine entry", method: "POST", path: "/api/v1/sessions/{id}/quarantine/999999/apply", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "non-numeric quarantine id", method: "POST", path: "/api/v1/sessions/{id}/quarantine/abc/discard", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "entry of another session", method: "POST", path: "/api/v1/sessions/{otherSession}/quarantine/{qid}/apply", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown board (invite)",  method: "GET",  path: "/api/v1/boards/b_nope/export.json", role: .participantG1, body: .none, status: 404, code: "not_found"),
        .init(what: "invalid board id",        method: "GET",  path: "/api/v1/boards/no.such.board/export.json", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown example",         method: "GET",  path: "/api/v1/examples/nope", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "example path trick",      method: "GET",  path: "/api/v1/examples/..%2F..%2FPackage", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown API route",       method: "GET",  path: "/api/v1/nope", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "unknown API route (POST)", method: "POST", path: "/api/v1/nope", role: .facilitator, body: .raw("{}"), status: 404, code: "not_found"),
        .init(what: "static path trick",       method: "GET",  path: "/..%2FPackage.swift", role: .noToken, body: .none, status: 404, code: "not_found"),
        .init(what: "vendor path trick",       method: "GET",  path: "/vendor/yjs/..%2F..%2F..%2Fetc%2Fpasswd", role: .noToken, body: .none, status: 404, code: "not_found"),
        // Pitch, jury and images.
        .init(what: "slide not an integer",    method: "POST", path: "/api/v1/sessions/{id}/groups/{gid}/pitch/slide", role: .facilitator, body: .raw(#"{"slide":"two"}"#), status: 422, code: "bad_field"),
        .init(what: "Q&A: bad JSON",           method: "POST", path: "/api/v1/sessions/{id}/groups/{gid}/qa", role: .juror, body: .raw("{kind: question}"), status: 400, code: "bad_json"),
        .init(what: "Q&A: unknown kind",       method: "POST", path: "/api/v1/sessions/{id}/groups/{gid}/qa", role: .juror, body: .raw(#"{"kind":"rant","text":"x"}"#), status: 422, code: "bad_field", messageContains: "rant"),
        .init(what: "Q&A: unknown field",      method: "POST", path: "/api/v1/sessions/{id}/groups/{gid}/qa", role: .juror, body: .raw(#"{"kind":"question","text":"x","urgent":true}"#), status: 422, code: "unknown_field", messageContains: "urgent"),
        .init(what: "Q&A: empty text",         method: "POST", path: "/api/v1/sessions/{id}/groups/{gid}/qa", role: .juror, body: .raw(#"{"kind":"question","text":" "}"#), status: 422, code: "invalid-entry"),
        .init(what: "Q&A: unknown entry",      method: "PATCH", path: "/api/v1/sessions/{id}/groups/{gid}/qa/qa-999", role: .juror, body: .answer, status: 404, code: "unknown-entry"),
        .init(what: "scores: unknown criterion", method: "PUT", path: "/api/v1/sessions/{id}/groups/{gid}/scores", role: .juror, body: .raw(#"{"scores":{"charisma":{"score":3}}}"#), status: 422, code: "unknown-criterion"),
        .init(what: "scores: comment not text", method: "PUT", path: "/api/v1/sessions/{id}/groups/{gid}/scores", role: .juror, body: .raw(#"{"scores":{"a15-format-time":{"score":3,"comment":5}}}"#), status: 422, code: "bad_field"),
        .init(what: "scores: unknown field",   method: "PUT", path: "/api/v1/sessions/{id}/groups/{gid}/scores", role: .juror, body: .raw(#"{"scores":{},"final":true}"#), status: 422, code: "unknown_field"),
        .init(what: "pitch of unknown group",  method: "GET",  path: "/api/v1/sessions/{id}/groups/g9/pitch", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "start unknown group",     method: "POST", path: "/api/v1/sessions/{id}/groups/g9/pitch/start", role: .juror, body: .none, status: 404, code: "not_found"),
        .init(what: "results of unknown session", method: "GET", path: "/api/v1/sessions/s_nope/results", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "CSV: unknown separator",  method: "GET",  path: "/api/v1/sessions/{id}/results.csv?sep=tab", role: .facilitator, body: .none, status: 400, code: "bad_query"),
        .init(what: "upload: SVG",             method: "POST", path: "/api/v1/boards/{boardId}/assets", role: .participantG1, body: .svg, status: 415, code: "svg_refused"),
        .init(what: "upload: not an image",    method: "POST", path: "/api/v1/boards/{boardId}/assets", role: .participantG1, body: .raw("hello"), status: 415, code: "not_an_image"),
        .init(what: "upload: truncated PNG",   method: "POST", path: "/api/v1/boards/{boardId}/assets", role: .participantG1, body: .truncatedPNG, status: 415, code: "malformed_image", messageContains: "PNG"),
        .init(what: "upload: unknown board",   method: "POST", path: "/api/v1/boards/b_nope/assets", role: .participantG1, body: .png, status: 404, code: "not_found"),
        .init(what: "unknown asset",           method: "GET",  path: "/assets/0000000000000000000000000000000000000000000000000000000000000000", role: .participantG1, body: .none, status: 404, code: "not_found"),
        .init(what: "asset without a token",   method: "GET",  path: "/assets/0000000000000000000000000000000000000000000000000000000000000000", role: .noToken, body: .none, status: 401, code: "missing_token"),
        .init(what: "asset path trick",        method: "GET",  path: "/assets/..%2F..%2Fsessions.sqlite", role: .noToken, body: .none, status: 404, code: "not_found"),
        // Other sessions: 403.
        .init(what: "another session's state", method: "GET",  path: "/api/v1/sessions/{otherSession}", role: .participantG1, body: .none, status: 403, code: "forbidden"),
        .init(what: "another session's board", method: "GET",  path: "/api/v1/boards/{otherBoard}/export.json", role: .participantG1, body: .none, status: 403, code: "forbidden"),
        // State conflicts: 409.
        .init(what: "apply once",              method: "POST", path: "/api/v1/sessions/{id}/quarantine/{qid}/apply", role: .facilitator, body: .none, status: 200, code: nil),
        .init(what: "apply twice",             method: "POST", path: "/api/v1/sessions/{id}/quarantine/{qid}/apply", role: .facilitator, body: .none, status: 409, code: "not_pending"),
        .init(what: "discard an applied entry", method: "POST", path: "/api/v1/sessions/{id}/quarantine/{qid}/discard", role: .facilitator, body: .none, status: 409, code: "not_pending"),
        // Wrong methods: 405 with the JSON error.
        .init(what: "PUT a session",           method: "PUT",  path: "/api/v1/sessions/{id}", role: .facilitator, body: .raw("{}"), status: wrongMethod, code: nil),
        .init(what: "a participant deletes",   method: "DELETE", path: "/api/v1/sessions/{id}", role: .participantG1, body: .none, status: 403, code: nil),
        .init(what: "delete an unknown session", method: "DELETE", path: "/api/v1/sessions/s_nope", role: .facilitator, body: .none, status: 404, code: "not_found"),
        .init(what: "PUT the session list",    method: "PUT",  path: "/api/v1/sessions", role: .facilitator, body: .raw("{}"), status: wrongMethod, code: nil),
        .init(what: "GET a command",           method: "GET",  path: "/api/v1/sessions/{id}/phase", role: .facilitator, body: .none, status: wrongMethod, code: nil),
        .init(what: "PATCH quarantine apply",  method: "PATCH", path: "/api/v1/sessions/{id}/quarantine/{qid2}/apply", role: .facilitator, body: .none, status: wrongMethod, code: nil),
        .init(what: "POST an export",          method: "POST", path: "/api/v1/boards/{boardId}/export.json", role: .facilitator, body: .none, status: wrongMethod, code: nil),
        .init(what: "DELETE a Q&A entry",      method: "DELETE", path: "/api/v1/sessions/{id}/groups/{gid}/qa/{entryId}", role: .juror, body: .none, status: wrongMethod, code: nil),
        .init(what: "GET a pitch command",     method: "GET",  path: "/api/v1/sessions/{id}/groups/{gid}/pitch/start", role: .juror, body: .none, status: wrongMethod, code: nil),
        .init(what: "POST /healthz",           method: "POST", path: "/healthz", role: .noToken, body: .none, status: wrongMethod, code: nil),
        // WebSockets: unknown ids and other sessions are refused with a close code and a reason.
        .init(what: "sync: unknown board",     method: "GET", path: "/sync/b_nope", role: .participantG1, body: .none, status: 4404, code: nil, kind: .webSocket),
        .init(what: "sync: invalid board id",  method: "GET", path: "/sync/no.such.board", role: .facilitator, body: .none, status: 4404, code: nil, kind: .webSocket),
        .init(what: "sync: another session",   method: "GET", path: "/sync/{otherBoard}", role: .participantG1, body: .none, status: 4403, code: nil, kind: .webSocket),
        .init(what: "live: unknown session",   method: "GET", path: "/live/s_nope", role: .participantG1, body: .none, status: 4404, code: nil, kind: .webSocket),
        .init(what: "live: another session",   method: "GET", path: "/live/{otherSession}", role: .participantG1, body: .none, status: 4403, code: nil, kind: .webSocket),
        // A co-facilitator: the administrator's routes, and other sessions as their participants get them.
        .init(what: "a co-facilitator deletes", method: "DELETE", path: "/api/v1/sessions/{id}", role: .coFacilitator, body: .none, status: 403, code: "forbidden"),
        .init(what: "a co-facilitator erases", method: "POST", path: "/api/v1/sessions/{id}/people/{inviteId}/erase", role: .coFacilitator, body: .none, status: 403, code: "forbidden"),
        .init(what: "co-facilitator: another session's state", method: "GET", path: "/api/v1/sessions/{otherSession}", role: .coFacilitator, body: .none, status: 403, code: "forbidden"),
        .init(what: "co-facilitator: another session's phase", method: "POST", path: "/api/v1/sessions/{otherSession}/phase", role: .coFacilitator, body: .raw(#"{"action":"advance"}"#), status: 403, code: "forbidden"),
        .init(what: "co-facilitator: another session's people", method: "POST", path: "/api/v1/sessions/{otherSession}/people", role: .coFacilitator, body: .raw(#"{"name":"X","role":"facilitator"}"#), status: 403, code: "forbidden"),
        .init(what: "co-facilitator: another session's board", method: "GET", path: "/api/v1/boards/{otherBoard}/export.json", role: .coFacilitator, body: .none, status: 403, code: "forbidden"),
        .init(what: "co-facilitator: an unknown session", method: "GET", path: "/api/v1/sessions/s_nope/audit", role: .coFacilitator, body: .none, status: 403, code: "forbidden"),
        .init(what: "sync: a co-facilitator, another session", method: "GET", path: "/sync/{otherBoard}", role: .coFacilitator, body: .none, status: 4403, code: nil, kind: .webSocket),
        .init(what: "live: a co-facilitator, another session", method: "GET", path: "/live/{otherSession}", role: .coFacilitator, body: .none, status: 4403, code: nil, kind: .webSocket),
    ]
}

// MARK: - The fixture

/// A server with two sessions made from the example, a token per ``MatrixRole``, and two pending
/// quarantine entries (g1's `hmw` board is read-only in the first phase, `empathize`).
struct MatrixFixture {
    let server: TestServer
    let tokens: [MatrixRole: String]
    let values: [String: String]

    static func make() async throws -> MatrixFixture {
        // The matrix sends bad tokens on purpose, more than the throttle lets through by default.
        let server = try await TestServer(arguments: ["--echo-endpoint", "--bad-token-limit", "100000"])
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let other = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let invites = try #require(created["invites"] as? [[String: Any]])
        func invite(_ role: String, group: String? = nil, index: Int = 0) throws -> [String: Any] {
            let matching = invites.filter {
                $0["role"] as? String == role && (group == nil || $0["group"] as? String == group)
            }
            return try #require(
                matching.count > index ? matching[index] : nil, "no \(role) \(index) of \(group ?? "-")")
        }
        func board(_ session: [String: Any], group: String, kind: String) throws -> String {
            let groups = session["groups"] as? [[String: Any]] ?? []
            let boards = groups.first { $0["id"] as? String == group }?["boards"] as? [[String: Any]] ?? []
            return try #require(boards.first { $0["kind"] as? String == kind }?["id"] as? String)
        }
        let sessionID = try #require(created["id"] as? String)
        let revoked = try invite("participant", group: "g1", index: 3)
        let revokedID = try #require(revoked["id"] as? String)
        _ = try await api.post("/api/v1/sessions/\(sessionID)/invites/\(revokedID)/revoke")
        let g1 = try #require(try invite("participant", group: "g1")["token"] as? String)
        let coFacilitator = try #require(
            try await api.post(
                "/api/v1/sessions/\(sessionID)/people", ["name": "Co Host", "role": "facilitator"], expect: 201)[
                    "invite"]
                as? [String: Any])
        let tokens: [MatrixRole: String] = [
            .facilitator: server.token,
            .participantG1: g1,
            .participantG2: try #require(try invite("participant", group: "g2")["token"] as? String),
            .juror: try #require(try invite("juror")["token"] as? String),
            .observer: try #require(try invite("observer")["token"] as? String),
            .badToken: "not-a-token",
            .revokedInvite: try #require(revoked["token"] as? String),
            .coFacilitator: try #require(coFacilitator["token"] as? String),
        ]

        // Two refused edits (two Yjs client ids, so each is its own chain) on g1's hmw board.
        let hmw = try board(created, group: "g1", kind: "hmw")
        let socket = try await TestSocket("\(server.wsURL)/sync/\(hmw)?token=\(g1)")
        var second = YjsFixtures.mapSetUpdate
        second[2] = 8  // the struct's client id
        try await socket.send(.update(YjsFixtures.mapSetUpdate))
        try await socket.send(.update(second))
        var entries: [Int] = []
        try await waitUntil("two edits are quarantined") {
            let list = try await api.get("/api/v1/sessions/\(sessionID)/quarantine")
            entries = (list["entries"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }.sorted()
            return entries.count == 2
        }
        await socket.close()

        // A Q&A entry to edit, and an image to fetch.
        let entry = try await api.post(
            "/api/v1/sessions/\(sessionID)/groups/g1/qa", ["kind": "question", "text": "Who are the users?"],
            expect: 201)
        let empathy = try board(created, group: "g1", kind: "empathy-map")
        let upload = try await HTTP.send(
            "\(server.baseURL)/api/v1/boards/\(empathy)/assets", method: .POST, token: server.token,
            body: MatrixFixture.png, contentType: "image/png")
        let hash = try #require((try? upload.json() as? [String: Any])?["hash"] as? String, "upload: \(upload.text)")

        // A candidate of g1, and a checkpoint of the empathy map: the phase moves on and back.
        let candidate = try #require(
            ((created["groups"] as? [[String: Any]])?.first { $0["id"] as? String == "g1" }?["candidates"]
                as? [[String: Any]])?.first?["id"] as? String)
        _ = try await api.post("/api/v1/sessions/\(sessionID)/phase", ["action": "advance"])
        _ = try await api.post(
            "/api/v1/sessions/\(sessionID)/phase",
            ["action": "goto", "phase": "empathize", "override": true, "reason": "matrix fixture"])
        let checkpoints = try await api.get("/api/v1/boards/\(empathy)/checkpoints")
        let checkpoint = try #require((checkpoints["checkpoints"] as? [[String: Any]])?.first?["id"] as? String)

        let timer = try await api.post(
            "/api/v1/sessions/\(sessionID)/timers", ["label": "Matrix", "seconds": 600], expect: 201)

        let startDate = try #require(try await api.get("/api/v1/sessions/\(sessionID)")["startDate"] as? String)
        let values = [
            "id": sessionID, "sessionId": sessionID, "startDate": startDate,
            "boardId": empathy, "gid": "g1", "otherGroup": "g2", "conflictGroup": "g4", "hash": hash,
            "cid": candidate, "cpId": checkpoint,
            "ideas": try board(created, group: "g1", kind: "ideas"), "itemId": "n1",
            "timerId": try #require(timer["id"] as? String),
            "entryId": try #require(entry["id"] as? String),
            "inviteId": try #require(try invite("participant", group: "g3")["id"] as? String),
            "qid": "\(entries[0])", "qid2": "\(entries[1])",
            "name": "cdo-sprint", "token": g1,
            "package": "yjs", "vendorPath": "dist/yjs.mjs", "path": "app.js",
            "otherSession": try #require(other["id"] as? String),
            "otherBoard": try board(other, group: "g1", kind: "empathy-map"),
        ]
        return MatrixFixture(server: server, tokens: tokens, values: values)
    }

    /// `path` with its `{placeholders}` replaced by fixture values (`overrides` renames some first).
    func fill(_ path: String, overrides: [String: String] = [:]) -> String {
        var path = path
        for (placeholder, key) in overrides {
            path = path.replacingOccurrences(of: "{\(placeholder)}", with: "{\(key)}")
        }
        for (key, value) in values { path = path.replacingOccurrences(of: "{\(key)}", with: value) }
        return path
    }

    /// One HTTP call as `role`.
    func call(_ method: String, _ path: String, as role: MatrixRole, body: MatrixBody) async throws -> HTTP.Reply {
        let contentType: String
        switch body {
        case .png, .truncatedPNG: contentType = "image/png"
        case .svg: contentType = "image/svg+xml"
        default: contentType = "application/json"
        }
        return try await HTTP.send(
            server.baseURL + path, method: HTTPMethod(rawValue: method), token: tokens[role], body: try data(body),
            contentType: contentType)
    }

    private func data(_ body: MatrixBody) throws -> Data? {
        func definition(_ edit: (inout [String: Any]) -> Void) throws -> Data {
            var object = try API.exampleDefinition()
            edit(&object)
            return try JSONSerialization.data(withJSONObject: object)
        }
        switch body {
        case .none: return nil
        case .raw(let text): return Data(fill(text).utf8)  // `{cid}` and the like are fixture values
        case .definition: return try definition { _ in }
        case .definitionWithField(let key): return try definition { $0[key] = "blue" }
        case .definitionWithGroupField(let key):
            return try definition {
                var groups = $0["groups"] as? [[String: Any]] ?? []
                groups[0][key] = "blue"
                $0["groups"] = groups
            }
        case .definitionWithout(let key): return try definition { $0[key] = nil }
        case .oversized: return Data(repeating: 0x20, count: 2 << 20)
        case .png: return Self.png
        case .truncatedPNG: return Self.png.prefix(Self.png.count - 20)
        case .svg: return Data(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8)
        }
    }

    /// A 1×1 PNG image.
    static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    /// What a WebSocket does when `role` opens it: 101 if it stays open, else the close code.
    struct SocketOutcome: CustomStringConvertible {
        let code: Int
        let reason: String?
        var description: String { "\(code) \(reason ?? "")" }
    }

    /// Opens the socket with an independent client (Python's `websockets`, `ws_probe.py`: the
    /// Swift test client can miss a close that comes right after the upgrade): 101 if it stays
    /// open for half a second with nothing more to read, else the close code.
    func probe(_ path: String, as role: MatrixRole, expectOpen: Bool) async throws -> SocketOutcome {
        var url = server.wsURL + path
        if let token = tokens[role] { url += "?token=\(token)" }
        let output = try await Peers.run(
            Peers.python, [Peers.script("Interop/server/ws_probe.py"), url, "--timeout", expectOpen ? "0.5" : "10"])
        let result = try JSONDecoder().decode(ProbeResult.self, from: Data(output.utf8))
        if result.code == nil && result.reason == "timeout" { return SocketOutcome(code: 101, reason: nil) }
        return SocketOutcome(code: result.code ?? -1, reason: result.reason)
    }

    /// Why a reply is not the documented error envelope, or nil.
    static func envelopeProblem(_ reply: HTTP.Reply) -> String? {
        guard reply.header("content-type")?.hasPrefix("application/json") == true else {
            return "content type \(reply.header("content-type") ?? "none"), body \"\(reply.text)\""
        }
        guard let object = try? reply.json() as? [String: Any], object.count == 1,
            let error = object["error"] as? [String: Any]
        else { return "not {\"error\": {…}}: \(reply.text)" }
        guard let code = error["code"] as? String, !code.isEmpty else { return "no code: \(reply.text)" }
        guard let message = error["message"] as? String, !message.isEmpty else { return "no message: \(reply.text)" }
        return nil
    }

    static func errorCode(_ reply: HTTP.Reply) -> String? {
        ((try? reply.json() as? [String: Any])?["error"] as? [String: Any])?["code"] as? String
    }

    static func errorMessage(_ reply: HTTP.Reply) -> String? {
        ((try? reply.json() as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
    }
}

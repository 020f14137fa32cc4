import Foundation
import HTTPTypes
import Workshop

// The bodies of the API's commands (docs/API.md), each refusing fields it does not know.

/// `POST …/phase`: `{"action":"advance"}` or `{"action":"goto","phase":…,"override":…,"reason":…}`.
struct PhaseRequest: StrictRequest {
    var action: String
    var phase: String?
    var override: Bool?
    var reason: String?
    /// The phase the caller saw: when the sprint has moved on since, 409 `phase-changed`
    /// (two facilitators pressing "advance" at once move it once).
    var from: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case action, phase, override, reason, from }
    typealias Fields = CodingKeys

    /// The domain command, or 422 naming what is wrong.
    func command() throws -> PhaseCommand {
        switch action {
        case "advance":
            if phase != nil || override != nil || reason != nil {
                throw APIError(
                    .unprocessableContent, code: "unknown_field", "\"advance\" takes no other field; use \"goto\"")
            }
            return .advance
        case "goto":
            guard let phase else {
                throw APIError(.unprocessableContent, code: "missing_field", "field \"phase\" is required")
            }
            return .goto(phase: phase, override: override ?? false, reason: reason)
        default:
            throw APIError(
                .unprocessableContent, code: "bad_field", "action must be \"advance\" or \"goto\", not \"\(action)\"")
        }
    }
}

/// `POST …/pitch/start`: empty, or `{"override": true, "reason": …}` outside the pitch phase.
struct PitchStartRequest: StrictRequest {
    var override: Bool?
    var reason: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case override, reason }
    typealias Fields = CodingKeys
}

/// `POST …/pitch/slide`: `{"slide": <0-based index>}`.
struct SlideRequest: StrictRequest {
    var slide: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case slide }
    typealias Fields = CodingKeys
}

/// `POST …/qa`: `{"kind": "question"|"objection"|"remark", "text": …}`.
struct QALogRequest: StrictRequest {
    var kind: String
    var text: String
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, text }
    typealias Fields = CodingKeys

    /// The entry's kind, or 422.
    func qaKind() throws -> QAKind {
        guard let kind = QAKind(rawValue: kind) else {
            throw APIError(
                .unprocessableContent, code: "bad_field", "kind must be question, objection or remark, not \"\(kind)\"")
        }
        return kind
    }
}

/// `PATCH …/qa/{entryId}`: any of `text`, `answeredAt` (epoch ms), `answer`, `answeredBy`
/// (candidate ids).
struct QAEditRequest: StrictRequest {
    var text: String?
    var answeredAt: Int64?
    var answer: String?
    var answeredBy: [String]?
    enum CodingKeys: String, CodingKey, CaseIterable { case text, answeredAt, answer, answeredBy }
    typealias Fields = CodingKeys

    /// The domain edit; `answeredAt` outside 2000–2100 is refused with 422.
    func edit() throws -> QAEdit {
        if let answeredAt, !Limits.epochMilliseconds.contains(answeredAt) {
            throw APIError(
                .unprocessableContent, code: "bad_field",
                "answeredAt must be epoch milliseconds between 2000-01-01 and 2100-01-01")
        }
        return QAEdit(
            text: text, answeredAt: answeredAt.map { Date(epochMilliseconds: $0) }, answer: answer,
            answeredBy: answeredBy)
    }
}

/// `PUT …/scores`: `{"scores": {"<criterionId>": {"score": <number|null>, "comment": <text|null>}}}`.
struct ScoresRequest: StrictRequest {
    var scores: [String: Strict<ScoreInput>]
    enum CodingKeys: String, CodingKey, CaseIterable { case scores }
    typealias Fields = CodingKeys

    /// One criterion's entry.
    struct ScoreInput: StrictRequest {
        var score: Double?
        var comment: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case score, comment }
        typealias Fields = CodingKeys
    }

    /// The domain entries.
    var entries: [String: ScoreEntry] {
        scores.mapValues { ScoreEntry(score: $0.value.score, comment: $0.value.comment) }
    }
}

/// A body with an optional reason (conflicts, reveals).
struct ReasonRequest: StrictRequest {
    var reason: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case reason }
    typealias Fields = CodingKeys
}

/// A body with no field (`{}` or empty).
struct EmptyRequest: StrictRequest {
    /// No field at all.
    enum Fields: CodingKey, CaseIterable {
        var stringValue: String { switch self {} }
        var intValue: Int? { switch self {} }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {}
}

/// `POST …/deliberation/decisions`: `{"candidate", "block", "decision", "justification"}`.
struct DecisionRequest: StrictRequest {
    var candidate: String
    var block: String
    var decision: String
    var justification: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case candidate, block, decision, justification }
    typealias Fields = CodingKeys

    /// The decision, or 422.
    func decisionValue() throws -> Decision {
        guard let value = Decision(rawValue: decision) else {
            throw APIError(
                .unprocessableContent, code: "bad_field",
                "decision must be validated, not-validated, deferred or absent, not \"\(decision)\"")
        }
        return value
    }
}

/// `POST …/deliberation/acting-president`: `{"group", "juror", "reason"}`.
struct ActingPresidentRequest: StrictRequest {
    var group: String
    var juror: String
    var reason: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case group, juror, reason }
    typealias Fields = CodingKeys
}

/// `PUT …/groups/{gid}/problem`: `{"text"}`.
struct ProblemRequest: StrictRequest {
    var text: String
    enum CodingKeys: String, CodingKey, CaseIterable { case text }
    typealias Fields = CodingKeys
}

/// `POST …/pitch/reset`: `{"reason"}`; `POST …/pitch/extra-time`: `{"seconds", "candidate"?, "reason"}`.
struct ExtraTimeRequest: StrictRequest {
    var seconds: Int
    var candidate: String?
    var reason: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case seconds, candidate, reason }
    typealias Fields = CodingKeys
}

/// `POST …/people`: `{"name", "role": "participant"|"juror"|"observer"|"facilitator", "group"?}`
/// (a facilitator added here is a co-facilitator of the session).
struct NewPersonRequest: StrictRequest {
    var name: String
    var role: String
    var group: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, role, group }
    typealias Fields = CodingKeys

    /// The role, or 422 naming the field.
    func person() throws -> Role {
        guard let role = Role(rawValue: role) else {
            throw APIError(
                .unprocessableContent, code: "bad_field",
                "role must be \"participant\", \"juror\", \"observer\" or \"facilitator\"")
        }
        return role
    }
}

/// `PATCH …/people/{inviteId}`: `{"name"?, "group"?}` (at least one).
struct EditPersonRequest: StrictRequest {
    var name: String?
    var group: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, group }
    typealias Fields = CodingKeys
}

/// `PATCH …/groups/{gid}`: `{"name"}`.
struct GroupRequest: StrictRequest {
    var name: String
    enum CodingKeys: String, CodingKey, CaseIterable { case name }
    typealias Fields = CodingKeys
}

/// `POST …/people/{inviteId}/erase`: `{"keepImages"?}` (or empty).
struct EraseRequest: StrictRequest {
    var keepImages: Bool?
    enum CodingKeys: String, CodingKey, CaseIterable { case keepImages }
    typealias Fields = CodingKeys
}

/// `POST …/dates`: `{"startDate": "YYYY-MM-DD"}`.
struct DatesRequest: StrictRequest {
    var startDate: String
    enum CodingKeys: String, CodingKey, CaseIterable { case startDate }
    typealias Fields = CodingKeys

    /// The day, or 422 naming the field.
    func day() throws -> CalendarDay {
        guard let day = CalendarDay(parsing: startDate) else {
            throw APIError(.unprocessableContent, code: "bad_field", "startDate must be a day, YYYY-MM-DD")
        }
        return day
    }
}

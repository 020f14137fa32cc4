import Foundation
import Workshop

/// One event of the live session channel (docs/PROTOCOL.md): a JSON text frame
/// `{"type": …, "at": <server epoch ms>, …}`, encoded once and sent to every subscriber it is for.
enum LiveEvent: Sendable {
    /// The snapshot a new subscriber starts from.
    case hello(session: SessionViews.State, you: You)
    /// The phase moved.
    case phase(from: String, to: String, actor: String, phase: SessionViews.Phase, session: SessionViews.State)
    /// Which boards the groups' participants may write now.
    case boardLock(boards: [BoardLock])
    /// A countdown warning or time's-up.
    case timer(Timer)
    /// Someone came or went.
    case presence(online: [String: Bool])
    /// A message for people, with a stable code the app says in its own words.
    case notice(level: String, code: String?, message: String)
    /// A group's pitch changed.
    case pitch(group: String, pitch: SessionViews.PitchView)
    /// A Q&A entry was logged or edited.
    case qa(group: String, entry: QAEntry)
    /// Who submitted for a group.
    case scores(group: String, jurors: [JurorSubmission], complete: Bool)
    /// A quarantine entry was created, grew, or was applied or discarded (to the facilitator).
    case quarantine(entry: SessionViews.QuarantineEntry)
    /// The deliberation changed (to the facilitator and the jurors).
    case deliberation(SessionViews.DeliberationView)
    /// A group's problem statement changed or was approved; `author` is the name of who wrote it.
    case problem(group: String, problem: ProblemStatement, author: String)
    /// An activity timer changed or reached its deadline (`signal`: `timeup`, `late-timeup`).
    case activityTimer(SessionViews.ActivityTimerView, signal: String?)
    /// A facilitator leads the session or a group somewhere (`lead` nil: it ended).
    case follow(group: String?, lead: SessionViews.Lead?)
    /// A board's vote changed: its settings (each person reads their own dots from the vote API).
    case vote(board: String, settings: SessionViews.VoteSettings)
    /// A board went private (`mode: "private"`) or was revealed (`"shared"`).
    case boardMode(board: String, mode: String)
    /// The answer to a client's `ping`.
    case pong(t: Double?)

    /// The person a channel belongs to, in `hello`.
    struct You: Codable, Sendable {
        var id: String
        var role: String
        var name: String
        var group: String?
    }

    /// A board's writability for its group.
    struct BoardLock: Codable, Sendable {
        var id: String
        var writable: Bool
    }

    /// A juror's submission for a group.
    struct JurorSubmission: Codable, Sendable {
        var id: String
        var submitted: Bool
    }

    /// The fields of a `timer` event.
    struct Timer: Codable, Sendable {
        var scope: TimerScope
        var kind: String
        var secondsLeft: Int?
        var deadline: Int64
        var remainingMs: Int64
        var instant: Int64
        var late: Bool
        var group: String?

        /// A countdown event as sent.
        init(scope: TimerScope, group: String?, event: CountdownEvent, deadline: Date, now: Date) {
            self.scope = scope
            self.group = group
            self.deadline = deadline.epochMilliseconds
            remainingMs = max(0, deadline.epochMilliseconds.saturatingSubtracting(now.epochMilliseconds))
            instant = event.instant.epochMilliseconds
            late = event.late
            switch event.kind {
            case .warning(let secondsLeft):
                kind = "warning"
                self.secondsLeft = secondsLeft
            case .timesUp:
                kind = "timeup"
            }
        }
    }

    /// The `type` field.
    var type: String {
        switch self {
        case .hello: "hello"
        case .phase: "phase"
        case .boardLock: "board-lock"
        case .timer: "timer"
        case .presence: "presence"
        case .notice: "notice"
        case .pitch: "pitch"
        case .qa: "qa"
        case .scores: "scores"
        case .quarantine: "quarantine"
        case .deliberation: "deliberation"
        case .problem: "problem"
        case .activityTimer: "activity-timer"
        case .follow: "follow"
        case .vote: "vote"
        case .boardMode: "board-mode"
        case .pong: "pong"
        }
    }

    /// The frame's text, stamped with the server time `at`.
    func text(at: Int64) -> String {
        let data = (try? JSONEncoder.epochMilliseconds.encode(Frame(event: self, at: at))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `type` and `at`, then the event's own fields, in one JSON object.
    private struct Frame: Encodable {
        let event: LiveEvent
        let at: Int64

        enum Key: String, CodingKey {
            case type, at, session, you, from, to, actor, phase, boards, online, level, code, message, group, pitch,
                entry, jurors, complete, t, deliberation, problem, author, timer, signal, lead, board, vote, mode
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(event.type, forKey: .type)
            try container.encode(at, forKey: .at)
            switch event {
            case .hello(let session, let you):
                try container.encode(session, forKey: .session)
                try container.encode(you, forKey: .you)
            case .phase(let from, let to, let actor, let phase, let session):
                try container.encode(from, forKey: .from)
                try container.encode(to, forKey: .to)
                try container.encode(actor, forKey: .actor)
                try container.encode(phase, forKey: .phase)
                try container.encode(session, forKey: .session)
            case .boardLock(let boards):
                try container.encode(boards, forKey: .boards)
            case .timer(let timer):
                // The timer's own fields sit beside `type` and `at`.
                try timer.encode(to: encoder)
            case .presence(let online):
                try container.encode(online, forKey: .online)
            case .notice(let level, let code, let message):
                try container.encode(level, forKey: .level)
                try container.encodeIfPresent(code, forKey: .code)
                try container.encode(message, forKey: .message)
            case .pitch(let group, let pitch):
                try container.encode(group, forKey: .group)
                try container.encode(pitch, forKey: .pitch)
            case .qa(let group, let entry):
                try container.encode(group, forKey: .group)
                try container.encode(entry, forKey: .entry)
            case .scores(let group, let jurors, let complete):
                try container.encode(group, forKey: .group)
                try container.encode(jurors, forKey: .jurors)
                try container.encode(complete, forKey: .complete)
            case .quarantine(let entry):
                try container.encode(entry, forKey: .entry)
            case .deliberation(let view):
                try container.encode(view, forKey: .deliberation)
            case .problem(let group, let problem, let author):
                try container.encode(group, forKey: .group)
                try container.encode(problem, forKey: .problem)
                try container.encode(author, forKey: .author)
            case .activityTimer(let timer, let signal):
                try container.encode(timer, forKey: .timer)
                try container.encodeIfPresent(signal, forKey: .signal)
            case .follow(let group, let lead):
                try container.encode(group, forKey: .group)
                try container.encode(lead, forKey: .lead)
            case .vote(let board, let settings):
                try container.encode(board, forKey: .board)
                try container.encode(settings, forKey: .vote)
            case .boardMode(let board, let mode):
                try container.encode(board, forKey: .board)
                try container.encode(mode, forKey: .mode)
            case .pong(let t):
                try container.encode(t, forKey: .t)
            }
        }
    }
}

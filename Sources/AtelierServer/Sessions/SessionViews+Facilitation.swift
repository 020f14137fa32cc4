import Foundation
import Workshop

extension SessionViews {
    /// An activity timer as sent (`GET …/timers`, the `activity-timer` event, the state).
    struct ActivityTimerView: Codable, Sendable {
        var id: String
        var label: String
        /// The group it is for; absent for the whole session.
        var group: String?
        /// `running`, `paused` or `stopped`.
        var status: String
        var startedBy: String
        /// The instant it reaches zero while it runs (epoch ms); clients count down from it.
        var deadline: Int64
        var limitMs: Int64
        /// Milliseconds left when this was sent (negative in overtime; frozen while paused).
        var remainingMs: Int64
        var pausedAt: Int64?

        init(_ timer: ActivityTimer, stopped: Bool, at now: Date) {
            id = timer.id
            label = timer.label
            group = timer.group
            status = stopped ? "stopped" : timer.isPaused ? "paused" : "running"
            startedBy = timer.startedBy
            deadline = timer.deadline.epochMilliseconds
            limitMs = timer.countdown.limitMilliseconds
            remainingMs = timer.remainingMilliseconds(at: now)
            pausedAt = timer.pausedAt?.epochMilliseconds
        }
    }

    /// Where a facilitator leads people (the `follow` event, the state).
    struct Lead: Codable, Sendable {
        /// Who leads, and their name.
        var by: String
        var name: String
        var board: String
        /// The board's kind: who may not read `board` goes to their own group's board of that kind.
        var kind: String
        var view: FollowLead.View
        /// The group led; absent for the whole session.
        var group: String?
        var at: Int64

        init(_ lead: FollowLead, in session: LoadedSession) {
            by = lead.by
            name = session.name(of: lead.by)
            board = lead.board
            kind = lead.kind
            view = lead.view
            group = lead.group
            at = lead.at.epochMilliseconds
        }
    }

    /// A board's vote settings (the `vote` event).
    struct VoteSettings: Codable, Sendable {
        var budget: Int
        var anonymous: Bool
        var revealed: Bool
        /// Dots cast in all (never who cast them).
        var cast: Int

        init(_ vote: BoardVote) {
            budget = vote.budget
            anonymous = vote.anonymous
            revealed = vote.revealed
            cast = vote.ballots.values.reduce(0) { $0 + $1.count }
        }
    }

    /// `GET /api/v1/boards/{boardId}/votes`, and the answer of a vote or a withdrawal: the
    /// settings, the caller's own dots, and the counts when the board shows them (or to the
    /// facilitator). Never who voted when the vote is anonymous.
    struct Votes: Codable, Sendable {
        var board: String
        var budget: Int
        var anonymous: Bool
        var revealed: Bool
        /// The caller's dots used, and on which items.
        var used: Int
        var mine: [String]
        /// Dots per item; absent while an anonymous vote is hidden from the caller.
        var counts: [String: Int]?

        /// The votes as `caller` sees them; on a private board, of the `visible` items only (the
        /// dots used still count them all).
        init(_ vote: BoardVote, board: String, for caller: Caller, visible: Set<String>? = nil) {
            self.board = board
            budget = vote.budget
            anonymous = vote.anonymous
            revealed = vote.revealed
            let ballot = vote.ballots[caller.id] ?? []
            used = ballot.count
            mine = ballot.filter { visible?.contains($0) ?? true }.sorted()
            if vote.showsCounts || caller.role == .facilitator {
                counts = vote.counts.filter { visible?.contains($0.key) ?? true }
            }
        }
    }
}

/// What a person does in a session.
package enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    /// Runs the session: phases, timers, pitches, results; reads every board.
    case facilitator
    /// Belongs to one group; edits that group's boards; pitches.
    case participant
    /// Watches pitches, logs the Q&A, scores groups.
    case juror
    /// Reads what the facilitator lets them read.
    case observer
}

/// Who is calling: a role, a stable person id, and the group of a participant.
///
/// For example:
/// ```swift
/// let alice = Caller(role: .participant, id: "p-alice", group: "g1")
/// let facilitator = Caller.facilitator()
/// ```
package struct Caller: Codable, Sendable, Hashable {
    /// The caller's role.
    package var role: Role
    /// The caller's id (a juror's id from the definition, a participant's id, `facilitator`, `system`).
    package var id: String
    /// The caller's group; participants have one, others nil.
    package var group: String?

    /// Creates a caller.
    package init(role: Role, id: String, group: String? = nil) {
        self.role = role
        self.id = id
        self.group = group
    }

    /// The facilitator (there is one facilitator token per server).
    package static func facilitator(id: String = "facilitator") -> Caller {
        Caller(role: .facilitator, id: id)
    }

    /// A juror.
    package static func juror(_ id: String) -> Caller {
        Caller(role: .juror, id: id)
    }

    /// A participant of `group`.
    package static func participant(_ id: String, group: String) -> Caller {
        Caller(role: .participant, id: id, group: group)
    }

    /// An observer.
    package static func observer(_ id: String) -> Caller {
        Caller(role: .observer, id: id)
    }

    /// The server itself, for automatic actions (auto-advance); acts with a facilitator's rights.
    package static let system = Caller(role: .facilitator, id: "system")
}

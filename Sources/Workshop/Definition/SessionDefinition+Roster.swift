extension SessionDefinition {
    /// Everyone who gets an invite link, in definition order: participants group by group,
    /// then jurors, then observers, then co-facilitators. (The administrator signs in with the
    /// server-wide facilitator token.)
    ///
    /// For example:
    /// ```swift
    /// for invitee in definition.invitees { createInvite(name: invitee.name, role: invitee.role, group: invitee.group) }
    /// ```
    package var invitees: [Invitee] {
        groups.flatMap { group in group.participants.map { Invitee(name: $0, role: .participant, group: group.id) } }
            + jurors.map { Invitee(name: $0.name, role: .juror, group: nil, jurorId: $0.id) }
            + observers.map { Invitee(name: $0, role: .observer, group: nil) }
            + coFacilitators.map { Invitee(name: $0, role: .facilitator, group: nil) }
    }
}

/// A person to invite: name, role, the group of a participant, the id of a juror.
package struct Invitee: Codable, Sendable, Hashable {
    /// The person's display name.
    package var name: String
    /// Participant, juror, observer or (a co-facilitator) facilitator.
    package var role: Role
    /// The participant's group id; nil for other roles.
    package var group: String?
    /// The juror's id from the definition (used in scores and results); nil for other roles.
    package var jurorId: String?

    /// Creates an invitee.
    package init(name: String, role: Role, group: String?, jurorId: String? = nil) {
        self.name = name
        self.role = role
        self.group = group
        self.jurorId = jurorId
    }
}

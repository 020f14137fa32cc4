/// A candidate of the certification: a participant, assessed on their own inside their group
/// (the seed: "le candidat est évalué…"). The id is stable (`c_…`); the name lives with the
/// participant's invite, in one place.
package struct Candidate: Codable, Sendable, Hashable, Identifiable {
    /// `c_…`.
    package var id: String
    /// The participant's invite id (`i_…`), whose name and token the candidate has.
    package var invite: String
    /// The candidate's group.
    package var group: String

    /// Creates a candidate.
    package init(id: String, invite: String, group: String) {
        self.id = id
        self.invite = invite
        self.group = group
    }
}

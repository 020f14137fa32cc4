/// A board's dot vote, counted by the server (DESIGN, "Votes"): each participant of the board's
/// group has a budget of dots, at most one per item; the server alone writes the counts into
/// the board. While a vote is anonymous, the board holds no voter at all (only counts, and only
/// once revealed); each person sees their own dots through the vote API.
///
/// For example:
/// ```swift
/// var vote = BoardVote(budget: 3)
/// try vote.cast(item: "n1", by: "i_alice")   // true: a new dot
/// vote.counts                                // ["n1": 1]
/// ```
package struct BoardVote: Codable, Sendable, Hashable {
    /// Dots per participant on this board.
    package var budget: Int
    /// Whether the board shows counts only (and only once revealed), never who voted.
    package var anonymous = false
    /// Whether an anonymous vote's counts are shown.
    package var revealed = false
    /// Each voter's items, by participant id.
    package var ballots: [String: Set<String>] = [:]

    /// The most dots a budget may give.
    package static let maxBudget = 100

    /// A vote with `budget` dots per participant.
    package init(budget: Int) {
        self.budget = budget
    }

    /// The dots `participant` has used.
    package func used(by participant: String) -> Int { ballots[participant]?.count ?? 0 }

    /// Dots per item.
    package var counts: [String: Int] {
        var counts: [String: Int] = [:]
        for items in ballots.values {
            for item in items { counts[item, default: 0] += 1 }
        }
        return counts
    }

    /// Who voted for `item` (named votes).
    package func voters(of item: String) -> Set<String> {
        Set(ballots.filter { $0.value.contains(item) }.keys)
    }

    /// Whether the board shows the counts now (named, or anonymous and revealed).
    package var showsCounts: Bool { !anonymous || revealed }

    /// Puts a dot of `participant` on `item`; false when it was already there.
    package mutating func cast(item: String, by participant: String) throws(WorkshopError) -> Bool {
        if ballots[participant]?.contains(item) == true { return false }
        guard used(by: participant) < budget else {
            throw WorkshopError(
                .voteBudget,
                "you have used your \(budget) vote\(budget == 1 ? "" : "s") on this board; withdraw one first")
        }
        ballots[participant, default: []].insert(item)
        return true
    }

    /// Takes back `participant`'s dot on `item`.
    package mutating func withdraw(item: String, by participant: String) throws(WorkshopError) {
        guard ballots[participant]?.remove(item) != nil else {
            throw WorkshopError(.noVote, "you have no vote on item \(item)")
        }
        if ballots[participant]?.isEmpty == true { ballots[participant] = nil }
    }
}

package import Foundation

/// A juror's score and optional comment for one criterion; `score == nil` means not scored yet.
package struct ScoreEntry: Codable, Sendable, Hashable {
    /// The score, on the rubric's scale.
    package var score: Double?
    /// An optional comment.
    package var comment: String?

    /// Creates an entry.
    package init(score: Double?, comment: String? = nil) {
        self.score = score
        self.comment = comment
    }
}

/// One juror's grading of one group: a private draft until submitted, then locked.
package struct ScoreSheet: Codable, Sendable, Hashable {
    /// The juror's id.
    package var juror: String
    /// The group's id.
    package var group: String
    /// Entries by criterion id.
    package var entries: [String: ScoreEntry]
    /// When the sheet was submitted (and locked); nil for a draft.
    package var submittedAt: Date?
    /// When the sheet last changed.
    package var updatedAt: Date

    /// Creates a sheet.
    package init(
        juror: String, group: String, entries: [String: ScoreEntry] = [:], submittedAt: Date? = nil, updatedAt: Date
    ) {
        self.juror = juror
        self.group = group
        self.entries = entries
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
    }

    /// Whether the sheet is submitted (and therefore locked).
    package var isSubmitted: Bool { submittedAt != nil }

    /// The score given for `criterion`, if any.
    package func score(for criterion: String) -> Double? {
        entries[criterion]?.score
    }

    /// The ids of `rubric`'s criteria without a score, in rubric order.
    package func unscored(in rubric: [Criterion]) -> [String] {
        rubric.map(\.id).filter { score(for: $0) == nil }
    }
}

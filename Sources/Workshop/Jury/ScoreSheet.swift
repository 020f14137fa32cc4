import Foundation

/// A juror's score and optional comment for one criterion; `score == nil` means not scored yet.
public struct ScoreEntry: Codable, Sendable, Hashable {
    /// The score, on the rubric's scale.
    public var score: Double?
    /// An optional comment.
    public var comment: String?

    /// Creates an entry.
    public init(score: Double?, comment: String? = nil) {
        self.score = score
        self.comment = comment
    }
}

/// One juror's grading of one group: a private draft until submitted, then locked.
public struct ScoreSheet: Codable, Sendable, Hashable {
    /// The juror's id.
    public var juror: String
    /// The group's id.
    public var group: String
    /// Entries by criterion id.
    public var entries: [String: ScoreEntry]
    /// When the sheet was submitted (and locked); nil for a draft.
    public var submittedAt: Date?
    /// When the sheet last changed.
    public var updatedAt: Date

    /// Creates a sheet.
    public init(
        juror: String, group: String, entries: [String: ScoreEntry] = [:], submittedAt: Date? = nil, updatedAt: Date
    ) {
        self.juror = juror
        self.group = group
        self.entries = entries
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
    }

    /// Whether the sheet is submitted (and therefore locked).
    public var isSubmitted: Bool { submittedAt != nil }

    /// The score given for `criterion`, if any.
    public func score(for criterion: String) -> Double? {
        entries[criterion]?.score
    }

    /// The ids of `rubric`'s criteria without a score, in rubric order.
    public func unscored(in rubric: [Criterion]) -> [String] {
        rubric.map(\.id).filter { score(for: $0) == nil }
    }
}

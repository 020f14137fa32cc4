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
    /// Entries by criterion id: the group sheet, the juror's score for every candidate of the group.
    package var entries: [String: ScoreEntry]
    /// Per candidate, the criteria the juror scored differently for them (override the group sheet).
    package var overrides: [String: [String: ScoreEntry]] = [:]
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

    /// The score the sheet gives `candidate` for `criterion`: their override, else the group's.
    package func score(for criterion: String, candidate: String) -> Double? {
        overrides[candidate]?[criterion]?.score ?? score(for: criterion)
    }

    /// The entry the sheet gives `candidate` for `criterion`, and whether it is an override.
    package func entry(for criterion: String, candidate: String) -> (entry: ScoreEntry, override: Bool)? {
        if let override = overrides[candidate]?[criterion], override.score != nil { return (override, true) }
        return entries[criterion].map { ($0, false) }
    }

    private enum CodingKeys: String, CodingKey {
        case juror, group, entries, overrides, submittedAt, updatedAt
    }

    /// Decodes a stored sheet (sheets stored before overrides existed have none).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        juror = try container.decode(String.self, forKey: .juror)
        group = try container.decode(String.self, forKey: .group)
        entries = try container.decode([String: ScoreEntry].self, forKey: .entries)
        overrides = try container.decodeIfPresent([String: [String: ScoreEntry]].self, forKey: .overrides) ?? [:]
        submittedAt = try container.decodeIfPresent(Date.self, forKey: .submittedAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    /// Whether the sheet is submitted (and therefore locked).
    package var isSubmitted: Bool { submittedAt != nil }

    /// The score given for `criterion`, if any.
    package func score(for criterion: String) -> Double? {
        entries[criterion]?.score
    }

    /// The ids of `rubric`'s jury criteria that leave some of `candidates` without a score
    /// (no group score and no override for them), in rubric order.
    package func unscored(in rubric: [Criterion], candidates: [String]) -> [String] {
        rubric.filter { $0.assessor == .jury }.map(\.id).filter { criterion in
            score(for: criterion) == nil
                && (candidates.isEmpty || candidates.contains { overrides[$0]?[criterion]?.score == nil })
        }
    }
}

/// One criterion of the grading rubric.
///
/// JSON form: `{"id": "a15-format-time", "block": "A15", "label": {"fr": "…", "en": "…"},
/// "weight": 1, "showsOvertime": true}`; `block` is optional, `weight` defaults to 1 (equal
/// weights), `showsOvertime` defaults to false and marks the "respect of format and time"
/// criterion beside which the measured overtime is shown.
package struct Criterion: Codable, Sendable, Hashable {
    /// The criterion's id, unique in the rubric.
    package var id: String
    /// The certification block it comes from (`A14`, `A15`), if any.
    package var block: String?
    /// The criterion's wording in French and English.
    package var label: LocalizedText
    /// The criterion's weight in the total (> 0; default 1).
    package var weight: Double
    /// Whether the pitch's measured overtime is shown beside this criterion.
    package var showsOvertime: Bool
    /// Who scores it: the jury (default, per group with per-candidate overrides) or the
    /// facilitator (per candidate: e.g. the collaborative posture over the three days).
    package var assessor: Assessor

    /// The assessment the criterion belongs to: its block, or `main` without one.
    package var assessment: String { block ?? "main" }

    /// Creates a criterion.
    package init(
        id: String, block: String? = nil, label: LocalizedText, weight: Double = 1, showsOvertime: Bool = false,
        assessor: Assessor = .jury
    ) {
        self.assessor = assessor
        self.id = id
        self.block = block
        self.label = label
        self.weight = weight
        self.showsOvertime = showsOvertime
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, block, label, weight, showsOvertime, assessor
    }

    /// Decodes strictly; `weight` defaults to 1 and `showsOvertime` to false.
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        block = try container.decodeIfPresent(String.self, forKey: .block)
        label = try container.decode(LocalizedText.self, forKey: .label)
        weight = try container.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        showsOvertime = try container.decodeIfPresent(Bool.self, forKey: .showsOvertime) ?? false
        assessor = try container.decodeIfPresent(Assessor.self, forKey: .assessor) ?? .jury
    }
}

/// Who scores a criterion.
package enum Assessor: String, Codable, Sendable, Hashable, CaseIterable {
    /// Each juror, on their group sheet (with per-candidate overrides).
    case jury
    /// The facilitator, per candidate.
    case facilitator
}

/// The scale scores are given on: from `min` to `max` in steps of `step` (default 0 to 5 by 0.5).
///
/// JSON form: `{"min": 0, "max": 5, "step": 0.5}` (every field optional).
package struct ScoreScale: Codable, Sendable, Hashable {
    /// The lowest score.
    package var min: Double
    /// The highest score; the total on 20 divides means by it.
    package var max: Double
    /// The granularity of scores: every score is `min + k × step`.
    package var step: Double

    /// 0 to 5 in half points.
    package static let `default` = ScoreScale(min: 0, max: 5, step: 0.5)

    /// Creates a scale.
    package init(min: Double, max: Double, step: Double) {
        self.min = min
        self.max = max
        self.step = step
    }

    /// Whether `score` lies on the scale: within `min...max` and on a step.
    package func contains(_ score: Double) -> Bool {
        guard score.isFinite, score >= min - Self.tolerance, score <= max + Self.tolerance else { return false }
        let steps = (score - min) / step
        return abs(steps - steps.rounded()) < Self.tolerance
    }

    /// A score on the scale (``contains(_:)``) as the exact step it stands for: `5.0000000000001`
    /// is stored as `5`, `0.30000000000000004` as `0.3`.
    package func snapped(_ score: Double) -> Double {
        let steps = ((score - min) / step).rounded()
        let exact = Swift.min(max, Swift.max(min, min + steps * step))
        return (exact * 1e9).rounded() / 1e9 + 0  // + 0 turns -0 into 0
    }

    /// The spread (max − min across jurors) from which a criterion is flagged for deliberation:
    /// 2 points on a 0–5 scale, proportionally on other scales (two fifths of the range).
    package var deliberationThreshold: Double { (max - min) * 2 / 5 }

    /// `min–max by step` with plain numbers (`0–5 by 0.5`), for messages.
    package var summary: String { "\(Self.plain(min))–\(Self.plain(max)) by \(Self.plain(step))" }

    /// A number without a useless `.0`.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Tolerance for floating-point comparisons of scores.
    static let tolerance = 1e-9

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case min, max, step
    }

    /// Decodes strictly; missing fields take their defaults.
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        min = try container.decodeIfPresent(Double.self, forKey: .min) ?? Self.default.min
        max = try container.decodeIfPresent(Double.self, forKey: .max) ?? Self.default.max
        step = try container.decodeIfPresent(Double.self, forKey: .step) ?? Self.default.step
    }
}

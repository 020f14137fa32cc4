package import Foundation

/// The aggregate of one criterion across the submitted sheets of a group.
package struct CriterionAggregate: Codable, Sendable, Hashable {
    /// The criterion's id.
    package var id: String
    /// The mean score across jurors.
    package var mean: Double
    /// The spread: highest minus lowest score across jurors.
    package var spread: Double
    /// Whether the spread calls for deliberation (≥ 2 points on a 0–5 scale, proportionally otherwise).
    package var flagged: Bool
    /// How many jurors' scores went in.
    package var count: Int

    /// Creates an aggregate.
    package init(id: String, mean: Double, spread: Double, flagged: Bool, count: Int) {
        self.id = id
        self.mean = mean
        self.spread = spread
        self.flagged = flagged
        self.count = count
    }
}

/// Mean, spread and the weighted total on 20 — DESIGN.md's formulas.
package enum Aggregation {
    /// The aggregate of each criterion over `sheets`, in rubric order; a criterion nobody scored is left out.
    package static func criteria(rubric: [Criterion], scale: ScoreScale, sheets: [ScoreSheet]) -> [CriterionAggregate] {
        rubric.compactMap { criterion in
            let scores = sheets.compactMap { $0.score(for: criterion.id) }
            guard let low = scores.min(), let high = scores.max() else { return nil }
            let mean = scores.reduce(0, +) / Double(scores.count)
            let spread = high - low
            return CriterionAggregate(
                id: criterion.id, mean: mean, spread: spread,
                flagged: spread >= scale.deliberationThreshold - ScoreScale.tolerance, count: scores.count)
        }
    }

    /// The total on 20 = 20 × Σ(weight × mean / scale max) / Σ weight, rounded to two
    /// decimals; nil unless every criterion of the rubric has a mean.
    package static func total20(rubric: [Criterion], scale: ScoreScale, criteria: [CriterionAggregate]) -> Double? {
        let means = Dictionary(uniqueKeysWithValues: criteria.map { ($0.id, $0.mean) })
        var weighted = 0.0
        var weights = 0.0
        for criterion in rubric {
            guard let mean = means[criterion.id] else { return nil }
            weighted += criterion.weight * mean / scale.max
            weights += criterion.weight
        }
        guard weights > 0 else { return nil }
        return roundedToHundredths(20 * weighted / weights)
    }

    /// `value` rounded half away from zero to two decimals, after removing binary noise
    /// (so 13.125 computed as 13.124999… still gives 13.13).
    package static func roundedToHundredths(_ value: Double) -> Double {
        // In hundredths first: 9.995 is 9.99499… in binary, and 999.4999… in hundredths,
        // which the cleaning brings back to 999.5.
        let hundredths = ((value * 100) * 1e6).rounded() / 1e6
        return hundredths.rounded(.toNearestOrAwayFromZero) / 100
    }
}

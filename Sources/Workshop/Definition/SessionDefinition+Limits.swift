extension SessionDefinition {
    /// The definition with every number brought inside ``Limits`` (a session stored before the
    /// limits existed): time boxes, warnings, pitch and Q&A limits, the slide limit, the scale
    /// and the weights. Everything else is left as it is.
    ///
    /// For example:
    /// ```swift
    /// let safe = stored.problems().isEmpty ? stored : stored.clampedToLimits()
    /// ```
    package func clampedToLimits() -> SessionDefinition {
        var copy = self
        copy.phases = phases.map { phase in
            var phase = phase
            phase.timeBoxMinutes = phase.timeBoxMinutes.clamped(to: 1...Limits.maxTimeBoxMinutes)
            return phase
        }
        copy.phaseWarningsSeconds = Self.distinct(
            phaseWarningsSeconds.map { $0.clamped(to: 1...(Limits.maxSeconds - 1)) })
        copy.slideLimit = slideLimit.clamped(to: 1...Limits.maxSlideLimit)
        copy.voteBudget = voteBudget.clamped(to: 1...BoardVote.maxBudget)
        copy.pitch.limitSeconds = pitch.limitSeconds.clamped(to: 1...Limits.maxSeconds)
        copy.pitch.qaLimitSeconds = pitch.qaLimitSeconds.clamped(to: 1...Limits.maxSeconds)
        copy.pitch.warningsSeconds = Self.distinct(
            pitch.warningsSeconds.map { $0.clamped(to: 1...Limits.maxSeconds) }.filter { $0 < copy.pitch.limitSeconds })
        let bound = Limits.maxScaleValue
        if !(scale.min.isFinite && scale.max.isFinite && scale.step.isFinite && scale.min >= 0 && scale.max <= bound
            && scale.min < scale.max && scale.step > 0)
        {
            copy.scale = .default
        }
        copy.rubric = rubric.map { criterion in
            var criterion = criterion
            if !criterion.weight.isFinite || criterion.weight <= 0 || criterion.weight > bound { criterion.weight = 1 }
            return criterion
        }
        return copy
    }

    /// The values in their order, each once.
    private static func distinct(_ values: [Int]) -> [Int] {
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }
}

extension Comparable {
    /// `self` brought inside `range`.
    package func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}

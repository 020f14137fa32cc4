/// Integer arithmetic that stops at the type's bounds instead of trapping, for the few places
/// where a value could come from outside the validated ranges (a session stored before them).
extension FixedWidthInteger {
    /// `self × other`, clamped to the type's range.
    package func saturatingMultiplied(by other: Self) -> Self {
        let (result, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return result }
        return (self < 0) != (other < 0) ? .min : .max
    }

    /// `self + other`, clamped to the type's range.
    package func saturatingAdding(_ other: Self) -> Self {
        let (result, overflow) = addingReportingOverflow(other)
        guard overflow else { return result }
        return other < 0 ? .min : .max
    }

    /// `self − other`, clamped to the type's range.
    package func saturatingSubtracting(_ other: Self) -> Self {
        let (result, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return result }
        return other > 0 ? .min : .max
    }
}

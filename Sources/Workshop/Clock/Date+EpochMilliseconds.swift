package import Foundation

extension Date {
    /// Creates a date from milliseconds since the Unix epoch (the unit used on the wire).
    package init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }

    /// Milliseconds since the Unix epoch, rounded to the nearest millisecond (clamped to
    /// `Int64`'s range for a date no clock or validated input produces).
    package var epochMilliseconds: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded()
        if let exact = Int64(exactly: milliseconds) { return exact }
        return milliseconds.isNaN ? 0 : (milliseconds > 0 ? .max : .min)
    }

    /// Whole milliseconds from `earlier` to `self` (negative when `self` is earlier).
    package func milliseconds(since earlier: Date) -> Int64 {
        epochMilliseconds.saturatingSubtracting(earlier.epochMilliseconds)
    }
}

package import Foundation

extension Date {
    /// Creates a date from milliseconds since the Unix epoch (the unit used on the wire).
    package init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }

    /// Milliseconds since the Unix epoch, rounded to the nearest millisecond.
    package var epochMilliseconds: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    /// Whole milliseconds from `earlier` to `self` (negative when `self` is earlier).
    package func milliseconds(since earlier: Date) -> Int64 {
        epochMilliseconds - earlier.epochMilliseconds
    }
}

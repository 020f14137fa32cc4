package import Foundation

/// A board in private mode (DESIGN, "Private mode"): what its participants write after update
/// position `since` reaches only its author and the facilitators, until the board is revealed.
package struct PrivateMode: Codable, Sendable, Hashable {
    /// The board's newest update position when it went private: later updates of its
    /// participants are withheld.
    package var since: Int64
    /// Who made it private.
    package var by: String
    /// When.
    package var at: Date

    /// Creates a private mode.
    package init(since: Int64, by: String, at: Date) {
        self.since = since
        self.by = by
        self.at = at
    }
}

package import Foundation

/// Where a facilitator brings people: a board and a view of it (position and zoom), for the
/// whole session or one group. Participants' apps open that board and that view, show whom
/// they follow, and let them leave.
package struct FollowLead: Codable, Sendable, Hashable {
    /// The view: the board point at the top left of the viewport, and the zoom.
    package struct View: Codable, Sendable, Hashable {
        package var x: Double
        package var y: Double
        package var zoom: Double

        /// Creates a view.
        package init(x: Double, y: Double, zoom: Double) {
            self.x = x
            self.y = y
            self.zoom = zoom
        }

        /// Board coordinates apps use lie well inside this.
        package static let maxCoordinate = 10_000_000.0
        /// The zooms apps offer lie inside this.
        package static let zooms = 0.01...100.0

        /// Why the view is not one an app can show; nil when it is.
        package var problem: String? {
            guard abs(x) <= Self.maxCoordinate, abs(y) <= Self.maxCoordinate else {
                return "view.x and view.y must lie within ±\(Int(Self.maxCoordinate))"
            }
            guard Self.zooms.contains(zoom) else { return "view.zoom must lie within 0.01 to 100" }
            return nil
        }
    }

    /// Who leads (a facilitator's id).
    package var by: String
    /// The board.
    package var board: String
    /// The board's kind: people who may not read `board` go to their own group's board of that kind.
    package var kind: String
    /// The view.
    package var view: View
    /// The group led; nil for the whole session.
    package var group: String?
    /// When the lead was given.
    package var at: Date

    /// Creates a lead.
    package init(by: String, board: String, kind: String, view: View, group: String?, at: Date) {
        self.by = by
        self.board = board
        self.kind = kind
        self.view = view
        self.group = group
        self.at = at
    }
}

/// A board template: what a board is for, its zones, and when it is writable by default.
package enum BoardKind: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    /// Dave Gray's empathy map (or the classic says / thinks / does / feels).
    case empathyMap = "empathy-map"
    /// Problem statement and "how might we" questions.
    case hmw
    /// Images with captions, colours and words.
    case moodBoard = "mood-board"
    /// Brainstorm notes with dot voting.
    case ideas
    /// Storyboard frames with sketches and text.
    case prototype
    /// The pitch slides (a `slides` array), limited to the definition's `slideLimit`.
    case deck
    /// Feedback capture: liked, criticism, questions, ideas.
    case testGrid = "test-grid"
    /// Strengths, weaknesses, opportunities, threats.
    case swot
    /// The nine blocks of the business model canvas.
    case businessModelCanvas = "business-model-canvas"
    /// A free mind map.
    case mindMap = "mind-map"

    /// Orders kinds as they are declared (the order boards are listed in).
    package static func < (lhs: BoardKind, rhs: BoardKind) -> Bool {
        let all = BoardKind.allCases
        return all.firstIndex(of: lhs)! < all.firstIndex(of: rhs)!
    }

    /// The zone ids of this kind's template (`docs/PROTOCOL.md`); empty for kinds without zones.
    ///
    /// For `empathy-map` this is Dave Gray's variant; ``classicEmpathyMapZones`` lists the other.
    package var zones: [String] {
        switch self {
        case .empathyMap: ["who", "goal", "see", "say", "do", "hear", "pains", "gains"]
        case .swot: ["strengths", "weaknesses", "opportunities", "threats"]
        case .businessModelCanvas:
            [
                "partners", "activities", "resources", "value", "relationships", "channels", "segments", "costs",
                "revenue",
            ]
        case .hmw: ["problem", "questions"]
        case .testGrid: ["liked", "criticism", "questions", "ideas"]
        case .moodBoard, .ideas, .prototype, .deck, .mindMap: []
        }
    }

    /// The zone ids of the classic empathy map variant.
    package static let classicEmpathyMapZones = ["says", "thinks", "does", "feels"]
}

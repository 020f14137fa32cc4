/// A board template's id. The server knows only the ids and each kind's default phase
/// bindings (``Defaults/bindings``); everything else about a kind (zones, tools, labels,
/// behaviours) is defined once, in the browser app (`web-static/board/kinds/<kind>.js`).
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

    /// Whether its notes take dot votes (the server counts them).
    package var votes: Bool { self == .ideas }

    /// Orders kinds as they are declared (the order boards are listed in).
    package static func < (lhs: BoardKind, rhs: BoardKind) -> Bool {
        let all = BoardKind.allCases
        return all.firstIndex(of: lhs)! < all.firstIndex(of: rhs)!
    }
}

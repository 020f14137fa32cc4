import YCore

/// What a quarantined update would do to its board, for people: the notes (and other items)
/// it would add or change with their text, and the slides it would add. Computed by applying
/// the update to a copy of the board as it stands now.
struct QuarantinePreview: Codable, Sendable, Equatable {
    /// An item the refused edit adds or changes.
    struct Item: Codable, Sendable, Equatable {
        var id: String
        var type: String?
        var text: String?
        var added: Bool
    }

    /// The texts typed (of added or changed items), in item order.
    var texts: [String]
    /// The items added or changed.
    var items: [Item]
    /// Slides added to a deck.
    var slidesAdded: Int
    /// Whether the update still depends on something the board lacks (then nothing shows).
    var incomplete: Bool

    /// The preview of `update` on a board whose state is `board`.
    static func of(_ update: [UInt8], onBoard board: [UInt8]) -> QuarantinePreview {
        let doc = Doc(gc: false)
        try? doc.applyUpdate(board)
        let before = items(of: doc.toJSON())
        let slidesBefore = doc.rootNames.contains("slides") ? doc.getArray("slides").count : 0
        let pendingBefore = doc.missingRanges
        do {
            try doc.applyUpdate(update)
        } catch {
            return QuarantinePreview(texts: [], items: [], slidesAdded: 0, incomplete: true)
        }
        let after = items(of: doc.toJSON())
        var changed: [Item] = []
        for (id, value) in after {
            let previous = before.first { $0.0 == id }?.1
            guard previous != value else { continue }
            changed.append(
                Item(id: id, type: field(value, "type"), text: field(value, "text"), added: previous == nil))
        }
        let slidesAfter = doc.rootNames.contains("slides") ? doc.getArray("slides").count : 0
        return QuarantinePreview(
            texts: changed.compactMap(\.text).filter { !$0.isEmpty }, items: changed,
            slidesAdded: max(0, slidesAfter - slidesBefore), incomplete: doc.missingRanges != pendingBefore)
    }

    private static func items(of json: JSONValue) -> [(String, JSONValue)] {
        guard case .object(let roots) = json, let items = roots.first(where: { $0.0 == "items" })?.1,
            case .object(let entries) = items
        else { return [] }
        return entries
    }

    private static func field(_ value: JSONValue, _ key: String) -> String? {
        guard case .object(let entries) = value, let field = entries.first(where: { $0.0 == key })?.1 else {
            return nil
        }
        if case .string(let text) = field { return text }
        return nil
    }
}

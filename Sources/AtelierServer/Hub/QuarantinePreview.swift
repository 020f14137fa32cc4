import YCore

/// What a quarantined update would do to its board, for people: the notes (and other items)
/// it would add or change with their text, the slides it would add or change with what was
/// typed in them (`slide-N` items), and how many slides it would add. Computed by applying
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
        let slidesBefore = slides(of: doc.toJSON())
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
        // A deck's slides: the fields typed in each slide the update adds or changes.
        let slidesAfter = slides(of: doc.toJSON())
        for (index, slide) in slidesAfter.enumerated() {
            let previous = index < slidesBefore.count ? slidesBefore[index] : nil
            guard previous != slide else { continue }
            let typed = ["title", "body", "notes"].compactMap { key -> String? in
                guard let text = field(slide, key), !text.isEmpty, text != previous.flatMap({ field($0, key) })
                else { return nil }
                return text
            }
            changed.append(
                Item(
                    id: "slide-\(index + 1)", type: "slide",
                    text: typed.isEmpty ? nil : typed.joined(separator: "\n"), added: previous == nil))
        }
        return QuarantinePreview(
            texts: changed.compactMap(\.text).filter { !$0.isEmpty }, items: changed,
            slidesAdded: max(0, slidesAfter.count - slidesBefore.count), incomplete: doc.missingRanges != pendingBefore)
    }

    private static func slides(of json: JSONValue) -> [JSONValue] {
        guard case .object(let roots) = json, let slides = roots.first(where: { $0.0 == "slides" })?.1,
            case .array(let list) = slides
        else { return [] }
        return list
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

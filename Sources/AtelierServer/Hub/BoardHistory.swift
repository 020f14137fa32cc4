import Foundation
import YCore

/// Comparing a board with how it was, and bringing it back: the checkpoints a facilitator
/// browses (docs/API.md, "Checkpoints"). Both read boards through YCore's maps; a restore is a
/// ``ServerEdit``, written on top of the history so nothing is erased and clients that edited
/// offline merge with it.
enum BoardHistory {
    /// One item as a comparison lists it.
    struct Item: Codable, Sendable, Equatable {
        var id: String
        var type: String?
        var zone: String?
        /// The start of its text, if it has one.
        var text: String?
        var author: String?
    }

    /// An item both sides have, with the fields that differ.
    struct Change: Codable, Sendable, Equatable {
        /// The item as it is on the later side.
        var item: Item
        /// The item as it was on the earlier side (its old text, zone…).
        var was: Item
        var fields: [String]
    }

    /// How many items a zone gained, lost and saw change.
    struct ZoneCounts: Codable, Sendable, Equatable {
        var added = 0
        var removed = 0
        var changed = 0
    }

    /// `GET …/checkpoints/{cpId}/compare`: what changed from one side to the other, per zone
    /// (`""` for items outside any zone); `slides` compares a deck's slide count.
    struct Comparison: Codable, Sendable, Equatable {
        var from: String
        var to: String
        var added: [Item] = []
        var removed: [Item] = []
        var changed: [Change] = []
        var zones: [String: ZoneCounts] = [:]
        var slides: SlideCounts?
    }

    /// A deck's slides on each side.
    struct SlideCounts: Codable, Sendable, Equatable {
        var from: Int
        var to: Int
    }

    /// The items of a board, by id, as JSON objects.
    static func items(of doc: Doc) -> [String: [String: JSONValue]] {
        guard doc.rootNames.contains(BoardDocument.itemsRoot) else { return [:] }
        var items: [String: [String: JSONValue]] = [:]
        for (id, value) in doc.getMap(BoardDocument.itemsRoot).entries {
            guard case .map(let item) = value, case .object(let fields) = item.toJSON() else { continue }
            items[id] = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        }
        return items
    }

    /// What changed from `before` to `after`.
    static func compare(_ before: Doc, _ after: Doc, from: String, to: String) -> Comparison {
        let old = items(of: before)
        let new = items(of: after)
        var comparison = Comparison(from: from, to: to)
        for id in new.keys.sorted() where old[id] == nil {
            let item = summary(id, new[id] ?? [:])
            comparison.added.append(item)
            comparison.zones[item.zone ?? "", default: ZoneCounts()].added += 1
        }
        for id in old.keys.sorted() where new[id] == nil {
            let item = summary(id, old[id] ?? [:])
            comparison.removed.append(item)
            comparison.zones[item.zone ?? "", default: ZoneCounts()].removed += 1
        }
        for id in new.keys.sorted() {
            guard let was = old[id], let now = new[id] else { continue }
            let fields = Set(was.keys).union(now.keys).filter { was[$0] != now[$0] }.sorted()
            guard !fields.isEmpty else { continue }
            let item = summary(id, now)
            comparison.changed.append(Change(item: item, was: summary(id, was), fields: fields))
            comparison.zones[item.zone ?? "", default: ZoneCounts()].changed += 1
        }
        let slides = (BoardDocument.slideCount(of: before), BoardDocument.slideCount(of: after))
        if before.rootNames.contains(BoardDocument.slidesRoot) || after.rootNames.contains(BoardDocument.slidesRoot) {
            comparison.slides = SlideCounts(from: slides.0, to: slides.1)
        }
        return comparison
    }

    private static func summary(_ id: String, _ fields: [String: JSONValue]) -> Item {
        func string(_ key: String) -> String? {
            if case .string(let value) = fields[key] { return value }
            return nil
        }
        return Item(
            id: id, type: string("type"), zone: string("zone"), text: string("text").map { String($0.prefix(120)) },
            author: string("author"))
    }

    /// The edit that makes a board's items (and a deck's slides) what they were in `past`: items
    /// added since are deleted, items deleted since come back with their fields (their author
    /// too), changed fields are set back. Each item's `votes` are left to the vote API; `meta`
    /// stays the server's.
    static func restoreEdit(to past: [UInt8]) -> ServerEdit {
        ServerEdit { doc in
            let checkpoint = Doc(gc: true)
            guard (try? checkpoint.applyUpdate(past)) != nil else { return }
            let then =
                checkpoint.rootNames.contains(BoardDocument.itemsRoot)
                ? checkpoint.getMap(BoardDocument.itemsRoot).entries : []
            let wanted = Dictionary(then.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            if !then.isEmpty || doc.rootNames.contains(BoardDocument.itemsRoot) {
                let items = doc.getMap(BoardDocument.itemsRoot)
                for id in items.keys where wanted[id] == nil { items.delete(id) }
                for (id, value) in then {
                    guard case .map(let old) = value else { continue }
                    guard case .map(let current) = items.get(id) else {
                        var fields = old.entries.compactMap { key, value in
                            key == BoardDocument.votesKey ? nil : input(value).map { (key, $0) }
                        }
                        // Counts come back through the vote API; an item that had none gets none.
                        if old.get(BoardDocument.votesKey) != nil { fields.append((BoardDocument.votesKey, .map([]))) }
                        items.set(id, .map(fields))
                        continue
                    }
                    restoreFields(of: current, to: old)
                }
            }
            if checkpoint.rootNames.contains(BoardDocument.slidesRoot)
                || doc.rootNames.contains(BoardDocument.slidesRoot)
            {
                let slides = doc.getArray(BoardDocument.slidesRoot)
                let old = checkpoint.getArray(BoardDocument.slidesRoot)
                if slides.toJSON() != old.toJSON() {
                    try? slides.delete(at: 0, length: slides.count)
                    slides.push(old.toArray().compactMap(input))
                }
            }
        }
    }

    /// Sets back the fields of an item that changed since (its `votes` aside).
    private static func restoreFields(of current: YMap, to old: YMap) {
        let was = Dictionary(old.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for key in current.keys where was[key] == nil && key != BoardDocument.votesKey { current.delete(key) }
        for (key, value) in was where key != BoardDocument.votesKey {
            let now = current.get(key)
            if let now, same(now, value) { continue }
            if case .text(let text) = now, case .text(let oldText) = value {
                // The same Y.Text, its content set back (clients bound to it keep their binding).
                restoreText(text, to: oldText.toString())
            } else if let restored = input(value) {
                current.set(key, restored)
            }
        }
    }

    /// Sets `text` back to `old` by replacing only what differs between them (the common start
    /// and end stay): what a client typed offline into the part that stays lands where it was
    /// typed when it comes back, instead of before a text deleted and inserted whole.
    static func restoreText(_ text: YText, to old: String) {
        let now = Array(text.toString().utf16)
        let was = Array(old.utf16)
        var prefix = 0
        while prefix < min(now.count, was.count), now[prefix] == was[prefix] { prefix += 1 }
        // Never split a surrogate pair (an emoji) between what stays and what changes.
        if prefix > 0, UTF16.isLeadSurrogate(now[prefix - 1]) { prefix -= 1 }
        var suffix = 0
        while suffix < min(now.count, was.count) - prefix, now[now.count - 1 - suffix] == was[was.count - 1 - suffix] {
            suffix += 1
        }
        if suffix > 0, UTF16.isTrailSurrogate(now[now.count - suffix]) { suffix -= 1 }
        let removed = now.count - prefix - suffix
        if removed > 0 { text.delete(at: prefix, length: removed) }
        if was.count - suffix > prefix {
            text.insert(at: prefix, String(decoding: was[prefix..<(was.count - suffix)], as: UTF16.self))
        }
    }

    /// A value of the checkpoint as a value to write (nested types become new ones).
    static func input(_ value: YValue) -> YInput? {
        switch value {
        case .value(let plain): .value(plain)
        case .map(let map): .map(map.entries.compactMap { key, value in input(value).map { (key, $0) } })
        case .array(let array): .array(array.toArray().compactMap(input))
        case .text(let text): .text(text.toString())
        default: nil
        }
    }

    /// Whether two values say the same (plain values equal, nested types with equal content).
    private static func same(_ a: YValue, _ b: YValue) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): x == y
        case (.map(let x), .map(let y)): x.toJSON() == y.toJSON()
        case (.array(let x), .array(let y)): x.toJSON() == y.toJSON()
        case (.text(let x), .text(let y)): x.toString() == y.toString()
        default: false
        }
    }
}

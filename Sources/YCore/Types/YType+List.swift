extension YType {
    /// The next id of the local client.
    @inline(__always) func nextID(_ txn: Transaction) -> ID {
        let doc = txn.doc
        return ID(client: doc.clientID, clock: doc.store.state(of: doc.clientID))
    }

    /// Creates and integrates an item between `left` and `right`.
    @discardableResult
    func insertItem(_ txn: Transaction, left: Item?, right: Item?, parentSub: String? = nil, _ content: ItemContent)
        -> Item
    {
        let item = Item(
            id: nextID(txn), left: left, origin: left?.lastID, right: right, rightOrigin: right?.id,
            parent: .type(self), parentKey: parentSub.map(EntryKey.init), content: content)
        item.integrate(txn, offset: 0)
        return item
    }

    /// Inserts `content` after `reference` (Yjs `typeListInsertGenericsAfter`): runs of plain
    /// values share one ContentAny item.
    func insertGenericsAfter(_ txn: Transaction, _ reference: Item?, _ content: [YInput]) {
        var left = reference
        let right = reference == nil ? start : reference!.right
        var pending: [AnyValue] = []
        func pack() {
            if !pending.isEmpty {
                left = insertItem(txn, left: left, right: right, .any(pending))
                pending = []
            }
        }
        for c in content {
            if case .value(let v) = c, !isBinary(v) {
                pending.append(v)
            } else {
                pack()
                left = insertItem(txn, left: left, right: right, c.makeContent())
            }
        }
        pack()
    }

    private func isBinary(_ v: AnyValue) -> Bool {
        if case .binary = v { return true }
        return false
    }

    /// Inserts at a visible index (Yjs `typeListInsertGenerics`).
    func insertGenerics(_ txn: Transaction, _ index: Int, _ content: [YInput]) throws(YCoreError) {
        guard index >= 0, index <= length else {
            throw YCoreError(.indexOutOfBounds, "index \(index) exceeds length \(length)")
        }
        if index == 0 {
            if searchMarkers != nil { updateMarkerChanges(index, content.count) }
            insertGenericsAfter(txn, nil, content)
            return
        }
        var remaining = index
        var n = start
        if let marker = findMarker(index) {
            n = marker.p
            remaining -= marker.index
            if remaining == 0 {
                n = n?.prev
                if let p = n, p.isVisible { remaining += p.length }
            }
        }
        while let c = n {
            if c.isVisible {
                if remaining <= c.length {
                    if remaining < c.length {
                        _ = txn.doc.getItemCleanStart(txn, ID(client: c.id.client, clock: c.id.clock + remaining))
                    }
                    break
                }
                remaining -= c.length
            }
            n = c.right
        }
        if searchMarkers != nil { updateMarkerChanges(index, content.count) }
        insertGenericsAfter(txn, n, content)
    }

    /// Appends at the end (Yjs `typeListPushGenerics`).
    func pushGenerics(_ txn: Transaction, _ content: [YInput]) {
        var best: (index: Int, p: Item?) = (0, start)
        for m in searchMarkers ?? [] where m.index > best.index { best = (m.index, m.p) }
        var n = best.p
        while let r = n?.right { n = r }
        insertGenericsAfter(txn, n, content)
    }

    /// Deletes `length` visible units from `index` (Yjs `typeListDelete`).
    func deleteRange(_ txn: Transaction, _ index: Int, _ count: Int) throws(YCoreError) {
        if count == 0 { return }
        guard index >= 0, count >= 0, index + count <= length else {
            throw YCoreError(.indexOutOfBounds, "range \(index)..<\(index + count) exceeds length \(length)")
        }
        var remainingIndex = index
        var remaining = count
        var n = start
        if let marker = findMarker(index) {
            n = marker.p
            remainingIndex -= marker.index
        }
        while let c = n, remainingIndex > 0 {
            if c.isVisible {
                if remainingIndex < c.length {
                    _ = txn.doc.getItemCleanStart(txn, ID(client: c.id.client, clock: c.id.clock + remainingIndex))
                }
                remainingIndex -= c.length
            }
            n = c.right
        }
        while remaining > 0, let c = n {
            if !c.deleted {
                if remaining < c.length {
                    _ = txn.doc.getItemCleanStart(txn, ID(client: c.id.client, clock: c.id.clock + remaining))
                }
                c.delete(txn)
                remaining -= c.length
            }
            n = c.right
        }
        if searchMarkers != nil { updateMarkerChanges(index, -count + remaining) }
    }

    /// The item holding the element at a visible index, and the element's offset in it.
    private func listItem(_ index: Int) -> (item: Item, offset: Int)? {
        var remaining = index
        var n = start
        if let marker = findMarker(index) {
            n = marker.p
            remaining -= marker.index
        }
        while let c = n {
            if c.isVisible {
                if remaining < c.length { return (c, remaining) }
                remaining -= c.length
            }
            n = c.right
        }
        return nil
    }

    /// The element at a visible index.
    func listGet(_ index: Int) -> YValue? {
        listItem(index).map { $0.item.content.values(doc: doc)[$0.offset] }
    }

    /// The Yjs client id that inserted the element at a visible index.
    func listWriter(_ index: Int) -> UInt64? {
        listItem(index)?.item.id.client
    }

    /// All visible elements.
    func listValues() -> [YValue] {
        var out: [YValue] = []
        var n = start
        while let c = n {
            if c.isVisible { out.append(contentsOf: c.content.values(doc: doc)) }
            n = c.right
        }
        return out
    }

    /// Integrates preliminary content after this type's item was integrated.
    func integratePrelim(_ txn: Transaction) {
        guard let p = prelim else { return }
        prelim = nil
        switch p {
        case .map(let entries):
            for (k, v) in entries { mapSet(txn, k, v) }
        case .list(let items):
            try? insertGenerics(txn, 0, items)
        case .text(let s):
            textInsert(txn, 0, UTF16Text.units(s), attributes: nil)
        case .element(let attributes, let children):
            try? insertGenerics(txn, 0, children)
            for (k, v) in attributes { mapSet(txn, k, .value(.string(v))) }
        }
    }
}

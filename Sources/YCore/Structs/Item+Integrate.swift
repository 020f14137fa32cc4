extension Item {
    /// The client whose missing structs block this item, or nil when every reference exists; in the
    /// latter case resolves `left`, `right` and `parent` (Yjs `getMissing`).
    func missingDependency(_ txn: Transaction, _ doc: Doc) -> UInt64? {
        if let o = origin, o.client != id.client, o.clock >= doc.store.state(of: o.client) { return o.client }
        if let o = rightOrigin, o.client != id.client, o.clock >= doc.store.state(of: o.client) { return o.client }
        if case .id(let p) = parent, p.client != id.client, p.clock >= doc.store.state(of: p.client) { return p.client }

        if let o = origin {
            let l = doc.getItemCleanEnd(txn, o)
            left = l
            origin = l.lastID
        }
        if let o = rightOrigin {
            let r = doc.getItemCleanStart(txn, o)
            right = r
            rightOrigin = r.id
        }
        if (left?.isGC ?? false) || (right?.isGC ?? false) {
            parent = .none
        } else if case .root(let name) = parent {
            parent = .type(doc.rootType(name))
        }
        switch parent {
        case .none:
            if let l = left, l.isItem {
                parent = l.parent
                parentKey = l.parentKey
            }
            if let r = right, r.isItem {
                parent = r.parent
                parentKey = r.parentKey
            }
        case .id(let p):
            let parentItem = doc.store.find(p)
            if parentItem.isItem, case .type(let t) = parentItem.content {
                parent = .type(t)
            } else {
                parent = .none
            }
        default:
            break
        }
        return nil
    }

    /// Places the item in its parent's list with YATA and adds it to the store (Yjs `integrate`).
    func integrate(_ txn: Transaction, offset: Int) {
        let doc = txn.doc
        if kind != .item {
            id.clock += offset
            length -= offset
            content = .deleted(length)
            doc.store.add(self)
            return
        }
        if offset > 0 {
            id.clock += offset
            let l = doc.getItemCleanEnd(txn, ID(client: id.client, clock: id.clock - 1))
            left = l
            origin = l.lastID
            content = content.splice(offset)
            length -= offset
        }
        guard case .type(let parentType) = parent else {
            doc.store.add(Item(gap: .gc, id: id, length: length))
            return
        }
        if (left == nil && (right == nil || right!.left != nil)) || (left != nil && left!.right !== right) {
            resolveConflicts(doc, parentType)
        }
        // Reconnect left/right and update the parent's start or map entry.
        if let l = left {
            right = l.right
            l.right = self
        } else {
            var r: Item?
            if let key = parentSub {
                r = parentType.mapEntry(key)
                while let c = r, let cl = c.left { r = cl }
            } else {
                r = parentType.start
                parentType.start = self
            }
            right = r
        }
        if let r = right {
            r.left = self
        } else if let key = parentSub {
            parentType.setMapEntry(key, self)
            left?.delete(txn)
        }
        if parentSub == nil && isVisible {
            parentType.length += length
        }
        doc.store.add(self)
        switch content {
        case .deleted(let n):
            txn.deleteSet.add(client: id.client, clock: id.clock, length: n)
            markDeleted()
        case .type(let t):
            t.doc = doc
            t.item = self
            t.integratePrelim(txn)
        case .format:
            parentType.searchMarkers = nil
        default:
            break
        }
        txn.addChangedType(parentType, parentSub)
        if (parentType.item?.deleted ?? false) || (parentSub != nil && right != nil) {
            delete(txn)
        }
    }

    /// YATA: finds the left neighbour among concurrently inserted items.
    private func resolveConflicts(_ doc: Doc, _ parentType: YType) {
        var newLeft = left
        var o: Item?
        if let l = left {
            o = l.right
        } else if let key = parentSub {
            o = parentType.mapEntry(key)
            while let c = o, let cl = c.left { o = cl }
        } else {
            o = parentType.start
        }
        var conflicting = Set<ObjectIdentifier>()
        var beforeOrigin = Set<ObjectIdentifier>()
        while let c = o, c !== right {
            beforeOrigin.insert(ObjectIdentifier(c))
            conflicting.insert(ObjectIdentifier(c))
            if origin == c.origin {
                if c.id.client < id.client {
                    newLeft = c
                    conflicting.removeAll(keepingCapacity: true)
                } else if rightOrigin == c.rightOrigin {
                    break
                }
            } else if let co = c.origin, beforeOrigin.contains(ObjectIdentifier(doc.store.find(co))) {
                if !conflicting.contains(ObjectIdentifier(doc.store.find(co))) {
                    newLeft = c
                    conflicting.removeAll(keepingCapacity: true)
                }
            } else {
                break
            }
            o = c.right
        }
        left = newLeft
    }

    /// Marks the item deleted and records it in the transaction (Yjs `Item.delete`). Deleting a
    /// type deletes its content; nesting is walked with an explicit stack, in Yjs's order.
    func delete(_ txn: Transaction) {
        guard case .type = content else {
            // No nested content: no stack needed.
            var none: [Item] = []
            deleteOne(txn, &none)
            return
        }
        var stack: [Item] = [self]
        while let item = stack.popLast() {
            item.deleteOne(txn, &stack)
        }
    }

    private func deleteOne(_ txn: Transaction, _ stack: inout [Item]) {
        if deleted { return }
        guard case .type(let parentType) = parent else { return }
        if countable && parentSub == nil {
            parentType.length -= length
        }
        markDeleted()
        txn.deleteSet.add(client: id.client, clock: id.clock, length: length)
        txn.addChangedType(parentType, parentSub)
        guard case .type(let t) = content else { return }
        // Yjs deletes children depth-first in list order, then map entries; the stack is
        // filled in reverse so that items pop in that order.
        var children: [Item] = []
        var n = t.start
        while let c = n {
            if !c.deleted {
                children.append(c)
            } else {
                txn.mergeStructs.append(c)
            }
            n = c.right
        }
        for key in t.mapOrder {
            guard let item = t.mapEntry(key) else { continue }
            if !item.deleted {
                children.append(item)
            } else {
                txn.mergeStructs.append(item)
            }
        }
        txn.removeChangedType(t)
        stack.append(contentsOf: children.reversed())
    }

    /// Replaces deleted content by its length, or (inside a collected type) the item by a GC
    /// struct (Yjs `Item.gc`); nested types are walked with an explicit stack.
    func gc(_ doc: Doc, parentGCd: Bool) {
        let isType: Bool
        if case .type = content { isType = true } else { isType = false }
        if !isType && !parentGCd {
            // The common case: collect the content of a deleted item in place.
            content = .deleted(length)
            return
        }
        var stack: [(Item, Bool)] = [(self, parentGCd)]
        while let (item, gcd) = stack.popLast() {
            if case .type(let t) = item.content {
                var children: [Item] = []
                var n = t.start
                while let c = n {
                    children.append(c)
                    n = c.right
                }
                t.start = nil
                t.searchMarkers = t.searchMarkers.map { _ in [] }
                for key in t.mapOrder {
                    var m: Item? = t.mapEntry(key)
                    while let c = m {
                        children.append(c)
                        m = c.left
                    }
                }
                t.map = [:]
                t.mapOrder = []
                for c in children.reversed() { stack.append((c, true)) }
            }
            if gcd {
                if !doc.formatAlias.isEmpty { doc.formatAlias[ObjectIdentifier(item)] = nil }
                doc.store.replace(item, with: Item(gap: .gc, id: item.id, length: item.length))
                item.left = nil
                item.right = nil
                item.content = .deleted(item.length)
            } else {
                // Yjs keeps the countable bit of a collected item; only its content changes.
                item.content = .deleted(item.length)
            }
        }
    }
}

extension Item {
    /// The client whose missing structs block this item, or nil when every reference exists; in the
    /// latter case resolves `left`, `right` and `parent` (Yjs `getMissing`).
    func missingDependency(_ txn: Transaction, _ doc: Doc) -> UInt64? {
        // Reference counting is kept off this hot path: neighbours are held `unowned(unsafe)`
        // (the struct store owns them) and each field is written once.
        let own = id.client
        let o = origin
        let ro = rightOrigin
        if let o, o.client != own, o.clock >= doc.store.state(of: o.client) { return o.client }
        if let ro, ro.client != own, ro.clock >= doc.store.state(of: ro.client) { return ro.client }
        if case .id(let p) = parent, p.client != own, p.clock >= doc.store.state(of: p.client) { return p.client }

        var leftItem = false
        var rightItem = false
        var nextToGC = false
        if let o {
            unowned(unsafe) let l = doc.getItemCleanEnd(txn, o)
            left = l
            origin = l.lastID
            leftItem = l.kind == .item
            nextToGC = l.kind == .gc
        }
        if let ro {
            unowned(unsafe) let r = doc.getItemCleanStart(txn, ro)
            right = r
            rightOrigin = r.id
            rightItem = r.kind == .item
            nextToGC = nextToGC || r.kind == .gc
        }
        if nextToGC {
            parent = .none
        } else if case .root(let name) = parent {
            parent = .type(doc.rootType(name))
        }
        switch parent {
        case .none:
            // As Yjs: the right neighbour's parent wins over the left one's.
            if rightItem {
                unowned(unsafe) let r = right!
                parent = r.parent
                parentKey = r.parentKey
            } else if leftItem {
                unowned(unsafe) let l = left!
                parent = l.parent
                parentKey = l.parentKey
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
        // Neighbours and the document are held `unowned(unsafe)`: the store (or the caller) owns
        // them, and retaining them here would double the cost of integrating an item.
        unowned(unsafe) let doc = txn.doc
        if kind != .item {
            id.clock += offset
            length -= offset
            content = .deleted(length)
            doc.store.add(self)
            return
        }
        if offset > 0 {
            id.clock += offset
            unowned(unsafe) let l = doc.getItemCleanEnd(txn, ID(client: id.client, clock: id.clock - 1))
            left = l
            origin = l.lastID
            content = content.splice(offset)
            length -= offset
        }
        guard case .type(let parentType) = parent else {
            doc.store.add(Item(gap: .gc, id: id, length: length))
            return
        }
        // The neighbours are compared and relinked through their unretained references.
        let leftRef = self.leftRef
        let rightRef = self.rightRef
        let conflict: Bool
        if let leftRef {
            conflict = leftRef._withUnsafeGuaranteedRef { $0.rightRef?.toOpaque() } != rightRef?.toOpaque()
        } else if let rightRef {
            conflict = rightRef._withUnsafeGuaranteedRef { $0.leftRef != nil }
        } else {
            conflict = true
        }
        if conflict {
            resolveConflicts(doc, parentType)
        }
        // Reconnect left/right and update the parent's start or map entry.
        if let leftRef = self.leftRef {
            let me = Unmanaged.passUnretained(self)
            self.rightRef = leftRef._withUnsafeGuaranteedRef { l in
                defer { l.rightRef = me }
                return l.rightRef
            }
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
        if let rightRef = self.rightRef {
            let me = Unmanaged.passUnretained(self)
            rightRef._withUnsafeGuaranteedRef { $0.leftRef = me }
        } else if let key = parentSub {
            parentType.setMapEntry(key, self)
            left?.delete(txn)
        }
        let isMapEntry = parentKey != nil
        if !isMapEntry && isVisible {
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
            parentType.hasFormats = true
            parentType.searchMarkers = nil
        default:
            break
        }
        txn.addChangedType(parentType, parentSub)
        if (parentType.item?.deleted ?? false) || (isMapEntry && right != nil) {
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

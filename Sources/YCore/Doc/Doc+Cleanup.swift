extension Doc {
    /// Ends a transaction: notifies observers, garbage-collects and merges structs exactly as Yjs's
    /// `cleanupTransactions` does (so encoded bytes match), then emits the v1 update.
    func cleanup(_ txn: Transaction) {
        txn.deleteSet.sortAndMerge()
        txn.afterClocks = store.clocks
        let formatCleanups = notifyObservers(txn)

        if gc {
            tryGCDeleteSet(txn.deleteSet)
        }
        tryMergeDeleteSet(txn.deleteSet)
        for change in txn.changedClients {
            let li = change.listIndex
            let beforeClock = change.before
            do {
                let firstChangePos = max(store.findIndex(li, beforeClock), 1)
                var i = store.lists[li].count - 1
                while i >= firstChangePos {
                    tryToMergeWithLeft(li, i)
                    i -= 1
                }
            }
        }
        for s in txn.mergeStructs {
            guard let li = store.listIndex(s.id.client) else { continue }
            let pos = store.findIndex(li, s.id.clock)
            if pos + 1 < store.lists[li].count {
                tryToMergeWithLeft(li, pos + 1)
            }
            if pos > 0 {
                tryToMergeWithLeft(li, pos)
            }
        }
        if !updateHandlers.isEmpty, let update = encodeTransactionUpdate(txn) {
            for h in updateHandlers { h.handler(update, txn.origin) }
        }
        // Yjs cleans up formatting after remote changes in new (local) transactions, ended after
        // this one, in order.
        for t in formatCleanups {
            cleanup(t)
        }
    }

    /// Merges the struct at `pos` into its left neighbour when possible.
    func tryToMergeWithLeft(_ li: Int, _ pos: Int) {
        let left = store.lists[li][pos - 1]
        let right = store.lists[li][pos]
        guard left.deleted == right.deleted, left.kind == right.kind else { return }
        if left.mergeWith(right) {
            store.remove(list: li, at: pos)
            if let key = right.parentSub, case .type(let parent) = right.parent, parent.mapEntry(key) === right {
                parent.setMapEntry(key, left)
            }
        }
    }

    /// Replaces deleted content in `ds` by ContentDeleted (or GC structs inside collected types).
    func tryGCDeleteSet(_ ds: DeleteSet) {
        for (k, client) in ds.clientOrder.enumerated() {
            guard let li = store.listIndex(client) else { continue }
            let dels = ds.ranges[k]
            var di = dels.count - 1
            while di >= 0 {
                let d = dels[di]
                let end = d.clock + d.length
                var si = store.findIndex(li, d.clock)
                while si < store.lists[li].count {
                    let s = store.lists[li][si]
                    if s.id.clock >= end { break }
                    if s.isItem && s.deleted && !s.keep {
                        s.gc(self, parentGCd: false)
                    }
                    si += 1
                }
                di -= 1
            }
        }
    }

    /// Merges runs of deleted structs around each range of `ds`.
    func tryMergeDeleteSet(_ ds: DeleteSet) {
        for (k, client) in ds.clientOrder.enumerated() {
            guard let li = store.listIndex(client) else { continue }
            let dels = ds.ranges[k]
            var di = dels.count - 1
            while di >= 0 {
                let d = dels[di]
                let count = store.lists[li].count
                var si = min(count - 1, 1 + store.findIndex(li, d.clock + d.length - 1))
                while si > 0 && store.lists[li][si].id.clock >= d.clock {
                    tryToMergeWithLeft(li, si)
                    si -= 1
                }
                di -= 1
            }
        }
    }

    /// The v1 update of a finished transaction, or nil when it changed nothing.
    func encodeTransactionUpdate(_ txn: Transaction) -> [UInt8]? {
        let changedClients = txn.changedClients
        if txn.deleteSet.isEmpty && changedClients.isEmpty { return nil }
        var w = ByteWriter()
        // Only clients whose clock moved have structs to write (clients in descending order).
        let selected = changedClients.map { ($0.client, $0.before) }.sorted { $0.0 > $1.0 }
        writeStructs(to: &w, selected: selected)
        txn.deleteSet.write(to: &w)
        return w.bytes
    }
}

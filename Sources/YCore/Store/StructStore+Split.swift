extension Doc {
    /// Splits `left` after `diff` units; the new right half is inserted into the list and returned
    /// (the caller inserts it into the struct store).
    func splitItem(_ txn: Transaction, _ left: Item, _ diff: Int) -> Item {
        let client = left.id.client
        let clock = left.id.clock
        let rightContent = left.content.splice(diff)
        let right = Item(
            id: ID(client: client, clock: clock + diff), left: left,
            origin: ID(client: client, clock: clock + diff - 1),
            right: left.right, rightOrigin: left.rightOrigin, parent: left.parent, parentKey: left.parentKey,
            content: rightContent)
        if left.deleted { right.markDeleted() }
        if left.keep { right.keep = true }
        left.right = right
        right.right?.left = right
        txn.mergeStructs.append(right)
        if let key = right.parentSub, right.right == nil, case .type(let parent) = right.parent {
            parent.setMapEntry(key, right)
        }
        left.length = diff
        return right
    }

    /// The index of the struct that starts exactly at `clock`, splitting an item if needed.
    func findIndexCleanStart(_ txn: Transaction, _ listIndex: Int, _ clock: Int) -> Int {
        let index = store.findIndex(listIndex, clock)
        let s = store.lists[listIndex][index]
        if s.id.clock < clock && s.isItem {
            store.insert(splitItem(txn, s, clock - s.id.clock), list: listIndex, at: index + 1)
            return index + 1
        }
        return index
    }

    /// The struct that starts at `id`, splitting as needed.
    func getItemCleanStart(_ txn: Transaction, _ id: ID) -> Item {
        let li = store.listIndex(id.client)!
        let index = findIndexCleanStart(txn, li, id.clock)
        return store.lists[li][index]
    }

    /// The struct that ends at `id`, splitting as needed.
    func getItemCleanEnd(_ txn: Transaction, _ id: ID) -> Item {
        let li = store.listIndex(id.client)!
        let index = store.findIndex(li, id.clock)
        let s = store.lists[li][index]
        if id.clock != s.id.clock + s.length - 1 && !s.isGC {
            store.insert(splitItem(txn, s, id.clock - s.id.clock + 1), list: li, at: index + 1)
        }
        return s
    }
}

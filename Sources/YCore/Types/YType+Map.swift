extension YType {
    /// Sets `key` (Yjs `typeMapSet`).
    func mapSet(_ txn: Transaction, _ key: String, _ value: YInput) {
        let left = mapEntry(key)
        insertItem(txn, left: left, right: nil, parentSub: key, value.makeContent())
    }

    /// Deletes `key` (Yjs `typeMapDelete`).
    func mapDelete(_ txn: Transaction, _ key: String) {
        mapEntry(key)?.delete(txn)
    }

    /// The current value of `key`.
    func mapGet(_ key: String) -> YValue? {
        guard let item = mapEntry(key), !item.deleted else { return nil }
        return item.content.lastValue()
    }

    /// Live keys in first-insertion order.
    func mapKeys() -> [String] {
        mapOrder.filter { key in
            if let item = mapEntry(key) { return !item.deleted }
            return false
        }
    }
}

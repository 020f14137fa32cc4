/// A unit of change on a ``Doc``: every edit happens inside one, and when the outermost
/// transaction ends YCore cleans up (merges adjacent structs, garbage-collects deleted content),
/// notifies observers and emits one v1 update.
///
/// For example:
/// ```swift
/// doc.transact { txn in
///     map.set("title", .string("Hello"), in: txn)
/// }
/// ```
public final class Transaction {
    /// The document being changed.
    public let doc: Doc
    /// The origin given to `transact` (nil for remote updates unless given).
    public let origin: String?
    /// Whether the change was made through the local API (false while applying an update).
    public internal(set) var local: Bool
    /// Each client's clock before the transaction, by struct-store list index (clients that
    /// appear later have no entry: their clock was 0).
    var beforeClocks: [Int]
    /// Each client's clock after the transaction (set during cleanup).
    var afterClocks: [Int] = []
    /// Items deleted in this transaction.
    @exclusivity(unchecked) var deleteSet = DeleteSet()
    /// Items created by splitting, to try merging again at the end.
    @exclusivity(unchecked) var mergeStructs: [Item] = []
    /// Changed types in first-change order, with the keys that changed.
    @exclusivity(unchecked) var changed: [ChangedType] = []
    /// Index into `changed` by type, once it grows.
    var changedIndex: [ObjectIdentifier: Int] = [:]

    /// A type changed by the transaction.
    struct ChangedType {
        let type: YType
        var childListChanged: Bool
        var keys: [String]
    }

    init(doc: Doc, origin: String?, local: Bool) {
        self.doc = doc
        self.origin = origin
        self.local = local
        self.beforeClocks = doc.store.clocks
    }

    /// The clock of `client` before the transaction.
    @inline(__always) func beforeState(_ client: UInt64) -> Int {
        guard let li = doc.store.listIndex(client), li < beforeClocks.count else { return 0 }
        return beforeClocks[li]
    }

    /// The state vector before the transaction.
    var beforeState: [UInt64: Int] {
        var sv: [UInt64: Int] = [:]
        for (li, clock) in beforeClocks.enumerated() { sv[doc.store.clientOrder[li]] = clock }
        return sv
    }

    /// Clients whose clock changed, with the clocks before and after.
    var changedClients: [(client: UInt64, listIndex: Int, before: Int, after: Int)] {
        var out: [(client: UInt64, listIndex: Int, before: Int, after: Int)] = []
        for (li, after) in afterClocks.enumerated() {
            let before = li < beforeClocks.count ? beforeClocks[li] : 0
            if before != after { out.append((doc.store.clientOrder[li], li, before, after)) }
        }
        return out
    }

    /// Records that `type` changed (at `key`, or in its list when `key` is nil), unless the type
    /// was created in this very transaction.
    func addChangedType(_ type: YType, _ key: String?) {
        if let item = type.item {
            if !(item.id.clock < beforeState(item.id.client) && !item.deleted) { return }
        }
        var slot = -1
        if changed.count <= 8 {
            for i in changed.indices where changed[i].type === type {
                slot = i
                break
            }
        } else if let i = changedIndex[ObjectIdentifier(type)] {
            slot = i
        }
        if slot < 0 {
            changed.append(ChangedType(type: type, childListChanged: key == nil, keys: key.map { [$0] } ?? []))
            if changed.count > 8 {
                if changedIndex.isEmpty {
                    for (i, c) in changed.enumerated() { changedIndex[ObjectIdentifier(c.type)] = i }
                } else {
                    changedIndex[ObjectIdentifier(type)] = changed.count - 1
                }
            }
            return
        }
        if let key {
            if !changed[slot].keys.contains(where: { $0.utf8.elementsEqual(key.utf8) }) {
                changed[slot].keys.append(key)
            }
        } else {
            changed[slot].childListChanged = true
        }
    }
}

extension Transaction {
    /// Forgets a type's change record (a deleted type reports nothing).
    func removeChangedType(_ type: YType) {
        guard let i = changed.firstIndex(where: { $0.type === type }) else { return }
        changed.remove(at: i)
        changedIndex = [:]
        if changed.count > 8 {
            for (k, c) in changed.enumerated() { changedIndex[ObjectIdentifier(c.type)] = k }
        }
    }
}

/// One step of the path from a root to a nested type.
public enum PathSegment: Equatable, Sendable, CustomStringConvertible {
    /// A root name or a map key.
    case key(String)
    /// An index in an array, text or XML list.
    case index(Int)

    /// `key` or `[index]`.
    public var description: String {
        switch self {
        case .key(let k): k
        case .index(let i): "[\(i)]"
        }
    }
}

/// What one transaction changed in one shared type.
public struct YEvent {
    /// Path from the root (`.key(rootName)` first) to the changed type.
    public let path: [PathSegment]
    /// The type's kind.
    public let kind: TypeKind
    /// Map keys (or attribute names) that changed.
    public let keysChanged: Set<String>
    /// Whether list content (array elements, text) changed.
    public let childListChanged: Bool
    /// The transaction's origin.
    public let origin: String?
    /// Whether the change was local.
    public let local: Bool
}

/// What a transaction changed: the changed types with their keys, and the inserted and deleted
/// clock ranges per client.
public struct TransactionSummary {
    /// The transaction's origin.
    public let origin: String?
    /// Whether the change was made locally (false for applied updates).
    public let local: Bool
    /// One event per changed type, outermost first.
    public let events: [YEvent]
    /// Newly integrated clocks per client.
    public let inserted: [UInt64: Range<Int>]
    /// Deleted clock ranges per client.
    public let deleted: [UInt64: [Range<Int>]]

    /// Whether the transaction changed nothing.
    public var isEmpty: Bool { inserted.isEmpty && deleted.isEmpty }
}

/// A registration of a type observer; call ``cancel()`` to remove it.
public final class TypeObserver {
    weak var list: ObserverList<YEvent>?
    let id: Int

    init(list: ObserverList<YEvent>, id: Int) {
        self.list = list
        self.id = id
    }

    /// Removes the observer.
    public func cancel() {
        list?.entries.removeAll { $0.id == id }
    }
}

extension YType {
    func observe(_ handler: @escaping (YEvent) -> Void) -> TypeObserver {
        let id = (observers.map(\.id).max() ?? 0) + 1
        observers.append((id, handler))
        return TypeObserver(list: observerList, id: id)
    }

    /// The path from the root to this type, or nil when it is not reachable.
    func path() -> [PathSegment]? {
        var segments: [PathSegment] = []
        var t = self
        while let item = t.item {
            guard case .type(let parent) = item.parent else { return nil }
            if let key = item.parentSub {
                segments.append(.key(key))
            } else {
                var index = 0
                var n = parent.start
                while let c = n, c !== item {
                    if c.isVisible { index += c.length }
                    n = c.right
                }
                segments.append(.index(index))
            }
            t = parent
        }
        guard let root = t.rootName else { return nil }
        segments.append(.key(root))
        return segments.reversed()
    }
}

extension Doc {
    /// Calls type observers and transaction handlers for a finished transaction, and cleans up
    /// formatting after a remote one as Yjs's `YText._callObserver` does: text by text, right
    /// after its observers, each in a transaction of its own (returned in order; the caller ends
    /// them after this transaction's own cleanup). A text's check sees what the cleanups of the
    /// texts before it deleted.
    func notifyObservers(_ txn: Transaction) -> [Transaction] {
        var formatCleanups: [Transaction] = []
        var events: [YEvent] = []
        let wantEvents = !transactionHandlers.isEmpty
        for change in txn.changed {
            let type = change.type
            if let item = type.item, item.deleted { continue }
            if !txn.local && type.searchMarkers != nil {
                type.searchMarkers = []
            }
            if wantEvents || !type.observers.isEmpty {
                let event = YEvent(
                    path: type.path() ?? [], kind: type.kind, keysChanged: Set(change.keys),
                    childListChanged: change.childListChanged, origin: txn.origin, local: txn.local)
                for o in type.observers { o.handler(event) }
                events.append(event)
            }
            if !txn.local && (type.kind == .text || type.kind == .xmlText) && remoteFormatChange(txn, type) {
                let cleanup = Transaction(doc: self, origin: nil, local: true)
                formatCleanups.append(cleanup)
                currentTransaction = cleanup
                type.cleanupTextFormatting(cleanup)
                currentTransaction = nil
            }
        }
        guard wantEvents else { return formatCleanups }
        var inserted: [UInt64: Range<Int>] = [:]
        for c in txn.changedClients where c.after > c.before {
            inserted[c.client] = c.before..<c.after
        }
        var deleted: [UInt64: [Range<Int>]] = [:]
        for (k, client) in txn.deleteSet.clientOrder.enumerated() {
            deleted[client] = txn.deleteSet.ranges[k].map { $0.clock..<($0.clock + $0.length) }
        }
        events.sort { $0.path.count < $1.path.count }
        let summary = TransactionSummary(
            origin: txn.origin, local: txn.local, events: events, inserted: inserted, deleted: deleted)
        for h in transactionHandlers { h.handler(summary) }
        return formatCleanups
    }

    /// Whether a remote transaction inserted a format item (anywhere) or deleted one of `type`'s
    /// (the condition of Yjs's `YText._callObserver` for a full formatting cleanup).
    func remoteFormatChange(_ txn: Transaction, _ type: YType) -> Bool {
        for c in txn.changedClients {
            let li = c.listIndex
            var i = store.findIndex(li, c.before)
            while i < store.lists[li].count {
                let s = store.lists[li][i]
                if !s.deleted, case .format = s.content { return true }
                i += 1
            }
        }
        for (k, client) in txn.deleteSet.clientOrder.enumerated() {
            guard let li = store.listIndex(client) else { continue }
            for r in txn.deleteSet.ranges[k] {
                var i = store.findIndex(li, r.clock)
                while i < store.lists[li].count {
                    let s = store.lists[li][i]
                    if s.id.clock >= r.clock + r.length { break }
                    if s.isItem, case .format = s.content, s.parentType === type { return true }
                    i += 1
                }
            }
        }
        return false
    }
}

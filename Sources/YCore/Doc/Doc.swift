/// A Yjs-compatible document: named root types over a store of structs, changed through
/// transactions and synchronised with v1 updates.
///
/// For example:
/// ```swift
/// let doc = Doc(clientID: 1)
/// let text = doc.getText("text")
/// doc.transact { txn in text.insert(at: 0, "hello", in: txn) }
/// let update = try doc.encodeStateAsUpdate()
/// ```
///
/// A `Doc` is not thread-safe: use it from one isolation domain at a time.
public final class Doc {
    /// This peer's client id (up to 53 bits).
    public let clientID: UInt64
    /// Whether deleted content is garbage-collected at the end of each transaction.
    public let gc: Bool
    /// All structs.
    @exclusivity(unchecked) var store = StructStore()
    /// Root types by name, in creation order.
    var share: [MapKey: YType] = [:]
    var shareOrder: [String] = []
    /// Format items whose value object is shared with another format item (JavaScript object
    /// identity, which Yjs's formatting cleanup compares with `===`): item → identity.
    var formatAlias: [ObjectIdentifier: ObjectIdentifier] = [:]
    /// The running transaction, if any.
    var currentTransaction: Transaction?
    /// Structs that wait for missing dependencies, as a v1 update, and the first missing clock per client.
    var pendingStructs: (update: [UInt8], missing: [UInt64: Int])?
    /// Deletions that refer to structs not yet received, as a v1 update.
    var pendingDeletes: [UInt8]?
    /// Registered handlers (in a box, so that handles can refer to it weakly without giving the
    /// document a side table).
    let handlers = HandlerRegistry()
    var updateHandlers: [(id: Int, handler: ([UInt8], String?) -> Void)] {
        get { handlers.update }
        set { handlers.update = newValue }
    }
    var transactionHandlers: [(id: Int, handler: (TransactionSummary) -> Void)] {
        get { handlers.transaction }
        set { handlers.transaction = newValue }
    }
    var nextHandlerID = 0

    /// Creates a document; a nil `clientID` picks a random 31-bit id as Yjs does.
    public init(clientID: UInt64? = nil, gc: Bool = true) {
        self.clientID = clientID ?? UInt64(UInt32.random(in: 0...UInt32.max) >> 1)
        self.gc = gc
    }

    deinit {
        // Break the item ↔ type reference cycles.
        for list in store.lists {
            for item in list {
                if case .type(let t) = item.content {
                    t.start = nil
                    t.map = [:]
                    t.item = nil
                    t.searchMarkers = nil
                }
                item.parent = .none
            }
        }
        for t in share.values {
            t.start = nil
            t.map = [:]
            t.searchMarkers = nil
        }
    }

    /// The root type called `name`, created (as `.unknown`) if needed.
    func rootType(_ name: String) -> YType {
        let key = MapKey(name)
        if let t = share[key] { return t }
        let t = YType(kind: .unknown)
        t.doc = self
        t.rootName = name
        share[key] = t
        shareOrder.append(name)
        return t
    }

    func root(_ name: String, as kind: TypeKind) -> YType {
        let t = rootType(name)
        t.upgrade(to: kind)
        return t
    }

    /// The root map called `name`.
    public func getMap(_ name: String) -> YMap { YMap(root(name, as: .map)) }
    /// The root array called `name`.
    public func getArray(_ name: String) -> YArray { YArray(root(name, as: .array)) }
    /// The root text called `name`.
    public func getText(_ name: String) -> YText { YText(root(name, as: .text)) }
    /// The root XML fragment called `name`.
    public func getXmlFragment(_ name: String) -> YXmlFragment { YXmlFragment(root(name, as: .xmlFragment)) }

    /// Names of the root types, in the order they were first created or referenced.
    public var rootNames: [String] { shareOrder }

    /// The state vector: for every known client, the next clock expected from it.
    public var stateVector: [UInt64: Int] { store.stateVector }

    /// Runs `body` in a transaction (or inside the running one) and, at the end of the outermost
    /// transaction, cleans up, notifies observers and emits the update.
    public func transact<T>(origin: String? = nil, _ body: (Transaction) throws -> T) rethrows -> T {
        try transact(origin: origin, local: true, body)
    }

    func transact<T>(origin: String?, local: Bool, _ body: (Transaction) throws -> T) rethrows -> T {
        if let txn = currentTransaction {
            return try body(txn)
        }
        let txn = Transaction(doc: self, origin: origin, local: local)
        currentTransaction = txn
        defer {
            currentTransaction = nil
            cleanup(txn)
        }
        return try body(txn)
    }

    /// Registers a handler for the v1 update of every transaction that changed something.
    @discardableResult
    public func onUpdate(_ handler: @escaping ([UInt8], String?) -> Void) -> UpdateObserver {
        nextHandlerID += 1
        updateHandlers.append((nextHandlerID, handler))
        return UpdateObserver(registry: handlers, id: nextHandlerID)
    }

    /// Registers a handler told what each transaction changed (after cleanup, before the update).
    @discardableResult
    public func onTransaction(_ handler: @escaping (TransactionSummary) -> Void) -> UpdateObserver {
        nextHandlerID += 1
        transactionHandlers.append((nextHandlerID, handler))
        return UpdateObserver(registry: handlers, id: nextHandlerID)
    }
}

/// The update and transaction handlers of a document.
final class HandlerRegistry {
    var update: [(id: Int, handler: ([UInt8], String?) -> Void)] = []
    var transaction: [(id: Int, handler: (TransactionSummary) -> Void)] = []

    func remove(_ id: Int) {
        update.removeAll { $0.id == id }
        transaction.removeAll { $0.id == id }
    }
}

/// The observers of one shared type.
final class ObserverList<Event> {
    var entries: [(id: Int, handler: (Event) -> Void)] = []
}

/// A registration of an update or transaction handler; call ``cancel()`` to remove it.
public final class UpdateObserver {
    weak var registry: HandlerRegistry?
    let id: Int

    init(registry: HandlerRegistry, id: Int) {
        self.registry = registry
        self.id = id
    }

    /// Removes the handler.
    public func cancel() {
        registry?.remove(id)
    }
}

/// A client's decoded structs and the read position while integrating (shared by reference as in
/// Yjs's `integrateStructs`).
private final class StructRefs {
    var i = 0
    var refs: [Item]

    init(_ refs: [Item]) { self.refs = refs }
}

extension Doc {
    /// Applies a v1 update. The update is decoded and validated completely first: on malformed
    /// input this throws ``YCoreError`` and the document is left unchanged. Structs whose
    /// dependencies are missing wait in a pending area (see ``missing``) until they arrive.
    public func applyUpdate(_ update: [UInt8], origin: String? = nil) throws {
        let decoded = try DecodedUpdate(update)
        transact(origin: origin, local: false) { txn in
            applyDecoded(decoded, txn)
        }
    }

    func applyDecoded(_ update: DecodedUpdate, _ txn: Transaction) {
        var retry = false
        let rest = integrateStructs(txn, update.clients)
        if var pending = pendingStructs {
            for (client, clock) in pending.missing where clock < store.state(of: client) {
                retry = true
                break
            }
            if let rest {
                for (client, clock) in rest.missing {
                    if let m = pending.missing[client], m <= clock { continue }
                    pending.missing[client] = clock
                }
                pending.update = (try? mergeUpdates([pending.update, rest.update])) ?? pending.update
            }
            pendingStructs = pending
        } else {
            pendingStructs = rest
        }
        let dsRest = applyDeleteSet(update.deleteSet, txn)
        if let pd = pendingDeletes, let decoded = try? DecodedUpdate(pd) {
            let dsRest2 = applyDeleteSet(decoded.deleteSet, txn)
            if let a = dsRest, let b = dsRest2 {
                pendingDeletes = try? mergeUpdates([a, b])
            } else {
                pendingDeletes = dsRest ?? dsRest2
            }
        } else {
            pendingDeletes = dsRest
        }
        if retry, let pending = pendingStructs, let decoded = try? DecodedUpdate(pending.update) {
            pendingStructs = nil
            applyDecoded(decoded, txn)
        }
    }

    /// Integrates decoded structs in Yjs's order (highest client first, following dependencies
    /// through a stack); returns what could not be integrated as an update and the missing clocks.
    private func integrateStructs(_ txn: Transaction, _ clients: [ClientStructs]) -> (
        update: [UInt8], missing: [UInt64: Int]
    )? {
        var refsByClient: [UInt64: StructRefs] = [:]
        for c in clients {
            refsByClient[c.client] = StructRefs(c.structs)
        }
        var ids = refsByClient.keys.sorted()
        if ids.isEmpty { return nil }
        var stack: [Item] = []

        func nextTarget() -> StructRefs? {
            while let last = ids.last {
                let target = refsByClient[last]!
                if target.i < target.refs.count { return target }
                ids.removeLast()
            }
            return nil
        }
        guard var current = nextTarget() else { return nil }
        var restClients: [UInt64: [Item]] = [:]
        var missingSV: [UInt64: Int] = [:]
        func updateMissing(_ client: UInt64, _ clock: Int) {
            if let m = missingSV[client], m <= clock { return }
            missingSV[client] = clock
        }
        // The local clock of the last client read (only integration here moves a client's clock).
        var lastClient: UInt64 = .max
        var lastState = 0
        func addStackToRest() {
            for item in stack {
                let client = item.id.client
                if let unapplicable = refsByClient[client] {
                    unapplicable.i -= 1
                    restClients[client] = Array(unapplicable.refs[unapplicable.i...])
                    refsByClient[client] = nil
                    unapplicable.i = 0
                    unapplicable.refs = []
                } else {
                    restClients[client] = [item]
                }
                ids.removeAll { $0 == client }
            }
            stack.removeAll()
        }

        var head = current.refs[current.i]
        current.i += 1
        while true {
            if !head.isSkip {
                let client = head.id.client
                if client != lastClient {
                    lastClient = client
                    lastState = store.state(of: client)
                }
                let localClock = lastState
                let offset = localClock - head.id.clock
                if offset < 0 {
                    stack.append(head)
                    updateMissing(client, head.id.clock - 1)
                    addStackToRest()
                } else if let missing = head.missingDependency(txn, self) {
                    stack.append(head)
                    let refs = refsByClient[missing]
                    if refs == nil || refs!.i == refs!.refs.count {
                        updateMissing(missing, store.state(of: missing))
                        addStackToRest()
                    } else {
                        head = refs!.refs[refs!.i]
                        refs!.i += 1
                        continue
                    }
                } else if offset == 0 || offset < head.length {
                    head.integrate(txn, offset: offset)
                    lastState = head.id.clock + head.length
                }
            }
            if let top = stack.popLast() {
                head = top
            } else if current.i < current.refs.count {
                head = current.refs[current.i]
                current.i += 1
            } else if let next = nextTarget() {
                current = next
                head = current.refs[current.i]
                current.i += 1
            } else {
                break
            }
        }
        if restClients.isEmpty { return nil }
        var w = ByteWriter()
        w.writeVarUInt(restClients.count)
        for (client, structs) in restClients.sorted(by: { $0.key > $1.key }) {
            w.writeVarUInt(structs.count)
            w.writeVarUInt(client)
            w.writeVarUInt(structs[0].id.clock)
            for s in structs { s.write(to: &w, offset: 0) }
        }
        w.writeVarUInt(0)
        return (w.bytes, missingSV)
    }

    /// Deletes the ranges of `ds` that exist locally; returns the rest as an update (or nil).
    func applyDeleteSet(_ ds: DeleteSet, _ txn: Transaction) -> [UInt8]? {
        var unapplied = DeleteSet()
        for (k, client) in ds.clientOrder.enumerated() {
            let state = store.state(of: client)
            let li = store.listIndex(client)
            for d in ds.ranges[k] {
                let clock = d.clock
                let end = d.clock + d.length
                guard clock < state, let li else {
                    unapplied.add(client: client, clock: clock, length: d.length)
                    continue
                }
                if state < end {
                    unapplied.add(client: client, clock: state, length: end - state)
                }
                var index = store.findIndex(li, clock)
                let first = store.lists[li][index]
                if !first.deleted && first.id.clock < clock {
                    store.insert(splitItem(txn, first, clock - first.id.clock), list: li, at: index + 1)
                    index += 1
                }
                while index < store.lists[li].count {
                    let s = store.lists[li][index]
                    index += 1
                    guard s.id.clock < end else { break }
                    if !s.deleted {
                        if end < s.id.clock + s.length {
                            store.insert(splitItem(txn, s, end - s.id.clock), list: li, at: index)
                        }
                        s.delete(txn)
                    }
                }
            }
        }
        if unapplied.isEmpty { return nil }
        var w = ByteWriter()
        w.writeVarUInt(0)
        unapplied.write(to: &w)
        return w.bytes
    }
}

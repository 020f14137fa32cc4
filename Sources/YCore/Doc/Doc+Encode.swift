/// A range of clocks of one client that the document still needs before pending structs or
/// deletions can be applied.
public struct MissingRange: Equatable, Sendable, CustomStringConvertible {
    /// The client whose structs are missing.
    public let client: UInt64
    /// The missing clocks.
    public let clocks: Range<Int>

    /// `client:start..<end`.
    public var description: String { "\(client):\(clocks.lowerBound)..<\(clocks.upperBound)" }
}

extension Doc {
    /// Writes the structs the holder of `sv` lacks, clients in descending order.
    func writeStructs(to w: inout ByteWriter, from sv: [UInt64: Int]) {
        var selected: [(UInt64, Int)] = []
        for (client, clock) in sv where store.state(of: client) > clock {
            selected.append((client, clock))
        }
        for client in store.clientOrder where sv[client] == nil {
            selected.append((client, 0))
        }
        selected.sort { $0.0 > $1.0 }
        writeStructs(to: &w, selected: selected)
    }

    /// Writes the structs of `selected` (client, first clock) in the given order.
    func writeStructs(to w: inout ByteWriter, selected: [(UInt64, Int)]) {
        w.writeVarUInt(selected.count)
        for (client, startClock) in selected {
            let li = store.listIndex(client)!
            let structs = store.lists[li]
            let clock = max(startClock, structs[0].id.clock)
            let start = store.findIndex(li, clock)
            w.writeVarUInt(structs.count - start)
            w.writeVarUInt(client)
            w.writeVarUInt(clock)
            let first = structs[start]
            first.write(to: &w, offset: clock - first.id.clock)
            structs.forEach(from: start + 1) { $0.write(to: &w, offset: 0) }
        }
    }

    /// Encodes the document (or what a peer with `stateVector` lacks) as one v1 update, including
    /// pending structs and deletions as Yjs does. Throws on a malformed state vector.
    public func encodeStateAsUpdate(from stateVector: [UInt8]? = nil) throws -> [UInt8] {
        let svBytes = stateVector ?? [0]
        let sv = try StateVectorCoding.read(svBytes)
        var w = ByteWriter()
        writeStructs(to: &w, from: sv)
        DeleteSet(store: store).write(to: &w)
        var updates = [w.bytes]
        if let pd = pendingDeletes {
            updates.append(pd)
        }
        if let ps = pendingStructs {
            updates.append(try diffUpdate(ps.update, stateVector: svBytes))
        }
        if updates.count > 1 {
            return try mergeUpdates(updates)
        }
        return updates[0]
    }

    /// Encodes the state vector (v1): the next clock expected from every known client.
    public func encodeStateVector() -> [UInt8] {
        var w = ByteWriter()
        StateVectorCoding.write(store.stateVector, to: &w)
        return w.bytes
    }

    /// The clock ranges that pending structs and deletions wait for, per client.
    public var missing: [UInt64: Range<Int>] {
        var result: [UInt64: Range<Int>] = [:]
        func need(_ client: UInt64, upTo clock: Int) {
            let state = store.state(of: client)
            guard clock > state else { return }
            if let r = result[client] {
                result[client] = state..<max(r.upperBound, clock)
            } else {
                result[client] = state..<clock
            }
        }
        if let ps = pendingStructs, let decoded = try? DecodedUpdate(ps.update) {
            for run in decoded.clients {
                if let first = run.structs.first { need(run.client, upTo: first.id.clock) }
                for s in run.structs where s.isItem {
                    if let o = s.origin { need(o.client, upTo: o.clock + 1) }
                    if let o = s.rightOrigin { need(o.client, upTo: o.clock + 1) }
                    if case .id(let p) = s.parent { need(p.client, upTo: p.clock + 1) }
                }
            }
        }
        if let pd = pendingDeletes, let decoded = try? DecodedUpdate(pd) {
            for (k, client) in decoded.deleteSet.clientOrder.enumerated() {
                for r in decoded.deleteSet.ranges[k] { need(client, upTo: r.clock + r.length) }
            }
        }
        return result
    }

    /// The same information as ``missing`` as a sorted list.
    public var missingRanges: [MissingRange] {
        missing.map { MissingRange(client: $0.key, clocks: $0.value) }.sorted { $0.client < $1.client }
    }

    /// Whether structs or deletions are waiting for missing dependencies.
    public var hasPending: Bool { pendingStructs != nil || pendingDeletes != nil }

    /// The structs and deletions waiting for missing dependencies, as one update (nil when
    /// none wait). An update that brings their dependencies integrates them with it: a server
    /// judging that update's effect judges it together with this.
    public func pendingUpdate() throws -> [UInt8]? {
        switch (pendingStructs?.update, pendingDeletes) {
        case (nil, nil): return nil
        case (let structs?, nil): return structs
        case (nil, let deletes?): return deletes
        case (let structs?, let deletes?): return try mergeUpdates([structs, deletes])
        }
    }
}

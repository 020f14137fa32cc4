/// Reads the structs of a decoded update one at a time (Yjs `LazyStructReader`).
private struct StructCursor {
    let structs: [Item]
    var index = 0
    let filterSkips: Bool

    init(_ update: DecodedUpdate, filterSkips: Bool) {
        var all: [Item] = []
        for run in update.clients {
            for s in run.structs where !(filterSkips && s.isSkip) { all.append(s) }
        }
        structs = all
        self.filterSkips = filterSkips
    }

    var current: Item? { index < structs.count ? structs[index] : nil }

    @discardableResult
    mutating func next() -> Item? {
        index += 1
        return current
    }
}

/// Writes structs grouped in client runs, then the run count in front (Yjs `LazyStructWriter`).
private struct StructRunWriter {
    var currentClient: UInt64 = 0
    var written = 0
    var buffer = ByteWriter()
    var runs: [(count: Int, bytes: [UInt8])] = []

    mutating func write(_ s: Item, offset: Int) {
        if written > 0 && currentClient != s.id.client { flush() }
        if written == 0 {
            currentClient = s.id.client
            buffer.writeVarUInt(s.id.client)
            buffer.writeVarUInt(s.id.clock + offset)
        }
        s.write(to: &buffer, offset: offset)
        written += 1
    }

    mutating func flush() {
        if written > 0 {
            runs.append((written, buffer.bytes))
            buffer = ByteWriter()
            written = 0
        }
    }

    mutating func finish(into w: inout ByteWriter) {
        flush()
        w.writeVarUInt(runs.count)
        for run in runs {
            w.writeVarUInt(run.count)
            w.bytes.append(contentsOf: run.bytes)
        }
    }
}

/// The part of `s` from unit `diff` on, as a new struct (Yjs `sliceStruct`).
private func sliceStruct(_ s: Item, _ diff: Int) -> Item {
    let id = ID(client: s.id.client, clock: s.id.clock + diff)
    switch s.kind {
    case .gc, .skip:
        return Item(gap: s.kind, id: id, length: s.length - diff)
    case .item:
        var content = s.content
        let right = content.splice(diff)
        return Item(
            id: id, left: nil, origin: ID(client: s.id.client, clock: id.clock - 1), right: nil,
            rightOrigin: s.rightOrigin, parent: s.parent, parentKey: s.parentKey, content: right)
    }
}

/// Merges v1 updates into one without a document, as Yjs's `mergeUpdates` does (same bytes).
/// Throws ``YCoreError`` when an update is malformed.
public func mergeUpdates(_ updates: [[UInt8]]) throws -> [UInt8] {
    let decoded = try updates.map { u throws(YCoreError) in try DecodedUpdate(u) }
    if updates.count == 1 { return updates[0] }
    var cursors = decoded.map { StructCursor($0, filterSkips: true) }
    var current: Item? = nil
    var currentOffset = 0
    var writer = StructRunWriter()

    while true {
        cursors = cursors.filter { $0.current != nil }
        // Yjs's comparator is not a strict order (two different struct kinds at one clock
        // compare as "less" both ways), so the result depends on V8's sort: emulate it.
        V8Sort.sort(&cursors) { a, b in
            let x = a.current!
            let y = b.current!
            if x.id.client == y.id.client {
                if x.id.clock == y.id.clock {
                    return x.kind == y.kind ? 0 : (x.isSkip ? 1 : -1)
                }
                return x.id.clock < y.id.clock ? -1 : 1
            }
            return y.id.client > x.id.client ? 1 : -1
        }
        if cursors.isEmpty { break }
        let firstClient = cursors[0].current!.id.client
        if let cw = current {
            var curr = cursors[0].current
            var iterated = false
            while let c = curr, c.id.clock + c.length <= cw.id.clock + cw.length, c.id.client >= cw.id.client {
                curr = cursors[0].next()
                iterated = true
            }
            guard let c = curr, c.id.client == firstClient,
                !(iterated && c.id.clock > cw.id.clock + cw.length)
            else { continue }
            if firstClient != cw.id.client {
                writer.write(cw, offset: currentOffset)
                current = c
                currentOffset = 0
                cursors[0].next()
            } else if cw.id.clock + cw.length < c.id.clock {
                if cw.isSkip {
                    cw.length = c.id.clock + c.length - cw.id.clock
                } else {
                    writer.write(cw, offset: currentOffset)
                    let diff = c.id.clock - cw.id.clock - cw.length
                    current = Item(
                        gap: .skip, id: ID(client: firstClient, clock: cw.id.clock + cw.length), length: diff)
                    currentOffset = 0
                }
            } else {
                let diff = cw.id.clock + cw.length - c.id.clock
                var next = c
                if diff > 0 {
                    if cw.isSkip {
                        cw.length -= diff
                    } else {
                        next = sliceStruct(c, diff)
                    }
                }
                if !cw.mergeWith(next) {
                    writer.write(cw, offset: currentOffset)
                    current = next
                    currentOffset = 0
                    cursors[0].next()
                }
            }
        } else {
            current = cursors[0].current
            currentOffset = 0
            cursors[0].next()
        }
        while let next = cursors[0].current, let cw = current, next.id.client == firstClient,
            next.id.clock == cw.id.clock + cw.length, !next.isSkip
        {
            writer.write(cw, offset: currentOffset)
            current = next
            currentOffset = 0
            cursors[0].next()
        }
    }
    if let cw = current {
        writer.write(cw, offset: currentOffset)
    }
    var w = ByteWriter()
    writer.finish(into: &w)
    DeleteSet.merge(decoded.map(\.deleteSet)).write(to: &w)
    return w.bytes
}

/// The part of a v1 update that a peer with `stateVector` lacks (Yjs `diffUpdate`).
public func diffUpdate(_ update: [UInt8], stateVector: [UInt8]) throws -> [UInt8] {
    let state = try StateVectorCoding.read(stateVector)
    let decoded = try DecodedUpdate(update)
    var cursor = StructCursor(decoded, filterSkips: false)
    var writer = StructRunWriter()
    while let curr = cursor.current {
        let client = curr.id.client
        let svClock = state[client] ?? 0
        if curr.isSkip {
            cursor.next()
            continue
        }
        if curr.id.clock + curr.length > svClock {
            writer.write(curr, offset: max(svClock - curr.id.clock, 0))
            cursor.next()
            while let c = cursor.current, c.id.client == client {
                writer.write(c, offset: 0)
                cursor.next()
            }
        } else {
            while let c = cursor.current, c.id.client == client, c.id.clock + c.length <= svClock {
                cursor.next()
            }
        }
    }
    var w = ByteWriter()
    writer.finish(into: &w)
    decoded.deleteSet.write(to: &w)
    return w.bytes
}

/// The state vector an update would produce on an empty document (Yjs
/// `encodeStateVectorFromUpdate`): per client, the end of the run that starts at clock 0.
public func encodeStateVectorFromUpdate(_ update: [UInt8]) throws -> [UInt8] {
    let decoded = try DecodedUpdate(update)
    var cursor = StructCursor(decoded, filterSkips: false)
    var entries: [(UInt64, Int)] = []
    if var curr = cursor.current {
        var currClient = curr.id.client
        var stopCounting = curr.id.clock != 0
        var currClock = stopCounting ? 0 : curr.id.clock + curr.length
        while true {
            if currClient != curr.id.client {
                if currClock != 0 { entries.append((currClient, currClock)) }
                currClient = curr.id.client
                currClock = 0
                stopCounting = curr.id.clock != 0
            }
            if curr.isSkip { stopCounting = true }
            if !stopCounting { currClock = curr.id.clock + curr.length }
            guard let n = cursor.next() else { break }
            curr = n
        }
        if currClock != 0 { entries.append((currClient, currClock)) }
    }
    var w = ByteWriter()
    w.writeVarUInt(entries.count)
    for (client, clock) in entries {
        w.writeVarUInt(client)
        w.writeVarUInt(clock)
    }
    return w.bytes
}

/// Decodes a v1 state vector into a dictionary; throws on malformed input.
public func decodeStateVector(_ bytes: [UInt8]) throws -> [UInt64: Int] {
    try StateVectorCoding.read(bytes)
}

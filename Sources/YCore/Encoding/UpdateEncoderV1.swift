// The Yjs v1 update format, as YCore writes and reads it.
//
// An update is two sections, structs then deletions, built from lib0 primitives (var uint =
// little-endian base-128; var string = var-uint UTF-8 byte length + bytes):
//
//   update      = varuint(numClients) clientRun* deleteSet
//   clientRun   = varuint(numStructs) varuint(client) varuint(firstClock) struct*
//                 (clients in descending id order; the structs of a run are contiguous in clock)
//   struct      = info:uint8 ...
//     info & 0x1F == 0   GC:   varuint(length)
//     info & 0x1F == 10  Skip: varuint(length)           (only in merged updates: a clock gap)
//     otherwise          Item, content ref = info & 0x1F (1 Deleted … 9 Doc):
//       if info & 0x80: origin      = varuint(client) varuint(clock)   (left neighbour at creation)
//       if info & 0x40: rightOrigin = varuint(client) varuint(clock)
//       if neither origin nor rightOrigin:
//         varuint(parentInfo): 1 → var string root name; 0 → parent item id (client, clock)
//         if info & 0x20: var string parentSub (the map key)
//       content:
//         1 Deleted: varuint(length)          2 JSON: varuint(n) (var string JSON text)*
//         3 Binary: varuint(len) bytes        4 String: var string (length in UTF-16 units)
//         5 Embed: var string JSON            6 Format: var string key, var string JSON value
//         7 Type: varuint(typeRef) [+ var string name for XmlElement(3)/XmlHook(5)]
//            (0 Array, 1 Map, 2 Text, 3 XmlElement, 4 XmlFragment, 5 XmlHook, 6 XmlText)
//         8 Any: varuint(n) any*              9 Doc: var string guid, any options
//   deleteSet   = varuint(numClients) (varuint(client) varuint(numRanges) (varuint(clock) varuint(len))*)*
//
// A state vector is varuint(n) (varuint(client) varuint(clock))*, clients in descending order.
// `any` is lib0's tagged value encoding (see AnyCoding).

extension Item {
    /// Writes the struct from unit `offset` on (v1).
    func write(to w: inout ByteWriter, offset: Int) {
        switch kind {
        case .gc:
            w.writeUInt8(0)
            w.writeVarUInt(length - offset)
        case .skip:
            w.writeUInt8(10)
            w.writeVarUInt(length - offset)
        case .item:
            let origin = offset > 0 ? ID(client: id.client, clock: id.clock + offset - 1) : self.origin
            var info = content.ref & 0x1F
            if origin != nil { info |= 0x80 }
            if rightOrigin != nil { info |= 0x40 }
            if parentSub != nil { info |= 0x20 }
            w.writeUInt8(info)
            if let o = origin {
                w.writeVarUInt(o.client)
                w.writeVarUInt(o.clock)
            }
            if let o = rightOrigin {
                w.writeVarUInt(o.client)
                w.writeVarUInt(o.clock)
            }
            if origin == nil && rightOrigin == nil {
                switch parent {
                case .type(let t):
                    if let item = t.item {
                        w.writeVarUInt(0)
                        w.writeVarUInt(item.id.client)
                        w.writeVarUInt(item.id.clock)
                    } else {
                        w.writeVarUInt(1)
                        w.writeString(t.rootName ?? "")
                    }
                case .root(let name):
                    w.writeVarUInt(1)
                    w.writeString(name)
                case .id(let p):
                    w.writeVarUInt(0)
                    w.writeVarUInt(p.client)
                    w.writeVarUInt(p.clock)
                case .none:
                    w.writeVarUInt(1)
                    w.writeString("")
                }
                if let key = parentSub {
                    w.writeString(key)
                }
            }
            content.write(to: &w, offset: offset)
        }
    }
}

/// State vector coding.
enum StateVectorCoding {
    /// Writes `sv` with clients in descending order.
    static func write(_ sv: [UInt64: Int], to w: inout ByteWriter) {
        w.writeVarUInt(sv.count)
        for (client, clock) in sv.sorted(by: { $0.key > $1.key }) {
            w.writeVarUInt(client)
            w.writeVarUInt(clock)
        }
    }

    /// Reads a state vector; throws ``YCoreError/Code/invalidStateVector``.
    static func read(_ bytes: [UInt8]) throws(YCoreError) -> [UInt64: Int] {
        var r = ByteReader(bytes)
        do {
            var sv: [UInt64: Int] = [:]
            let n = try r.readLength(minimumBytesPerElement: 2)
            for _ in 0..<n {
                let client = try r.readVarUInt()
                sv[client] = try r.readVarInt53()
            }
            return sv
        } catch {
            throw YCoreError(.invalidStateVector, "malformed state vector: \(error.message)", offset: error.offset)
        }
    }
}

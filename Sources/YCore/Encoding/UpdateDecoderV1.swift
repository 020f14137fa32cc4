/// The structs of one client in a decoded update, contiguous in clock.
struct ClientStructs {
    var client: UInt64
    var structs: [Item]
}

/// A fully decoded v1 update (see the format in `UpdateEncoderV1.swift`). Nothing in it refers
/// to a document yet: parents are root names or ids until integration.
struct DecodedUpdate {
    /// Struct runs in encoded order.
    var clients: [ClientStructs]
    /// The delete set.
    var deleteSet: DeleteSet

    /// The largest clock YCore accepts (JavaScript's safe integer range).
    static let maxClock = 1 << 53

    /// Decodes an update completely, validating every field; throws ``YCoreError``.
    init(_ bytes: [UInt8]) throws(YCoreError) {
        var r = ByteReader(bytes)
        clients = try DecodedUpdate.readStructs(&r)
        deleteSet = try DeleteSet.read(from: &r)
    }

    static func readStructs(_ r: inout ByteReader) throws(YCoreError) -> [ClientStructs] {
        let numClients = try r.readLength(minimumBytesPerElement: 3)
        var result: [ClientStructs] = []
        result.reserveCapacity(numClients)
        for _ in 0..<numClients {
            let numStructs = try r.readLength()
            let client = try r.readVarUInt()
            var clock = try r.readVarInt53()
            var structs: [Item] = []
            structs.reserveCapacity(numStructs)
            for _ in 0..<numStructs {
                let at = r.position
                let info = try r.readUInt8()
                let s: Item
                switch info & 0x1F {
                case 0:
                    let len = try r.readVarInt53()
                    s = Item(gap: .gc, id: ID(client: client, clock: clock), length: len)
                case 10:
                    let len = try r.readVarInt53()
                    s = Item(gap: .skip, id: ID(client: client, clock: clock), length: len)
                default:
                    let id = ID(client: client, clock: clock)
                    var origin: ID? = nil
                    var rightOrigin: ID? = nil
                    if info & 0x80 != 0 {
                        origin = ID(client: try r.readVarUInt(), clock: try r.readVarInt53())
                    }
                    if info & 0x40 != 0 {
                        rightOrigin = ID(client: try r.readVarUInt(), clock: try r.readVarInt53())
                    }
                    var parent = ParentRef.none
                    var parentKey: EntryKey? = nil
                    if info & 0xC0 == 0 {
                        if try r.readVarUInt() == 1 {
                            parent = .root(try r.readString())
                        } else {
                            parent = .id(ID(client: try r.readVarUInt(), clock: try r.readVarInt53()))
                        }
                        if info & 0x20 != 0 {
                            parentKey = EntryKey(try r.readString())
                        }
                    }
                    let content = try ItemContent.read(ref: info & 0x1F, from: &r)
                    if let o = origin, o.client == client, o.clock >= clock {
                        throw YCoreError(.invalidStructure, "struct \(id) refers to a later clock", offset: at)
                    }
                    if let o = rightOrigin, o.client == client, o.clock >= clock {
                        throw YCoreError(.invalidStructure, "struct \(id) refers to a later clock", offset: at)
                    }
                    if case .id(let p) = parent, p.client == client, p.clock >= clock {
                        throw YCoreError(.invalidStructure, "struct \(id) has a later parent", offset: at)
                    }
                    s = Item(
                        id: id, left: nil, origin: origin, right: nil, rightOrigin: rightOrigin, parent: parent,
                        parentKey: parentKey, content: content)
                }
                guard s.length > 0 || s.kind == .skip else {
                    throw YCoreError(.invalidStructure, "empty struct", offset: at)
                }
                clock += s.length
                guard clock <= maxClock else {
                    throw YCoreError(.integerOverflow, "clock exceeds 2^53", offset: at)
                }
                structs.append(s)
            }
            result.append(ClientStructs(client: client, structs: structs))
        }
        return result
    }
}

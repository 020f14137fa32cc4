import Testing
import YCore

@Suite("Malformed input is refused and changes nothing")
struct MalformedUpdateTests {
    /// A document with maps, arrays, text with formatting and nested types.
    static func sampleUpdate() throws -> [UInt8] {
        let doc = Doc(clientID: 7)
        let map = doc.getMap("m")
        let text = doc.getText("t")
        let array = doc.getArray("a")
        doc.transact { txn in
            map.set("title", "Deck", in: txn)
            map.set("n", 1.5, in: txn)
            map.set("nested", .map([("k", .array(["x", 2]))]), in: txn)
            text.insert(at: 0, "héllo 😀 world", in: txn)
            array.push([.map([("title", .text("Intro"))]), .value(.binary([1, 2]))], in: txn)
        }
        text.format(at: 0, length: 5, attributes: ["bold": true])
        text.delete(at: 2, length: 3)
        map.delete("n")
        return try doc.encodeStateAsUpdate()
    }

    @Test func everyTruncationThrowsOrAppliesAndFailuresChangeNothing() throws {
        let update = try Self.sampleUpdate()
        var failures = 0
        for cut in 0..<update.count {
            let base = Doc(clientID: 1)
            base.getMap("m").set("existing", "value")
            let before = try base.encodeStateAsUpdate()
            let beforeJSON = base.toJSON().serialized()
            do {
                try base.applyUpdate(Array(update[..<cut]))
                continue  // a prefix that happens to be a complete update
            } catch let error as YCoreError {
                failures += 1
                #expect(error.offset != nil)
            }
            #expect(try base.encodeStateAsUpdate() == before, "cut at \(cut) changed the document")
            #expect(base.toJSON().serialized() == beforeJSON)
        }
        #expect(failures > update.count / 2)
    }

    @Test func corruptedBytesNeverTrap() throws {
        let update = try Self.sampleUpdate()
        var rng = SplitMix(seed: 42)
        print("corruptedBytesNeverTrap seed=42")
        for _ in 0..<2_000 {
            var bytes = update
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            }
            let doc = Doc(clientID: 2)
            let snapshot = try doc.encodeStateAsUpdate()
            do {
                try doc.applyUpdate(bytes)
                _ = try doc.encodeStateAsUpdate()
                _ = doc.toJSON().serialized()
            } catch is YCoreError {
                #expect(try doc.encodeStateAsUpdate() == snapshot)
            }
            _ = try? mergeUpdates([bytes, update])
            _ = try? diffUpdate(bytes, stateVector: [0])
            _ = try? encodeStateVectorFromUpdate(bytes)
        }
    }

    @Test func hostileLengthsDoNotAllocate() {
        // 1 client, 2^53-1 structs claimed.
        let hostile: [UInt8] = [1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 0]
        #expect(throws: YCoreError.self) { try Doc().applyUpdate(hostile) }
        // A string content of absurd length.
        let hostileString: [UInt8] = [1, 1, 1, 0, 4, 1, 1, 0x74, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(throws: YCoreError.self) { try Doc().applyUpdate(hostileString) }
    }

    @Test func invalidContentRefHasAStableCode() {
        // One struct with content ref 11 (undefined) and a root parent.
        let bytes: [UInt8] = [1, 1, 1, 0, 11, 1, 1, 0x74, 0, 0]
        do {
            try Doc().applyUpdate(bytes)
            Issue.record("expected an error")
        } catch let error as YCoreError {
            #expect(error.code == .invalidContentRef)
            #expect(error.offset != nil)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

/// A small seeded generator (SplitMix64).
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Deep nesting does not exhaust the stack")
struct DeepNestingTests {
    @Test func deeplyNestedTypesCanBeDeletedCollectedAndPrinted() throws {
        // 20,000 maps nested in each other, built as an update by hand: each map item's parent
        // is the previous map item.
        var w: [UInt8] = []
        func varUInt(_ v: Int) {
            var n = v
            while n > 0x7F {
                w.append(UInt8(n & 0x7F) | 0x80)
                n >>= 7
            }
            w.append(UInt8(n))
        }
        let depth = 20_000
        varUInt(1)  // one client
        varUInt(depth)
        varUInt(9)  // client 9
        varUInt(0)  // from clock 0
        for i in 0..<depth {
            w.append(7 | 0x20)  // type content, parentSub
            if i == 0 {
                varUInt(1)
                varUInt(1)
                w.append(0x6D)  // root "m"
            } else {
                varUInt(0)
                varUInt(9)
                varUInt(i - 1)
            }
            varUInt(1)
            w.append(0x6B)  // key "k"
            varUInt(1)  // YMap
        }
        varUInt(0)  // no deletions
        let doc = Doc(clientID: 1)
        try doc.applyUpdate(w)
        _ = doc.toJSON(rootKinds: ["m": .map]).serialized()
        doc.getMap("m").delete("k")
        #expect(doc.getMap("m").count == 0)
        let copy = Doc(clientID: 2)
        try copy.applyUpdate(try doc.encodeStateAsUpdate())
        #expect(copy.toJSON(rootKinds: ["m": .map]).serialized() == "{\"m\":{}}")
    }
}

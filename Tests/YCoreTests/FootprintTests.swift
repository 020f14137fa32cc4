import Testing
import YCore

/// `Doc.footprint(of:)` says, before an update is applied, which roots it changes and how many
/// direct children each root list gains: checked against what applying it really does, over
/// seeded random edits by concurrent peers (a deck's slides, its server-owned meta, notes
/// with text).
@Suite("Update footprints")
struct FootprintTests {
    /// Random edits by three peers, delivered to a fourth in an interleaved causal order.
    @Test("the footprint matches what applying does", arguments: [1, 2, 3, 42, 1234, 99_991])
    func matchesApplication(seed: UInt64) throws {
        print("FootprintTests seed=\(seed)")
        var random = SeededRandom(seed: seed)
        let peers = (1...3).map { Doc(clientID: UInt64($0) * 1000) }
        var queues: [[[UInt8]]] = Array(repeating: [], count: peers.count)
        var observers: [UpdateObserver] = []
        for (index, peer) in peers.enumerated() {
            observers.append(peer.onUpdate { bytes, origin in if origin != "sync" { queues[index].append(bytes) } })
        }
        defer { for observer in observers { observer.cancel() } }
        let server = Doc(clientID: 1)
        for _ in 0..<300 {
            // A peer edits.
            let peer = peers[Int(random.next() % 3)]
            try edit(peer, &random)
            // Sometimes a peer catches up with another one (so edits build on others' items);
            // the server gets everything queued first, so what it receives stays causal.
            if random.next() % 4 == 0 {
                for index in queues.indices {
                    for update in queues[index] { try check(update, on: server, seed: seed) }
                    queues[index].removeAll()
                }
                let from = peers[Int(random.next() % 3)]
                let to = peers[Int(random.next() % 3)]
                try to.applyUpdate(from.encodeStateAsUpdate(from: to.encodeStateVector()), origin: "sync")
            }
            // The server gets the next update of a random peer.
            let index = Int(random.next() % 3)
            guard !queues[index].isEmpty else { continue }
            let update = queues[index].removeFirst()
            try check(update, on: server, seed: seed)
        }
        for index in queues.indices {
            for update in queues[index] { try check(update, on: server, seed: seed) }
        }
    }

    @Test("an update that waits for a missing dependency says so")
    func incompleteWhenDependencyMissing() throws {
        let peer = Doc(clientID: 7)
        var updates: [[UInt8]] = []
        let observer = peer.onUpdate { bytes, _ in updates.append(bytes) }
        peer.getArray("slides").push([.map([("title", .text("one"))])])
        peer.getArray("slides").push([.map([("title", .text("two"))])])
        observer.cancel()
        let server = Doc(clientID: 1)
        let footprint = try server.footprint(of: updates[1])
        #expect(!footprint.isComplete)
        let first = try server.footprint(of: updates[0])
        #expect(first.isComplete && first.delta(ofRoot: "slides") == 1 && first.roots == ["slides"])
    }

    @Test("a malformed update throws and changes nothing")
    func malformed() {
        let doc = Doc(clientID: 1)
        #expect(throws: YCoreError.self) { try doc.footprint(of: [1, 2, 3]) }
    }

    private func check(_ update: [UInt8], on server: Doc, seed: UInt64) throws {
        let footprint = try server.footprint(of: update)
        let slidesBefore = server.rootNames.contains("slides") ? server.getArray("slides").count : 0
        var touched: Set<String> = []
        let observer = server.onTransaction { summary in
            for event in summary.events { if case .key(let root) = event.path.first { touched.insert(root) } }
        }
        try server.applyUpdate(update)
        observer.cancel()
        let slidesAfter = server.rootNames.contains("slides") ? server.getArray("slides").count : 0
        #expect(footprint.isComplete, "seed \(seed)")
        #expect(
            footprint.delta(ofRoot: "slides") == slidesAfter - slidesBefore,
            "seed \(seed): footprint \(footprint.delta(ofRoot: "slides")), applied \(slidesAfter - slidesBefore)")
        #expect(touched.isSubset(of: footprint.roots), "seed \(seed): touched \(touched), footprint \(footprint.roots)")
    }

    private func edit(_ doc: Doc, _ random: inout SeededRandom) throws {
        let slides = doc.getArray("slides")
        let items = doc.getMap("items")
        switch random.next() % 7 {
        case 0, 1:
            try slides.insert(at: Int(random.next() % UInt64(slides.count + 1)), [.map([("title", .text("s"))])])
        case 2 where slides.count > 0:
            try slides.delete(at: Int(random.next() % UInt64(slides.count)))
        case 3:
            doc.getMap("meta").set("title", .value(.string("t\(random.next() % 100)")))
        case 4:
            items.set("n\(random.next() % 5)", .map([("type", "note"), ("text", .text("x"))]))
        case 5:
            if case .map(let note) = items.get("n\(random.next() % 5)"), case .text(let text) = note.get("text") {
                text.insert(at: 0, "y")
            } else if slides.count > 0, case .map(let slide) = slides.get(0), case .text(let title) = slide.get("title")
            {
                title.insert(at: 0, "z")
            }
        default:
            doc.getArray("other").push(["o"])
        }
    }
}

/// A small seeded generator (SplitMix64).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

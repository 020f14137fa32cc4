import Foundation
import Testing

@testable import YCore

/// The chunked struct list against a plain array doing the same splits, merges and appends.
@Suite("Struct lists in chunks")
struct StructListTests {
    @Test("positions, clock lookups and walks match a plain array", arguments: [1, 7, 42, 2026, 99_991] as [UInt64])
    func matchesAnArray(seed: UInt64) {
        print("StructListTests seed=\(seed)")
        var random = SplitMix(seed: seed)
        var list = StructList()
        var model: [Item] = []
        func item(_ clock: Int, _ length: Int) -> Item {
            Item(gap: .gc, id: ID(client: 1, clock: clock), length: length)
        }
        let first = item(0, 3)
        list.append(first)
        model.append(first)
        for step in 0..<6_000 {
            let roll = random.next() % 10
            if roll < 3 || model.count < 2 {
                // The client's next struct.
                let last = model[model.count - 1]
                let next = item(last.id.clock + last.length, 1 + Int(random.next() % 4))
                list.append(next)
                model.append(next)
            } else if roll < 7 {
                // Split a struct longer than one unit: its right half goes after it.
                let i = Int(random.next() % UInt64(model.count))
                let s = model[i]
                guard s.length > 1 else { continue }
                let offset = 1 + Int(random.next() % UInt64(s.length - 1))
                let right = item(s.id.clock + offset, s.length - offset)
                s.length = offset
                list.insert(right, at: i + 1)
                model.insert(right, at: i + 1)
            } else if roll < 9 {
                // Merge a struct into its left neighbour.
                let i = 1 + Int(random.next() % UInt64(model.count - 1))
                model[i - 1].length += model[i].length
                list.remove(at: i)
                model.remove(at: i)
            } else {
                // Replace a struct by another starting at the same clock.
                let i = Int(random.next() % UInt64(model.count))
                let replacement = item(model[i].id.clock, model[i].length)
                list.replace(at: i, with: replacement)
                model[i] = replacement
            }
            if step % 97 == 0 || step == 5_999 { check(list, model, &random) }
        }
        #expect(model.count > 1_000, "the walk should leave many chunks behind")
    }

    private func check(_ list: StructList, _ model: [Item], _ random: inout SplitMix) {
        #expect(list.count == model.count)
        #expect(list.last === model.last)
        // Forwards, backwards, and at random.
        #expect(zip(list, model).allSatisfy { $0 === $1 })
        for i in stride(from: model.count - 1, through: 0, by: -1) where list[i] !== model[i] {
            Issue.record("position \(i) differs walking backwards")
            return
        }
        for _ in 0..<200 {
            let i = Int(random.next() % UInt64(model.count))
            #expect(list[i] === model[i])
        }
        let end = model[model.count - 1].id.clock + model[model.count - 1].length
        for _ in 0..<200 {
            let clock = Int(random.next() % UInt64(end))
            let expected = model.lastIndex { $0.id.clock <= clock }!
            #expect(list.position(of: clock) == expected, "clock \(clock)")
        }
    }
}

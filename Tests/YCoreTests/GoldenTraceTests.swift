import Foundation
import Testing
import YCore

@Suite("Golden vectors: the automerge-paper trace", .ownThreads)
struct GoldenTraceTests {
    @Test func replayEncodesExactlyLikeYjs() throws {
        let trace = try Trace.load("automerge-paper")
        let doc = Doc(clientID: 1)
        let text = doc.getText("text")
        var keystrokes: [[UInt8]] = []
        doc.onUpdate { update, _ in keystrokes.append(update) }
        for (pos, del, ins) in trace.patches {
            // automerge-paper is ASCII: code points are UTF-16 offsets.
            doc.transact { txn in
                if del > 0 { text.delete(at: pos, length: del, in: txn) }
                if !ins.isEmpty { text.insert(at: pos, ins, in: txn) }
            }
        }
        #expect(text.toString() == trace.endContent)
        let update = try doc.encodeStateAsUpdate()
        #expect(update.count == 223_414)
        #expect(SHA256.hex(update) == "5b1ee44ce61e094b8afd4eeca73a8f5a7541f29bacde8710806fc6117c8c1265")
        #expect(keystrokes.count == trace.patches.count)
        #expect(keystrokes.reduce(0) { $0 + $1.count } == 3_828_798)

        let decoded = Doc(clientID: 2)
        try decoded.applyUpdate(update)
        #expect(decoded.getText("text").toString() == trace.endContent)
        #expect(try decoded.encodeStateAsUpdate() == update)

        let replayed = Doc(clientID: 3)
        for u in keystrokes { try replayed.applyUpdate(u) }
        #expect(replayed.getText("text").toString() == trace.endContent)
        #expect(try replayed.encodeStateAsUpdate() == update)
    }

    @Test func stateVectorOfTheTrace() throws {
        let trace = try Trace.load("automerge-paper")
        let doc = Doc(clientID: 1)
        let text = doc.getText("text")
        doc.transact { txn in
            for (pos, del, ins) in trace.patches {
                if del > 0 { text.delete(at: pos, length: del, in: txn) }
                if !ins.isEmpty { text.insert(at: pos, ins, in: txn) }
            }
        }
        let update = try doc.encodeStateAsUpdate()
        // The same bytes with one transaction for the whole trace.
        #expect(SHA256.hex(update) == "5b1ee44ce61e094b8afd4eeca73a8f5a7541f29bacde8710806fc6117c8c1265")
        #expect(try encodeStateVectorFromUpdate(update) == doc.encodeStateVector())
        #expect(doc.stateVector == [1: 182_315])
    }
}

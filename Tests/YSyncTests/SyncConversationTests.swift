import Testing
import YSync

/// The server's side of the y-protocols conversation, alone: bytes in, actions out.
@Suite("Sync conversation")
struct SyncConversationTests {
    @Test("step 1 asks for step 2; step 2 and updates integrate; empty updates do nothing")
    func syncSteps() {
        var conversation = SyncConversation()
        #expect(conversation.receive(SyncMessage.syncStep1(stateVector: [0]).encoded) == .answerStep1(stateVector: [0]))
        #expect(!conversation.clientSynced)
        #expect(conversation.receive(SyncMessage.syncStep2(update: [0, 0]).encoded) == .none)
        #expect(conversation.clientSynced)
        let update: [UInt8] = [1, 1, 5, 0, 4, 1, 1, 109, 1, 120, 0]
        #expect(conversation.receive(SyncMessage.update(update).encoded) == .integrate(update: update))
        #expect(conversation.receive(SyncMessage.syncStep2(update: update).encoded) == .integrate(update: update))
    }

    @Test("awareness is relayed, a query is answered, a client's auth message is ignored")
    func awarenessAndQueries() {
        var conversation = SyncConversation()
        let update = AwarenessUpdate(entries: [.init(clientID: 3, clock: 1, state: #"{"user":{}}"#)])
        #expect(conversation.receive(SyncMessage.awareness(update.encoded).encoded) == .relayAwareness(update))
        #expect(conversation.receive(SyncMessage.queryAwareness.encoded) == .sendAwarenessSnapshot)
        #expect(conversation.receive(SyncMessage.permissionDenied(reason: "x").encoded) == .none)
    }

    @Test("undecodable messages and oversized presence close with 4400 and a reason")
    func refusals() {
        var conversation = SyncConversation(maxAwarenessStateBytes: 16)
        for bytes: [UInt8] in [[], [9], [0, 7, 0], [0, 2, 200], [1, 3, 1, 2]] {
            guard case .close(let code, let reason) = conversation.receive(bytes) else {
                Issue.record("\(bytes) was not refused")
                continue
            }
            #expect(code == 4400 && reason.hasPrefix("malformed"))
        }
        let large = AwarenessUpdate(entries: [
            .init(clientID: 1, clock: 1, state: "\"" + String(repeating: "x", count: 15) + "\"")
        ])
        guard case .close(let code, _) = conversation.receive(SyncMessage.awareness(large.encoded).encoded) else {
            Issue.record("an oversized presence state was accepted")
            return
        }
        #expect(code == 4400)
    }

    @Test("a presence state that is not JSON closes with 4400 (stock clients would throw on it)")
    func nonJSONPresence() {
        for state in ["{oops", "undefined", "", "{\"a\":1}}", "'x'"] {
            var conversation = SyncConversation()
            let update = AwarenessUpdate(entries: [
                .init(clientID: 2, clock: 1, state: #"{"user":{"name":"ok"}}"#),
                .init(clientID: 3, clock: 1, state: state),
            ])
            guard
                case .close(let code, let reason) = conversation.receive(SyncMessage.awareness(update.encoded).encoded)
            else {
                Issue.record("\(state) was relayed")
                continue
            }
            #expect(code == 4400 && reason.contains("not JSON"), "\(reason)")
        }
        var conversation = SyncConversation()
        for state in ["null", "{}", "1", "\"x\"", #"{"cursor":null,"user":{"name":"Zoé 👩🏽‍💻"}}"#] {
            let update = AwarenessUpdate(entries: [.init(clientID: 4, clock: 1, state: state)])
            #expect(conversation.receive(SyncMessage.awareness(update.encoded).encoded) == .relayAwareness(update))
        }
    }
}

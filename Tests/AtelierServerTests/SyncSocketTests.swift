import Foundation
import NIOWebSocket
import Testing
import YSync

/// The `/sync` socket against the real server: close codes, awareness, and isolation of faults.
@Suite("Sync socket")
struct SyncSocketTests {
    @Test("a missing or bad token is refused with 4401 and a reason")
    func badToken() async throws {
        let server = try await TestServer()
        let missing = try await ProbeResult.probe("\(server.wsURL)/sync/board-a")
        #expect(missing.code == 4401)
        #expect(missing.reason == "missing token")
        let bad = try await ProbeResult.probe("\(server.wsURL)/sync/board-a?token=nope")
        #expect(bad.code == 4401)
        #expect(bad.reason == "bad token")
    }

    @Test("a board id outside the allowed characters is refused with 4404")
    func unknownBoard() async throws {
        let server = try await TestServer()
        let long = String(repeating: "x", count: 200)
        let probe = try await ProbeResult.probe("\(server.wsURL)/sync/\(long)?token=\(server.token)")
        #expect(probe.code == 4404)
        #expect(probe.reason == "unknown board")
    }

    @Test("the server greets with sync step 1 and answers step 1 with step 2")
    func handshake() async throws {
        let server = try await TestServer()
        let socket = try await TestSocket("\(server.wsURL)/sync/board-a?token=\(server.token)")
        try await socket.waitForMessage("server step 1") {
            if case .syncStep1 = $0 { return true } else { return false }
        }
        try await socket.send(.syncStep1(stateVector: [0]))
        try await socket.waitForMessage("server step 2") {
            if case .syncStep2 = $0 { return true } else { return false }
        }
        await socket.close()
    }

    @Test(
        "faulty messages close only their own connection, with a code and reason",
        arguments: [
            (Fault.text, 1003), (Fault.unknownType, 4400), (Fault.truncated, 4400), (Fault.tooBig, 1009),
            (Fault.badAwareness, 4400),
        ])
    func faults(fault: Fault, code: Int) async throws {
        let server = try await TestServer(arguments: ["--max-message-size", "4096"])
        let url = "\(server.wsURL)/sync/board-f?token=\(server.token)"
        let bystander = try await TestSocket(url)
        let writer = try await TestSocket(url)
        let culprit = try await TestSocket(url)
        switch fault {
        case .text: try await culprit.sendText("hello")
        case .unknownType: try await culprit.send([9, 1, 2])
        case .truncated: try await culprit.send([0, 2, 50, 1, 2])
        case .tooBig: try await culprit.send(.update([UInt8](repeating: 1, count: 5000)))
        case .badAwareness: try await culprit.send(.awareness([5, 1]))
        }
        let close = try await culprit.closeFrame()
        #expect(close?.closeCode.number == code)
        #expect(close?.reason?.isEmpty == false)
        // The room goes on: a valid update still reaches the bystander.
        let update = YjsFixtures.mapSetUpdate
        try await writer.send(.update(update))
        try await bystander.waitForMessage("the bystander receives the update") { $0 == .update(update) }
        await bystander.close()
        await writer.close()
    }

    enum Fault: String, Sendable, CustomTestStringConvertible {
        case text, unknownType, truncated, tooBig, badAwareness
        var testDescription: String { rawValue }
    }

    @Test("awareness reaches every connection including the sender, joiners get it, and leaving removes it")
    func awareness() async throws {
        let server = try await TestServer()
        let url = "\(server.wsURL)/sync/board-aw?token=\(server.token)"
        let alice = try await TestSocket(url)
        let state = AwarenessUpdate(entries: [.init(clientID: 42, clock: 1, state: #"{"user":{"name":"Alice"}}"#)])
        try await alice.send(.awareness(state.encoded))
        try await alice.waitForMessage("the sender gets its own awareness back") { $0 == .awareness(state.encoded) }

        let bob = try await TestSocket(url)
        try await bob.waitForMessage("a joiner gets the current states") { message in
            guard case .awareness(let payload) = message, let update = try? AwarenessUpdate(decoding: payload)
            else { return false }
            return update.entries.contains { $0.clientID == 42 && $0.state.contains("Alice") }
        }
        try await bob.send(.queryAwareness)
        try await waitUntil("query awareness is answered") {
            bob.messages.filter { if case .awareness = $0 { true } else { false } }.count >= 2
        }

        await alice.close()
        try await bob.waitForMessage("alice's state is removed when she leaves") { message in
            guard case .awareness(let payload) = message, let update = try? AwarenessUpdate(decoding: payload)
            else { return false }
            return update.entries.contains { $0.clientID == 42 && $0.isRemoval && $0.clock == 2 }
        }
        await bob.close()
    }
}

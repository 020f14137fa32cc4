import Foundation
import Testing

/// One client stops reading while others keep receiving: the others get every update, and the
/// stalled one is closed with 4408 once its (small) outbox is full. Asserted on counts and codes.
@Suite("Slow consumer", .serialized)
struct SlowConsumerTests {
    @Test("a stalled client is closed with 4408 and the others receive every update")
    func stalledClientIsDropped() async throws {
        let server = try await TestServer(arguments: ["--outbox-limit", "8"])
        let output = try await Peers.run(
            Peers.python,
            [
                Peers.script("Interop/server/slow_consumer.py"), server.wsURL, server.baseURL, server.token,
                "slow-board",
            ], timeout: .seconds(300))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let sent = try #require(result["sent"] as? Int)
        let readers = try #require(result["readers"] as? [Int])
        #expect(readers.count == 4)
        #expect(readers.allSatisfy { $0 == sent }, "readers got \(readers) of \(sent)")
        #expect((result["readerCloses"] as? [Any])?.allSatisfy { $0 is NSNull } == true)
        #expect(result["slowConsumers"] as? Int == 1)
        #expect(result["stalledClose"] as? Int == 4408, "\(result)")
        #expect((result["stalledReason"] as? String)?.contains("outbox") == true)
    }
}

import Foundation
import Testing

@testable import Storage

/// What only the shared store (PostgreSQL) does for the nodes.
@Suite("Cluster store", .enabled(if: PostgresTestDatabase.serverURL != nil))
struct ClusterStoreTests {
    @Test("live events are read after an id, and forgotten once older than asked")
    func liveEventsAreForgotten() async throws {
        let store = try await PostgresTestDatabase.makeStore()
        defer { Task { await store.shutdown() } }
        #expect(try await store.newestLiveEvent() == 0)
        try await store.publishLive(sessionId: "s1", version: 3, audience: "all", text: #"{"type":"phase"}"#)
        let newest = try await store.newestLiveEvent()
        #expect(try await store.liveEvents(after: 0).map(\.id) == [newest])
        try await store.forgetLiveEvents(olderThanSeconds: 3600)
        #expect(try await store.liveEvents(after: 0).count == 1, "an event of a moment ago stays")
        try await store.forgetLiveEvents(olderThanSeconds: 0)
        #expect(try await store.liveEvents(after: 0).isEmpty, "an event older than zero seconds goes")
        #expect(try await store.newestLiveEvent() == 0)
    }
}

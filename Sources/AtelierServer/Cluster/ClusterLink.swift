import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization
import Workshop

/// Brings what the other nodes do to this node: new board positions and presence to its
/// rooms, session changes to its session service (and so to its rooms' policies), live
/// events to its live channels. A service, run only when the store is shared (PostgreSQL).
struct ClusterLink: Service {
    let store: any ClusterStore
    let hub: Hub
    let sessions: SessionService
    let live: LiveHub
    let clock: ClusterClock
    let logger: Logger

    func run() async throws {
        let newest = try await store.newestLiveEvent()
        await live.publish(through: store)
        let messages = store.messages()
        let node = store.nodeId
        logger.notice("cluster link up", metadata: ["node": "\(node)"])
        try? await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                var lastLive = newest
                tasks.addTask { try await clock.keepSynchronized(with: store, logger: logger) }
                tasks.addTask { try await forgetOldLiveEvents() }
                for await message in messages {
                    switch message {
                    case .boardHead, .boardUpdate, .awareness:
                        await hub.clusterMessage(message, from: node)
                    case .session(let id, let version):
                        await sessions.refresh(id, version: version)
                    case .sessionDeleted(let id):
                        await sessions.forgetDeleted(id)
                    case .live:
                        lastLive = await deliverLive(after: lastLive)
                    case .resynchronize:
                        await hub.clusterMessage(.resynchronize, from: node)
                        await sessions.reloadAll()
                        lastLive = await deliverLive(after: lastLive)
                    }
                }
                tasks.cancelAll()
            }
        }
        await live.stopPublishing()
    }

    /// Every ten minutes, forgets live events over an hour old (a node reads them within
    /// seconds; one that was away longer reloads its sessions instead).
    private func forgetOldLiveEvents() async throws {
        while !Task.isCancelled {
            do {
                try await store.forgetLiveEvents(olderThanSeconds: 3600)
            } catch {
                logger.warning("old live events not forgotten", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(600))
        }
    }

    /// Delivers the other nodes' live events after `id`, each once this node holds the
    /// session version it was computed from; returns the newest id read.
    private func deliverLive(after id: Int64) async -> Int64 {
        var newest = id
        do {
            for record in try await store.liveEvents(after: id) {
                newest = record.id
                guard record.node != store.nodeId else { continue }
                if record.version > 0 { await sessions.refresh(record.sessionId, version: record.version) }
                await live.deliver(record)
            }
        } catch {
            logger.error("live events of other nodes not read", metadata: ["error": "\(error)"])
        }
        return newest
    }
}

/// The wall clock every node agrees on: this machine's, corrected by its measured offset to
/// the database server's clock (so a pitch started on one node counts down the same on all).
final class ClusterClock: WallClock {
    private let offsetMilliseconds = Atomic<Int64>(0)

    var now: Date { Date().addingTimeInterval(Double(offsetMilliseconds.load(ordering: .relaxed)) / 1000) }

    /// The offset now applied, in milliseconds (tests, logs).
    var offset: Int64 { offsetMilliseconds.load(ordering: .relaxed) }

    /// Measures the offset now: of five round trips to the database, the shortest decides
    /// (the server's reading is taken as made halfway through it).
    func synchronize(with store: any ClusterStore) async throws {
        var best: (roundTrip: Int64, offset: Int64)?
        for _ in 0..<5 {
            let sent = Date().epochMilliseconds
            let server = try await store.serverTime()
            let received = Date().epochMilliseconds
            let roundTrip = received - sent
            let offset = server - (sent + received) / 2
            if best == nil || roundTrip < best!.roundTrip { best = (roundTrip, offset) }
        }
        if let best { offsetMilliseconds.store(best.offset, ordering: .relaxed) }
    }

    /// Measures the offset every 30 seconds.
    func keepSynchronized(with store: any ClusterStore, logger: Logger) async throws {
        while !Task.isCancelled {
            do {
                try await synchronize(with: store)
            } catch {
                logger.warning("clock not synchronized with the database", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(30))
        }
    }
}

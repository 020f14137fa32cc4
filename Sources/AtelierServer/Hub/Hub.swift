import Logging
import Prometheus
import ServiceLifecycle
import Storage
import Synchronization
import Workshop

/// Every loaded board room, loaded on first join and unloaded when idle.
///
/// Load and unload are serialized per board: a board never has two live rooms. The hub is a
/// `Service`: its `run()` unloads idle rooms and, on graceful shutdown, closes every connection
/// with 1001 once what the rooms accepted is durable.
actor Hub: Service {
    private enum Entry {
        case loading(Task<Room, any Error>)
        case loaded(Room)
    }

    private let store: any AtelierStore
    private let metrics: ServerMetrics
    private let limits: RoomLimits
    /// The write policy of a board whose room loads (its session's, or the ad-hoc one).
    private var policySource: @Sendable (String) async -> BoardWritePolicy = { _ in .adHoc }
    /// The policy of a board as its session now stands in the store (another node changed it).
    private var freshPolicySource: @Sendable (String) async -> BoardWritePolicy = { _ in .adHoc }
    /// Told of every quarantine entry a room creates or grows.
    private var quarantineObserver: @Sendable (QuarantineRecord, QuarantinePreview) async -> Void = { _, _ in }
    private let logger: Logger
    private let idleTimeout: Duration
    private let sweepInterval: Duration
    private var entries: [String: Entry] = [:]
    /// Boards of deleted sessions: never loaded again.
    private var retired: Set<String> = []
    private var isShuttingDown = false
    /// Also run at shutdown (closing the live channels).
    private let onShutdown: @Sendable () async -> Void

    /// Makes a hub over a store; rooms idle for `idleTimeout` are unloaded.
    init(
        store: any AtelierStore, metrics: ServerMetrics, logger: Logger, idleTimeout: Duration,
        limits: RoomLimits = RoomLimits(), onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.onShutdown = onShutdown
        self.store = store
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
        self.idleTimeout = idleTimeout
        self.sweepInterval = min(idleTimeout, .seconds(5))
    }

    /// Attaches a connection to a board's room, loading the room if needed.
    func join(_ boardID: String, _ connection: SyncConnection) async throws -> Room {
        while true {
            guard !isShuttingDown else { throw HubError.shuttingDown }
            let room = try await room(for: boardID)
            switch await room.attach(connection) {
            case .attached: return room
            case .notReadable: throw HubError.notReadable
            case .closed:
                // The room closed between lookup and attach: forget it and load it again.
                forget(room)
            }
        }
    }

    /// The loaded room of a board, if any (tests and exports).
    func loadedRoom(_ boardID: String) -> Room? {
        if case .loaded(let room) = entries[boardID] { return room }
        return nil
    }

    /// Runs `body` on the board's room, loading it if needed (exports, quarantine re-apply).
    /// The room stays loaded at least until the next idle sweep.
    func withRoom<T: Sendable>(_ boardID: String, _ body: (Room) async throws -> T) async throws -> T {
        guard !isShuttingDown else { throw HubError.shuttingDown }
        return try await body(try await room(for: boardID))
    }

    /// Where rooms being loaded get their board's policy.
    func setPolicySource(_ source: @escaping @Sendable (String) async -> BoardWritePolicy) {
        policySource = source
    }

    /// Where rooms get a board's policy when another node changed its session.
    func setFreshPolicySource(_ source: @escaping @Sendable (String) async -> BoardWritePolicy) {
        freshPolicySource = source
    }

    /// What another node did to a board: relayed to this node's room of it, if loaded. Each
    /// room catches up on its own task, so one slow room delays no other.
    func clusterMessage(_ message: ClusterMessage, from node: String) {
        switch message {
        case .boardHead(let board, let head):
            guard case .loaded(let room) = entries[board] else { return }
            Task { await room.remoteHead(head) }
        case .boardUpdate(let board, let position, let sender, let data):
            guard case .loaded(let room) = entries[board] else { return }
            Task { await room.remoteUpdate(data, at: position, sender: sender) }
        case .awareness(let board, let origin, let data):
            guard origin != node, case .loaded(let room) = entries[board] else { return }
            Task { data.isEmpty ? await room.answerPresenceRequest() : await room.remotePresence(data) }
        case .resynchronize:
            for case .loaded(let room) in entries.values {
                Task {
                    await room.catchUp()
                    await room.requestPresence()
                }
            }
        case .session, .sessionDeleted, .live:
            break
        }
    }

    /// Who hears of quarantine entries (the live channel).
    func setQuarantineObserver(_ observer: @escaping @Sendable (QuarantineRecord, QuarantinePreview) async -> Void) {
        quarantineObserver = observer
    }

    /// Closes every connection of a participant (a revoked invite) in every loaded room.
    func disconnect(participant: String, code: CloseCode = .badToken, reason: String) async {
        for case .loaded(let room) in entries.values {
            await room.disconnect(participant: participant, code: code, reason: reason)
        }
    }

    /// Number of loaded rooms.
    var roomCount: Int { entries.count }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: self.sweepInterval)
                await self.unloadIdleRooms()
            }
        }
        await shutdown()
    }

    /// Closes every room (1001 to every connection) after their pending commits, and waits a
    /// little for the clients to take their close frames before the server stops.
    func shutdown() async {
        isShuttingDown = true
        for case .loaded(let room) in entries.values {
            await room.close(code: .goingAway, reason: "server shutting down")
        }
        await onShutdown()
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            var open = 0
            for case .loaded(let room) in entries.values { open += await room.connectionCount }
            if open == 0 { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        logger.info("hub stopped", metadata: ["rooms": "\(entries.count)"])
    }

    /// Closes the rooms of deleted boards (4404 to their connections, at once) and never loads
    /// them again.
    func retire(_ boardIDs: some Sequence<String>, reason: String) async {
        for boardID in boardIDs {
            retired.insert(boardID)
            switch entries[boardID] {
            case .loaded(let room):
                await room.terminate(code: .unknownBoard, reason: reason)
                forget(room)
            case .loading, nil:
                // A room still loading is closed by its loader, which sees the board retired.
                break
            }
        }
    }

    private func room(for boardID: String) async throws -> Room {
        guard !retired.contains(boardID) else { throw HubError.deleted }
        switch entries[boardID] {
        case .loaded(let room) where !room.closed.load(ordering: .acquiring):
            return room
        case .loading(let task):
            return try await task.value
        case .loaded(let room):
            forget(room)
        case nil:
            break
        }
        let task = Task { [store, metrics, limits, logger, policySource, quarantineObserver, freshPolicySource] in
            try await Room.load(
                boardID: boardID, store: store, policy: await policySource(boardID), metrics: metrics, limits: limits,
                onQuarantine: quarantineObserver, logger: logger, freshPolicy: freshPolicySource)
        }
        entries[boardID] = .loading(task)
        do {
            let room = try await task.value
            guard !retired.contains(boardID) else {
                await room.terminate(code: .unknownBoard, reason: "the board was deleted")
                throw HubError.deleted
            }
            entries[boardID] = .loaded(room)
            metrics.rooms.set(Double(entries.count))
            // A policy pushed while the room was loading is not lost: the newest one is applied.
            await room.apply(await policySource(boardID))
            await room.requestPresence()
            return room
        } catch {
            entries[boardID] = nil
            if retired.contains(boardID) {
                // Deleted while it loaded: refused like any deleted board (clients retry), nothing to act on.
                logger.debug("room not loaded: the board was deleted", metadata: ["board": "\(boardID)"])
            } else {
                logger.error("room failed to load", metadata: ["board": "\(boardID)", "error": "\(error)"])
            }
            throw error
        }
    }

    private func forget(_ room: Room) {
        if case .loaded(let current) = entries[room.boardID], current === room {
            entries[room.boardID] = nil
            metrics.rooms.set(Double(entries.count))
        }
    }

    private func unloadIdleRooms() async {
        for case .loaded(let room) in entries.values {
            await room.expireRemotePresence(after: .seconds(35))
            if await room.closeIfIdle(for: idleTimeout) {
                forget(room)
                logger.debug("room unloaded", metadata: ["board": "\(room.boardID)"])
            }
        }
    }
}

extension Hub: PolicySink {
    func apply(policies: [String: BoardWritePolicy]) async {
        for (boardID, policy) in policies {
            if case .loaded(let room) = entries[boardID] { await room.apply(policy) }
        }
    }

    func retire(boards: [String], reason: String) async {
        await retire(boards, reason: reason)
    }

    func state(ofBoard boardID: String) async throws -> (state: [UInt8], head: Int64) {
        if case .loaded(let room) = entries[boardID], !room.closed.load(ordering: .acquiring) {
            return try await room.stateAndHead()
        }
        let stored = try await store.load(boardId: boardID)
        return (try BoardDocument(history: stored.replay).encodedState(), stored.lastUpdateId)
    }
}

/// Why a connection could not join a room.
enum HubError: Error {
    /// The server is shutting down.
    case shuttingDown
    /// The board's policy does not let this connection read it now.
    case notReadable
    /// The board was deleted with its session.
    case deleted
}

import Foundation
import Logging
import NIOCore
import Storage
import Synchronization
import YSync

/// One board's live room: its document, its connections and their awareness.
///
/// Every update a room accepts is committed to the store before it is broadcast or served to a
/// joining client. The actor serializes the document; storage is awaited outside that critical
/// part, so updates from many connections share group commits.
actor Room {
    /// The board the room serves.
    nonisolated let boardID: String
    /// Set once the room has been unloaded; a closed room accepts no connection.
    nonisolated let closed = Atomic<Bool>(false)

    private let store: any BoardStore
    private let metrics: ServerMetrics
    private let logger: Logger
    private var document: BoardDocument
    private var connections: [UInt64: SyncConnection] = [:]
    private var awareness = AwarenessTable()
    private var emptySince: ContinuousClock.Instant? = .now

    /// Sequence numbers of applied updates whose commit is still in flight.
    private var inFlight: Set<Int> = []
    private var appliedSequence = 0
    private var durabilityWaiters: [(sequence: Int, continuation: CheckedContinuation<Void, Never>)] = []

    private init(
        boardID: String, document: BoardDocument, store: any BoardStore, metrics: ServerMetrics, logger: Logger
    ) {
        self.boardID = boardID
        self.document = document
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    /// Loads a board's room by replaying its stored history.
    static func load(boardID: String, store: any BoardStore, metrics: ServerMetrics, logger: Logger) async throws
        -> Room
    {
        let stored = try await store.load(boardId: boardID)
        let document = BoardDocument(history: stored.updates.map(\.data))
        var logger = logger
        logger[metadataKey: "board"] = "\(boardID)"
        logger.debug("room loaded", metadata: ["updates": "\(stored.updates.count)"])
        return Room(boardID: boardID, document: document, store: store, metrics: metrics, logger: logger)
    }

    /// Adds a connection and greets it (sync step 1, current awareness); false if the room closed.
    func attach(_ connection: SyncConnection) -> Bool {
        guard !closed.load(ordering: .acquiring) else { return false }
        connections[connection.id] = connection
        emptySince = nil
        send(.syncStep1(stateVector: document.stateVector), to: connection)
        if !awareness.isEmpty {
            send(.awareness(awareness.snapshot.encoded), to: connection)
        }
        return true
    }

    /// Removes a connection and broadcasts the removal of the awareness states it introduced.
    func detach(_ connection: SyncConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        let removals = awareness.removeAll(ownedBy: connection.id)
        if !removals.entries.isEmpty {
            broadcast(.awareness(removals.encoded), except: nil)
        }
        if connections.isEmpty { emptySince = .now }
    }

    /// Handles one decoded message from a connection.
    func receive(_ message: SyncMessage, from connection: SyncConnection) async {
        switch message {
        case .syncStep1(let stateVector):
            let missing = document.missing(from: stateVector)
            await waitUntilDurable(appliedSequence)
            for update in missing { send(.update(update), to: connection) }
            send(.syncStep2(update: [0, 0]), to: connection)
        case .syncStep2(let update), .update(let update):
            await accept(update, from: connection)
        case .awareness(let payload):
            do {
                let update = try AwarenessUpdate(decoding: payload)
                awareness.apply(update, from: connection.id)
                broadcast(message, except: nil)
            } catch {
                refuse(connection, code: CloseCode.malformed, reason: "malformed awareness update: \(error)")
            }
        case .queryAwareness:
            send(.awareness(awareness.snapshot.encoded), to: connection)
        case .permissionDenied:
            break  // Only servers send auth messages; a client's is ignored.
        }
    }

    /// Closes the room if it has had no connection for `idle`; true when it did.
    func closeIfIdle(for idle: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        guard connections.isEmpty, inFlight.isEmpty, let emptySince, now - emptySince >= idle else { return false }
        closed.store(true, ordering: .releasing)
        return true
    }

    /// Closes every connection with 1001 and the room with them (server shutdown).
    func shutdown() async {
        closed.store(true, ordering: .releasing)
        await waitUntilDurable(appliedSequence)
        for connection in connections.values {
            connection.close(code: CloseCode.goingAway, reason: "server shutting down")
        }
    }

    /// Number of open connections (metrics, tests).
    var connectionCount: Int { connections.count }

    // MARK: - Updates

    private func accept(_ update: [UInt8], from connection: SyncConnection) async {
        let changed: Bool
        do {
            changed = try document.apply(update)
        } catch {
            refuse(connection, code: CloseCode.malformed, reason: "malformed update: \(error)")
            return
        }
        guard changed else { return }
        appliedSequence += 1
        let sequence = appliedSequence
        inFlight.insert(sequence)
        let received = ContinuousClock.now
        do {
            _ = try await store.append(
                NewBoardUpdate(
                    boardId: boardID, data: update, sender: connection.participant,
                    createdAt: Int64(Date().timeIntervalSince1970 * 1000)))
        } catch {
            logger.error("update not committed; closing the room", metadata: ["error": "\(error)"])
            fail()
            return
        }
        metrics.persistLatency.record(ContinuousClock.now - received)
        metrics.updates.increment()
        metrics.updateBytes.increment(by: Int64(update.count))
        inFlight.remove(sequence)
        resumeDurabilityWaiters()
        broadcast(.update(update), except: connection.id)
    }

    /// Suspends until every update applied up to `sequence` is committed.
    private func waitUntilDurable(_ sequence: Int) async {
        guard let oldest = inFlight.min(), oldest <= sequence else { return }
        await withCheckedContinuation { durabilityWaiters.append((sequence, $0)) }
    }

    private func resumeDurabilityWaiters() {
        let durableThrough = (inFlight.min() ?? (appliedSequence + 1)) - 1
        durabilityWaiters.removeAll { waiter in
            guard waiter.sequence <= durableThrough else { return false }
            waiter.continuation.resume()
            return true
        }
    }

    /// The document holds an update that is not durable: drop the room so it reloads from disk.
    private func fail() {
        closed.store(true, ordering: .releasing)
        for connection in connections.values {
            connection.close(code: CloseCode.serverError, reason: "storage failure; reconnect to resync")
        }
        inFlight.removeAll()
        resumeDurabilityWaiters()
    }

    // MARK: - Sending

    private func refuse(_ connection: SyncConnection, code: UInt16, reason: String) {
        metrics.refusedMessages.increment()
        logger.notice(
            "message refused", metadata: ["connection": "\(connection.id)", "code": "\(code)", "reason": "\(reason)"])
        connection.close(code: code, reason: reason)
    }

    private func send(_ message: SyncMessage, to connection: SyncConnection) {
        let bytes = message.encoded
        metrics.bytesOut.increment(by: Int64(bytes.count))
        if connection.send(ByteBuffer(bytes: bytes)) == .overflowed { noteOverflow(connection) }
    }

    private func broadcast(_ message: SyncMessage, except excluded: UInt64?) {
        let buffer = ByteBuffer(bytes: message.encoded)
        var recipients = 0
        for (id, connection) in connections where id != excluded {
            recipients += 1
            if connection.send(buffer) == .overflowed { noteOverflow(connection) }
        }
        metrics.bytesOut.increment(by: Int64(buffer.readableBytes * recipients))
    }

    private func noteOverflow(_ connection: SyncConnection) {
        metrics.slowConsumers.increment()
        logger.notice("slow consumer disconnected (4408)", metadata: ["connection": "\(connection.id)"])
        connection.outboxOverflowed()
    }
}

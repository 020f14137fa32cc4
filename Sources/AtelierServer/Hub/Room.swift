import Foundation
import Logging
import NIOCore
import NIOWebSocket
import Prometheus
import Storage
import Synchronization
import Workshop
import YCore
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
    private let rules: any RoomRules
    private let metrics: ServerMetrics
    /// Counts, logs and closes a connection whose outbox overflowed (from the room or a loop).
    private let overflowed: OverflowReport
    private let logger: Logger
    private var document: BoardDocument
    private var quarantined = QuarantineRanges()
    /// Participants bound to the Yjs client ids seen on this board.
    private var bindings: [UInt64: String] = [:]
    /// The newest committed update row, and how many rows the room has added since its snapshot.
    private var lastUpdateId: Int64
    private var updatesSinceSnapshot: Int
    private var connections: [UInt64: SyncConnection] = [:]
    /// The connections again, by the event loop of their channel (`nil` key: no channel): fan-out
    /// hands each loop its list in one task, and the loop checks and writes its own connections.
    private var fanOutGroups: [ObjectIdentifier?: FanOutGroup] = [:]
    private var awareness = AwarenessTable()
    private var emptySince: ContinuousClock.Instant? = .now

    /// Sequence numbers of applied updates whose commit is still in flight.
    private var inFlight: Set<Int> = []
    private var appliedSequence = 0
    private var durabilityWaiters: [(sequence: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// Compaction threshold: a loaded room rewrites its history as one snapshot past this many updates.
    static let compactionThreshold = 500

    private init(
        boardID: String, document: BoardDocument, stored: StoredBoard, store: any BoardStore, rules: any RoomRules,
        metrics: ServerMetrics, logger: Logger
    ) {
        self.boardID = boardID
        self.document = document
        self.store = store
        self.rules = rules
        self.metrics = metrics
        self.logger = logger
        self.overflowed = OverflowReport(metrics: metrics, logger: logger)
        self.lastUpdateId = stored.lastUpdateId
        self.updatesSinceSnapshot = stored.updates.count
    }

    /// Loads a board's room: replays its snapshot and updates, and its pending quarantine.
    static func load(
        boardID: String, store: any BoardStore, rules: any RoomRules, metrics: ServerMetrics, logger: Logger
    ) async throws -> Room {
        let stored = try await store.load(boardId: boardID)
        let document = try BoardDocument(history: stored.replay)
        var logger = logger
        logger[metadataKey: "board"] = "\(boardID)"
        logger.debug("room loaded", metadata: ["updates": "\(stored.updates.count)"])
        let room = Room(
            boardID: boardID, document: document, stored: stored, store: store, rules: rules, metrics: metrics,
            logger: logger)
        try await room.reloadQuarantine()
        return room
    }

    /// Re-reads the board's pending quarantine entries (after an apply or a discard).
    func reloadQuarantine() async throws {
        let pending = try await rules.pendingQuarantine(boardID: boardID)
        quarantined.reset(pending.map { QuarantineRanges.decode($0.ranges) })
    }

    /// Adds a connection and greets it (sync step 1, current awareness); false if the room closed.
    func attach(_ connection: SyncConnection) -> Bool {
        guard !closed.load(ordering: .acquiring) else { return false }
        connections[connection.id] = connection
        let key = connection.channel.map { ObjectIdentifier($0.eventLoop) }
        fanOutGroups[key, default: FanOutGroup(loop: connection.channel?.eventLoop)].members.append(connection)
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
        let key = connection.channel.map { ObjectIdentifier($0.eventLoop) }
        fanOutGroups[key]?.members.removeAll { $0 === connection }
        if fanOutGroups[key]?.members.isEmpty ?? false { fanOutGroups[key] = nil }
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
            let missing: [UInt8]
            do {
                missing = try document.missing(from: stateVector)
            } catch {
                refuse(connection, code: CloseCode.malformed, reason: "malformed state vector: \(error)")
                return
            }
            // Served only once everything it contains is durable.
            await waitUntilDurable(appliedSequence)
            send(.syncStep2(update: missing), to: connection)
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

    /// The board as one update (exports).
    func encodedState() throws -> [UInt8] {
        try document.encodedState()
    }

    /// The deck's slide count and full state (a pitch's snapshot).
    func deckState() throws -> (slides: Int, update: [UInt8]) {
        (BoardDocument.slideCount(of: document.doc), try document.encodedState())
    }

    /// The board's JSON view (exports).
    func json() -> JSONValue {
        document.doc.toJSON()
    }

    /// Closes the connections of a participant (a revoked invite) with 4401.
    func disconnect(participant: String, reason: String) {
        for connection in connections.values where connection.participant == participant {
            connection.close(code: CloseCode.badToken, reason: reason)
        }
    }

    /// Tells every connection of a participant why its edit was refused (y-protocols auth message).
    private func tellRefused(_ connection: SyncConnection, _ reason: String) {
        send(.permissionDenied(reason: reason), to: connection)
    }

    /// Rewrites the stored history as one snapshot when it has grown past the threshold.
    /// Runs only when nothing is in flight, so the snapshot covers exactly the committed rows.
    private func compactIfNeeded() async {
        guard updatesSinceSnapshot >= Self.compactionThreshold, inFlight.isEmpty else { return }
        let through = lastUpdateId
        do {
            let snapshot = try document.encodedState()
            try await store.compact(boardId: boardID, snapshot: snapshot, throughUpdateId: through)
            updatesSinceSnapshot = 0
            logger.debug("board compacted", metadata: ["through": "\(through)", "bytes": "\(snapshot.count)"])
        } catch {
            logger.error("compaction failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Updates

    private func accept(_ update: [UInt8], from connection: SyncConnection) async {
        let contents: UpdateContents
        do {
            contents = try UpdateContents(decoding: update)
        } catch {
            refuse(connection, code: CloseCode.malformed, reason: "malformed update: \(error)")
            return
        }
        if contents.isEmpty { return }  // Empty updates are never stored nor quarantined.

        // The rules in force (phase lock, read-only role); a refused update is kept, not applied.
        if let refusal = await rules.writeRefusal(boardID: boardID, caller: connection.caller.caller) {
            if (try? document.isNoOp(update)) == true { return }
            await quarantine(update, contents, code: refusal.code.rawValue, reason: refusal.message, from: connection)
            return
        }
        // A Yjs client id belongs to the participant whose connection first used it.
        let clients: Set<UInt64>
        do {
            clients = try document.novelClients(in: update)
        } catch {
            refuse(connection, code: CloseCode.malformed, reason: "malformed update: \(error)")
            return
        }
        for client in clients where bindings[client] != connection.participant {
            let owner: String
            do {
                owner = try await rules.bindClient(
                    boardID: boardID, clientID: client, participant: connection.participant)
            } catch {
                logger.error("client binding failed", metadata: ["error": "\(error)"])
                connection.close(code: CloseCode.serverError, reason: "storage failure; reconnect to resync")
                return
            }
            bindings[client] = owner
            if owner != connection.participant {
                await quarantine(
                    update, contents, code: "client-id-taken",
                    reason: "Yjs client id \(client) belongs to another participant", from: connection)
                return
            }
        }
        let slideLimit = await rules.slideLimit(boardID: boardID)
        let phase = await rules.phase(boardID: boardID)

        // From here to the apply nothing awaits: checks and apply see the same document.
        if !quarantined.isEmpty && quarantined.dependsOnQuarantined(contents) {
            await quarantine(
                update, contents, code: "depends-on-quarantined",
                reason: "builds on an edit that was refused earlier; resync to continue", from: connection)
            return
        }
        if let slideLimit {
            do {
                if let after = try document.dryRun(update), BoardDocument.slideCount(of: after) > slideLimit {
                    let count = BoardDocument.slideCount(of: after)
                    await quarantine(
                        update, contents, code: BoardRefusal.Code.slideLimit.rawValue,
                        reason: "the deck would have \(count) slides; the limit is \(slideLimit)", from: connection)
                    return
                }
            } catch {
                refuse(connection, code: CloseCode.malformed, reason: "malformed update: \(error)")
                return
            }
        }
        let changed: Bool
        do {
            changed = try document.apply(update)
        } catch {
            refuse(connection, code: CloseCode.malformed, reason: "malformed update: \(error)")
            return
        }
        guard changed else { return }
        await commitAndBroadcast(update, sender: connection.participant, phase: phase, except: connection.id)
    }

    /// Applies updates taken out of quarantine by a facilitator, in order; returns how many
    /// changed the board. The slide limit still holds.
    func applyFromQuarantine(_ updates: [[UInt8]], sender: String) async throws -> Int {
        let slideLimit = await rules.slideLimit(boardID: boardID)
        let phase = await rules.phase(boardID: boardID)
        var applied = 0
        for update in updates {
            if let slideLimit, let after = try document.dryRun(update), BoardDocument.slideCount(of: after) > slideLimit
            {
                throw RoomError.slideLimit(count: BoardDocument.slideCount(of: after), limit: slideLimit)
            }
            guard try document.apply(update) else { continue }
            applied += 1
            await commitAndBroadcast(update, sender: sender, phase: phase, except: nil)
        }
        try await reloadQuarantine()
        return applied
    }

    /// Commits an applied update, then broadcasts it (never the other way round).
    private func commitAndBroadcast(_ update: [UInt8], sender: String, phase: String?, except excluded: UInt64?) async {
        appliedSequence += 1
        let sequence = appliedSequence
        inFlight.insert(sequence)
        let received = ContinuousClock.now
        let rowID: Int64
        do {
            rowID = try await store.append(
                NewBoardUpdate(
                    boardId: boardID, data: update, sender: sender, phase: phase,
                    createdAt: Int64(Date().timeIntervalSince1970 * 1000)))
        } catch {
            logger.error("update not committed; closing the room", metadata: ["error": "\(error)"])
            fail()
            return
        }
        metrics.persistLatency.record(ContinuousClock.now - received)
        metrics.updates.increment()
        metrics.updateBytes.increment(by: Int64(update.count))
        lastUpdateId = max(lastUpdateId, rowID)
        updatesSinceSnapshot += 1
        inFlight.remove(sequence)
        resumeDurabilityWaiters()
        broadcast(.update(update), except: excluded)
        await compactIfNeeded()
    }

    /// Keeps a refused update (once per id range) and tells its sender why.
    private func quarantine(
        _ update: [UInt8], _ contents: UpdateContents, code: String, reason: String, from connection: SyncConnection
    ) async {
        if !quarantined.covers(contents) {
            let phase = await rules.phase(boardID: boardID)
            do {
                _ = try await rules.quarantine(
                    QuarantineRecord(
                        sessionId: nil, boardId: boardID, data: Data(update), reason: reason, reasonCode: code,
                        sender: connection.participant, phase: phase,
                        at: Int64(Date().timeIntervalSince1970 * 1000),
                        ranges: QuarantineRanges.encode(contents.structs)))
                quarantined.add(contents.structs)
            } catch {
                logger.error("quarantine failed", metadata: ["error": "\(error)"])
                connection.close(code: CloseCode.serverError, reason: "storage failure; your edit was not kept")
                return
            }
            logger.notice("update quarantined", metadata: ["code": "\(code)", "sender": "\(connection.participant)"])
        }
        tellRefused(connection, reason)
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
        if connection.send(ByteBuffer(bytes: bytes)) == .overflowed { overflowed(connection) }
    }

    /// Sends a message to every connection but `excluded`. Each event loop gets one task with the
    /// list of its connections: those that keep up (nothing queued, socket writable) get the frame,
    /// encoded once here, straight on their socket; the others get the message through their
    /// outbox, which bounds what a slow one holds. The room's own work does not grow with the
    /// number of connections, and the loops check and write in parallel.
    ///
    /// The room wakes one loop, and that loop's task first wakes the others. When the room woke
    /// each loop itself, the first loop woken on the room's own CPU took that CPU at once, and
    /// the room could wake the next loop only after the first had written all its connections:
    /// a trace showed the second loop starting 4 ms late (docs/DECISIONS.md, "Fan-out").
    private func broadcast(_ message: SyncMessage, except excluded: UInt64?) {
        let buffer = ByteBuffer(bytes: message.encoded)
        let recipients = connections.count - (excluded.map { connections[$0] == nil ? 0 : 1 } ?? 0)
        guard recipients > 0 else { return }
        metrics.bytesOut.increment(by: Int64(buffer.readableBytes * recipients))
        let frame = SyncConnection.encodeFrame(buffer)
        let overflowed = self.overflowed
        var tasks: [(loop: any EventLoop, members: [SyncConnection])] = []
        for group in fanOutGroups.values {
            guard let loop = group.loop else {
                for connection in group.members where connection.id != excluded {
                    if connection.send(buffer) == .overflowed { overflowed(connection) }
                }
                continue
            }
            tasks.append((loop, group.members))
        }
        guard let first = tasks.first else { return }
        let others = tasks.dropFirst()
        @Sendable func write(_ members: [SyncConnection]) {
            for connection in members where connection.id != excluded {
                if connection.outbox.canBypass(), connection.writeFanOutFrame(frame, payload: buffer) { continue }
                if connection.send(buffer) == .overflowed { overflowed(connection) }
            }
        }
        first.loop.execute {
            for task in others {
                task.loop.execute { write(task.members) }
            }
            write(first.members)
        }
    }
}

/// The connections of a room that live on one event loop (see `Room.broadcast`).
private struct FanOutGroup {
    let loop: (any EventLoop)?
    var members: [SyncConnection] = []
}

/// What happens when a connection's outbox overflows: counted, logged, and the connection is
/// closed (4408) — from the room or from an event loop.
private struct OverflowReport: Sendable {
    let metrics: ServerMetrics
    let logger: Logger

    func callAsFunction(_ connection: SyncConnection) {
        metrics.slowConsumers.increment()
        logger.notice("slow consumer disconnected (4408)", metadata: ["connection": "\(connection.id)"])
        connection.outboxOverflowed()
    }
}

/// Why a room refused to apply something on a facilitator's behalf.
enum RoomError: Error, CustomStringConvertible {
    /// Applying would break the deck's slide limit.
    case slideLimit(count: Int, limit: Int)

    var description: String {
        switch self {
        case .slideLimit(let count, let limit): "the deck would have \(count) slides; the limit is \(limit)"
        }
    }
}

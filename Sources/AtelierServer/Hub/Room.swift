import Foundation
import Logging
import Prometheus
import Storage
import Synchronization
import Workshop
import YCore
import YSync

/// One board's live room: its document, its connections, their conversations and awareness.
///
/// The room judges every update from its write policy (pushed by the session whenever the
/// phase, a pitch or the membership changes) and its own document, in one pass with no await
/// into another actor; an accepted update is committed to the store before it is broadcast or
/// served to a joining client. Storage is awaited outside the judging, so updates from many
/// rooms share group commits.
///
/// The walk of one update: ``receive(_:from:)`` → the connection's ``SyncConversation`` says
/// `.integrate` → ``accept(_:from:)`` judges it (policy, client ids, quarantine, footprint) and
/// applies it → ``commitAndBroadcast(_:sender:except:)`` stores it, then ``FanOut`` sends it.
actor Room {
    /// The board the room serves.
    nonisolated let boardID: String
    /// Set once the room has been unloaded; a closed room accepts no connection.
    nonisolated let closed = Atomic<Bool>(false)

    /// One open connection and the state of its conversation.
    struct Member {
        let connection: SyncConnection
        var conversation: SyncConversation
        /// Writes refused without quarantine (a read-only role).
        var refusedWrites = 0
        /// When the connection last sent something (the browser's presence renews every 15 s:
        /// a socket silent for longer is likely dead on the client's side).
        var lastHeard = ContinuousClock.now
    }

    let store: any AtelierStore
    /// The store the nodes share when there are several (PostgreSQL); nil on SQLite. With it,
    /// an update is appended only after the room has applied everything before it, then applied.
    let cluster: (any ClusterStore)?
    /// The board's policy as the session now stands in the store (another node changed it).
    let freshPolicy: @Sendable (String) async -> BoardWritePolicy
    /// Serializes the room's shared appends and catch-ups (see ``Room+Cluster``).
    var gateBusy = false
    var gateWaiters: [CheckedContinuation<Void, Never>] = []
    /// Presence entries from other nodes: client id → when last renewed.
    var remotePresence: [UInt64: ContinuousClock.Instant] = [:]
    /// Told of every quarantine entry created or grown, with its preview (the live channel).
    let onQuarantine: @Sendable (QuarantineRecord, QuarantinePreview) async -> Void
    let metrics: ServerMetrics
    let logger: Logger
    let limits: RoomLimits
    /// What the board allows now.
    private(set) var policy: BoardWritePolicy
    /// A pitch is being started: the deck is frozen until it commits (or fails).
    var freezing = false
    /// While the board is private: what it withholds, and the board as others see it.
    var privateView: PrivateView?
    /// A facilitator is making the board private: kept until the session stores it (or fails).
    var privatePending = false
    var document: BoardDocument
    var quarantine: RoomQuarantine
    /// Participants bound to the Yjs client ids seen on this board.
    var bindings: [UInt64: String] = [:]
    /// The Yjs client id the room's server writes use (votes, restores), bound to the server.
    var serverClientID = UInt64.random(in: 1...0xFFFF_FFFF)
    /// The newest committed update, and how many the room has added since its snapshot.
    var lastUpdateId: Int64
    var updatesSinceSnapshot: Int
    var members: [UInt64: Member] = [:]
    var fanOut: FanOut
    var awareness = AwarenessTable()
    var commits = CommitTracker()
    private var emptySince: ContinuousClock.Instant? = .now

    /// Compaction threshold: a loaded room rewrites its history as one snapshot past this many updates.
    static let compactionThreshold = 500

    /// What an update adds towards ``compactionThreshold``: one, and one more per 32 KiB, so
    /// that large updates overwriting the same content (7 MiB each, say) are folded after
    /// about 16 MiB instead of after 500 of them.
    static func compactionWeight(of update: [UInt8]) -> Int { 1 + update.count / (32 << 10) }

    private init(
        boardID: String, document: BoardDocument, stored: StoredBoard, store: any AtelierStore,
        policy: BoardWritePolicy, quarantine: RoomQuarantine, metrics: ServerMetrics, limits: RoomLimits,
        onQuarantine: @escaping @Sendable (QuarantineRecord, QuarantinePreview) async -> Void, logger: Logger,
        freshPolicy: @escaping @Sendable (String) async -> BoardWritePolicy
    ) {
        self.boardID = boardID
        self.cluster = store as? any ClusterStore
        self.freshPolicy = freshPolicy
        self.onQuarantine = onQuarantine
        self.document = document
        self.store = store
        self.policy = policy
        self.quarantine = quarantine
        self.metrics = metrics
        self.limits = limits
        self.logger = logger
        self.fanOut = FanOut(metrics: metrics, logger: logger)
        self.lastUpdateId = stored.lastUpdateId
        self.updatesSinceSnapshot = stored.updates.count
    }

    /// Loads a board's room: replays its snapshot and updates, and its pending quarantine.
    static func load(
        boardID: String, store: any AtelierStore, policy: BoardWritePolicy, metrics: ServerMetrics,
        limits: RoomLimits, onQuarantine: @escaping @Sendable (QuarantineRecord, QuarantinePreview) async -> Void,
        logger: Logger, freshPolicy: @escaping @Sendable (String) async -> BoardWritePolicy = { _ in .adHoc }
    ) async throws -> Room {
        let stored = try await store.load(boardId: boardID)
        let document = try BoardDocument(history: stored.replay)
        let pending = try await store.quarantineEntries(sessionId: nil, boardId: boardID, status: .pending)
        var logger = logger
        logger[metadataKey: "board"] = "\(boardID)"
        logger.debug("room loaded", metadata: ["updates": "\(stored.updates.count)"])
        let room = Room(
            boardID: boardID, document: document, stored: stored, store: store, policy: policy,
            quarantine: RoomQuarantine(pending: pending, limits: limits), metrics: metrics, limits: limits,
            onQuarantine: onQuarantine, logger: logger, freshPolicy: freshPolicy)
        if let view = try privateView(of: stored, policy: policy) { await room.setPrivateView(view) }
        return room
    }

    // MARK: - Connections

    /// What ``attach(_:)`` did.
    enum Attachment {
        /// The connection is in the room.
        case attached
        /// The room closed; load it again.
        case closed
        /// The board's policy does not let the connection read it now.
        case notReadable
    }

    /// Adds a connection and greets it (sync step 1, current awareness).
    func attach(_ connection: SyncConnection) -> Attachment {
        guard !closed.load(ordering: .acquiring) else { return .closed }
        guard policy.mayRead(connection.caller.caller) else { return .notReadable }
        // One person's tabs, not hundreds of sockets filling the board's presence for everyone
        // (the server's administrator, whose token the load benchmarks share, is not counted).
        // Past the limit the person's connection heard from least recently gives way: on shaky
        // Wi-Fi a phone's dropped sockets stay open here until their ping times out, and its
        // new one is the one in use.
        if connection.participant != "facilitator" {
            let own = members.values.filter { $0.connection.participant == connection.participant }
            if own.count >= limits.connectionsPerPerson, let stalest = own.min(by: { $0.lastHeard < $1.lastHeard }) {
                refuse(
                    stalest.connection, code: .tooMany,
                    reason:
                        "replaced: this board was opened again in another tab or device of yours (\(limits.connectionsPerPerson) at most); reload to use it here"
                )
            }
        }
        members[connection.id] = Member(
            connection: connection,
            conversation: SyncConversation())
        fanOut.add(connection)
        emptySince = nil
        send(.syncStep1(stateVector: greetingStateVector(for: connection)), to: connection)
        if !awareness.isEmpty {
            send(.awareness(awarenessSnapshot(for: connection).encoded), to: connection)
        }
        return .attached
    }

    /// Removes a connection and broadcasts the removal of the awareness states it introduced.
    func detach(_ connection: SyncConnection) {
        guard members.removeValue(forKey: connection.id) != nil else { return }
        fanOut.remove(connection)
        let removals = awareness.removeAll(ownedBy: connection.id)
        if !removals.entries.isEmpty {
            broadcast(.awareness(removals.encoded), except: nil)
            publishPresence(removals)
        }
        if members.isEmpty { emptySince = .now }
    }

    /// Takes the private view of a board loaded while private.
    private func setPrivateView(_ view: PrivateView) {
        privateView = view
    }

    /// Number of open connections (metrics, tests).
    var connectionCount: Int { members.count }

    /// Takes the board's new policy; connections that may no longer read it are closed (4403).
    func apply(_ policy: BoardWritePolicy) {
        guard policy.version >= self.policy.version else { return }
        self.policy = policy
        followPrivateMode(of: policy)
        for member in members.values where !policy.mayRead(member.connection.caller.caller) {
            member.connection.close(.forbidden, reason: "access withdrawn: you may no longer read this board")
        }
    }

    /// Closes the connections of a participant with `code`.
    func disconnect(participant: String, code: CloseCode, reason: String) {
        for member in members.values where member.connection.participant == participant {
            member.connection.close(code, reason: reason)
        }
    }

    /// Closes every connection with `code` and the room with them.
    func close(code: CloseCode, reason: String) async {
        closed.store(true, ordering: .releasing)
        await waitUntilDurable(commits.lastApplied)
        for member in members.values {
            member.connection.close(code, reason: reason)
        }
    }

    /// Closes every connection with `code` at once and the room with them, without waiting for
    /// commits in flight: the board was deleted, and the store refuses its rows from now on.
    func terminate(code: CloseCode, reason: String) {
        closed.store(true, ordering: .releasing)
        for member in members.values {
            member.connection.close(code, reason: reason)
        }
    }

    /// Closes the room if it has had no connection for `idle`; true when it did.
    func closeIfIdle(for idle: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        guard members.isEmpty, !commits.hasInFlight, let emptySince, now - emptySince >= idle else { return false }
        closed.store(true, ordering: .releasing)
        return true
    }

    // MARK: - Messages

    /// Handles one binary message of a connection: its conversation says what to do.
    func receive(_ bytes: [UInt8], from connection: SyncConnection) async {
        guard var member = members[connection.id] else { return }
        member.lastHeard = .now
        let action = member.conversation.receive(bytes)
        members[connection.id] = member
        switch action {
        case .none:
            break
        case .answerStep1(let stateVector):
            // Served only once everything it contains is durable.
            await waitUntilDurable(commits.lastApplied)
            let missing: [[UInt8]]
            do {
                missing = try self.missing(for: connection, from: stateVector)
            } catch {
                refuse(connection, code: .malformed, reason: "malformed state vector: \(error)")
                return
            }
            send(.syncStep2(update: missing[0]), to: connection)
            for own in missing.dropFirst() { send(.update(own), to: connection) }
        case .integrate(let update):
            await accept(update, from: connection)
        case .relayAwareness(let update):
            relayAwareness(update, from: connection)
        case .sendAwarenessSnapshot:
            send(.awareness(awarenessSnapshot(for: connection).encoded), to: connection)
        case .close(let code, let reason):
            refuse(connection, code: CloseCode(rawValue: code) ?? .malformed, reason: reason)
        }
    }

    /// `state` with its `user.id` set to `person` and its `user.name` to `name` (when known),
    /// where the state has a `user`: a participant's page may not present itself as the
    /// facilitator or a teammate, by id or by name.
    static func statingPerson(_ state: String, _ person: String, name: String?) -> String {
        guard state.contains("\"user\""),
            var object = (try? JSONSerialization.jsonObject(with: Data(state.utf8))) as? [String: Any],
            var user = object["user"] as? [String: Any]
        else { return state }
        let idRight = user["id"] == nil || (user["id"] as? String) == person
        let nameRight = name == nil || (user["name"] as? String) == name
        guard !idRight || !nameRight else { return state }
        if user["id"] != nil { user["id"] = person }
        if let name { user["name"] = name }
        object["user"] = user
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return state }
        return String(decoding: data, as: UTF8.self)
    }

    /// Applies and relays the presence states a connection may set: its person's own client
    /// ids, at most ``RoomLimits/awarenessClientsPerConnection`` of them. The states of others
    /// it sends back (stock clients do) are left out; a spoof is never applied.
    private func relayAwareness(_ update: AwarenessUpdate, from connection: SyncConnection) {
        let (claimed, claims) = awareness.ownEntries(of: update, from: connection.id, person: connection.participant)
        // A state says who it is (`user.id` and `user.name`, which the page colours and names
        // by): the person's own id and name.
        let name = connection.caller.name
        let entries = claimed.map { entry in
            var entry = entry
            entry.state = Self.statingPerson(entry.state, connection.participant, name: name)
            return entry
        }
        guard !entries.isEmpty else { return }
        if !claims.isEmpty {
            guard awareness.clients(ownedBy: connection.id) + claims.count <= limits.awarenessClientsPerConnection
            else {
                refuse(
                    connection, code: .tooMany,
                    reason:
                        "too many presence states: one connection may set at most \(limits.awarenessClientsPerConnection)"
                )
                return
            }
            guard awareness.count + claims.count <= limits.awarenessClientsPerRoom else {
                refuse(connection, code: .tooMany, reason: "this board has too many presence states")
                return
            }
        }
        let own = AwarenessUpdate(entries: entries)
        awareness.apply(own, from: connection.id, person: connection.participant)
        if let privateView, privateView.authors.contains(connection.participant) {
            // On a private board a participant's presence (cursor, selection) is withheld too,
            // and kept on this node.
            let person = connection.participant
            let sees: @Sendable (SyncConnection) -> Bool = { $0.participant == person || Self.seesAll($0) }
            let recipients = members.values.filter { sees($0.connection) }.count
            fanOut.broadcast(SyncMessage.awareness(own.encoded).encoded, recipients: recipients, include: sees)
            return
        }
        broadcast(.awareness(own.encoded), except: nil)
        publishPresence(own)
    }

    // MARK: - Exports and snapshots

    /// The board as one update (exports, checkpoints), with what other nodes appended.
    func encodedState() async throws -> [UInt8] {
        if cluster != nil { await catchUp() }
        return try document.encodedState()
    }

    /// The board's JSON view (exports).
    func json() -> JSONValue {
        document.doc.toJSON()
    }

    /// The board as one update and the newest committed update position (checkpoints); updates
    /// applied but still being committed are in the state, not counted in the position.
    func stateAndHead() async throws -> (state: [UInt8], head: Int64) {
        if cluster != nil { await catchUp() }
        return (try document.encodedState(), lastUpdateId)
    }

    /// Freezes the deck for a pitch that is starting, and returns it once everything applied
    /// before the freeze is durable: its slide count and state. Nothing is applied between the
    /// freeze and the read; ``thaw()`` ends the freeze once the pitch start committed (the
    /// policy then holds it) or failed.
    ///
    /// `head` is the newest update position the state covers: the pitch's start commits only
    /// if the board still ends there (another node may have appended meanwhile).
    func freezeForPitch() async throws -> (slides: Int, state: [UInt8], head: Int64) {
        freezing = true
        if cluster != nil {
            await acquireGate()
            defer { releaseGate() }
            try await catchUpLocked()
        } else {
            await waitUntilDurable(commits.lastApplied)
        }
        return (BoardDocument.slideCount(of: document.doc), try document.encodedState(), lastUpdateId)
    }

    /// Ends a pitch start's freeze (the policy decides from now on).
    func thaw() {
        freezing = false
    }

    // MARK: - Durability

    /// Suspends until every update applied up to `sequence` is committed.
    func waitUntilDurable(_ sequence: Int) async {
        guard !commits.isDurable(through: sequence) else { return }
        await withCheckedContinuation { commits.wait(for: sequence, $0) }
    }

    /// The document holds an update that is not durable: drop the room so it reloads from disk.
    func fail() {
        closed.store(true, ordering: .releasing)
        for member in members.values {
            member.connection.close(.serverError, reason: "storage failure; reconnect to resync")
        }
        commits.abandon()
    }

    // MARK: - Sending

    func refuse(_ connection: SyncConnection, code: CloseCode, reason: String) {
        metrics.refusedMessages.increment()
        logger.notice(
            "connection refused",
            metadata: ["connection": "\(connection.id)", "code": "\(code.rawValue)", "reason": "\(reason)"])
        connection.close(code, reason: reason)
    }

    func send(_ message: SyncMessage, to connection: SyncConnection) {
        fanOut.send(message.encoded, to: connection)
    }

    /// Sends a message to every connection but `excluded`.
    func broadcast(_ message: SyncMessage, except excluded: UInt64?) {
        let recipients = members.count - (excluded.map { members[$0] == nil ? 0 : 1 } ?? 0)
        fanOut.broadcast(message.encoded, recipients: recipients) { $0.id != excluded }
    }
}

/// The limits a room holds every connection to.
struct RoomLimits: Sendable {
    /// Presence states one connection may introduce (a browser tab has one).
    var awarenessClientsPerConnection = 8
    /// Presence states one room holds at most.
    var awarenessClientsPerRoom = 2_000
    /// Connections one person may have on one board at once (tabs, devices); a newer one
    /// replaces the one heard from least recently.
    var connectionsPerPerson = 16
    /// Pending quarantine entries one person may have on one board.
    var quarantineEntriesPerSender = 100
    /// Bytes of pending quarantine one person may have on one board.
    var quarantineBytesPerSender = 16 << 20
    /// Writes a read-only role may have refused before its connection is closed.
    var refusedWritesPerConnection = 1_000
    /// Refused updates of one person within this many milliseconds of the last make one entry.
    var quarantineBurstMilliseconds: Int64 = 120_000
    /// Bytes one board's document may hold (encoded); an update that would go past is kept in
    /// quarantine (`board-full`). Text, notes and slides are small, images are uploads: a
    /// workshop board holds well under a mebibyte.
    var boardBytes = 16 << 20
}

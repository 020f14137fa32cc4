import Foundation
import Logging
import Prometheus
import Storage
import Synchronization
import Workshop
import YCore
import YSync

/// A room when several nodes share the board (PostgreSQL).
///
/// Every node may have a room for the same board. The rooms agree through the store: an
/// update gets the board's next position only if the room that judged it had applied every
/// position before (``ClusterStore/appendShared(_:after:session:)``), and only if the
/// session has not changed since the room's policy was computed. Otherwise the room reads
/// what it is missing (applying it and relaying it to its own connections) or takes the new
/// policy, and judges again. So the slide limit, a frozen deck and the phase lock hold
/// whichever node an update arrives at, and each connection gets each update once.
///
/// Appends and catch-ups of a room run one at a time (its gate); an update is applied to
/// the document only once committed, so the document never holds what the store does not.
extension Room {
    // MARK: - Gate

    /// Waits for the room's turn to append or catch up.
    func acquireGate() async {
        guard gateBusy else {
            gateBusy = true
            return
        }
        await withCheckedContinuation { gateWaiters.append($0) }
    }

    /// Hands the gate to the next waiter, or frees it.
    func releaseGate() {
        if gateWaiters.isEmpty {
            gateBusy = false
        } else {
            gateWaiters.removeFirst().resume()
        }
    }

    // MARK: - Updates

    /// Judges, appends, applies and relays an update (see the type's comment). Called once the
    /// client ids are bound; whatever may have changed since is judged again here.
    func acceptShared(_ update: [UInt8], _ contents: UpdateContents, from connection: SyncConnection) async {
        guard let cluster else { return }
        await acquireGate()
        defer { releaseGate() }
        var contention = Contention()
        await acceptSharedLocked(update, contents, from: connection, cluster: cluster, &contention)
        await contention.turn?.end()
    }

    private func acceptSharedLocked(
        _ update: [UInt8], _ contents: UpdateContents, from connection: SyncConnection, cluster: any ClusterStore,
        _ contention: inout Contention
    ) async {
        let caller = connection.caller.caller
        for _ in 0..<50 {
            var refusal = policy.writeRefusal(for: caller)
            if refusal == nil, freezing, policy.board?.kind == .deck {
                refusal = BoardRefusal(.deckFrozen, "the deck is frozen while its pitch starts")
            }
            if (try? document.isNoOp(update)) == true { return }
            if let refusal {
                if refusal.isQuarantined {
                    await keep(update, contents, code: refusal.code.rawValue, reason: refusal.message, from: connection)
                } else {
                    refuseWrite(connection, refusal)
                }
                return
            }
            guard await passesContentRules(update, contents, from: connection) else { return }
            let tried = policy.version
            switch await appendShared(update, sender: connection.participant, cluster: cluster, &contention) {
            case .committed:
                relay(update, sender: connection.participant, position: lastUpdateId, except: connection.id)
                return
            case .behind:
                do {
                    try await catchUpLocked()
                } catch {
                    failShared(error)
                    return
                }
            case .stalePolicy:
                guard await refreshPolicy(after: tried) else {
                    // The session could not be read again: let the client resync later.
                    connection.close(.serverError, reason: "the session could not be read; reconnect to resync")
                    return
                }
            case .failed:
                return
            }
        }
        logger.warning("update still contended after 50 attempts; the client will resync")
        connection.close(.serverError, reason: "the board is too busy; reconnect to resync")
    }

    /// Applies updates a facilitator took out of quarantine (the rules still hold).
    func applySharedFromQuarantine(_ updates: [[UInt8]], sender: String) async throws -> Int {
        guard let cluster else { return 0 }
        await acquireGate()
        defer { releaseGate() }
        var contention = Contention()
        do {
            let applied = try await applySharedFromQuarantineLocked(updates, sender: sender, cluster, &contention)
            await contention.turn?.end()
            return applied
        } catch {
            await contention.turn?.end()
            throw error
        }
    }

    private func applySharedFromQuarantineLocked(
        _ updates: [[UInt8]], sender: String, _ cluster: any ClusterStore, _ contention: inout Contention
    ) async throws -> Int {
        var applied = 0
        for update in updates {
            var done = false
            for _ in 0..<50 where !done {
                if try document.isNoOp(update) { break }
                let footprint = try document.doc.footprint(of: try document.judged(update))
                if let refusal = try Self.contentRefusal(footprint, document: document, policy: policy)
                    ?? sizeRefusal(of: update)
                {
                    throw refusal
                }
                let tried = policy.version
                switch await appendShared(update, sender: sender, cluster: cluster, &contention) {
                case .committed:
                    relay(update, sender: sender, position: lastUpdateId, except: nil)
                    applied += 1
                    done = true
                case .behind: try await catchUpLocked()
                case .stalePolicy:
                    guard await refreshPolicy(after: tried) else {
                        throw StoreError(.notFound, "the session could not be read again")
                    }
                case .failed: throw StoreError(.notFound, "the store refused the update")
                }
            }
        }
        return applied
    }

    enum AppendOutcome { case committed, behind, stalePolicy, failed }

    /// After an append the store refused because the session changed since the policy of
    /// version `tried` was taken: makes sure the room judges the next attempt under a newer
    /// policy — one pushed meanwhile (reading the session again pushes it to every room of the
    /// session, this one included, while it waits), or the one read now. False when none newer
    /// could be read.
    func refreshPolicy(after tried: Int64) async -> Bool {
        if policy.version > tried { return true }
        let fresh = await freshPolicy(boardID)
        if fresh.version > policy.version { apply(fresh) }
        return policy.version > tried
    }

    /// After this many races lost in a row on one update, the room takes the board's turn:
    /// a node slower than the others (a busy machine) would otherwise lose every race.
    static let racesBeforeTurn = 3

    /// The races lost on one update, and the board's turn once taken (ended by the caller).
    struct Contention {
        var lost = 0
        var turn: (any BoardTurn)?
    }

    /// One append attempt; on success the update is applied and the room's position advanced.
    func appendShared(
        _ update: [UInt8], sender: String, cluster: any ClusterStore, _ contention: inout Contention
    ) async -> AppendOutcome {
        let received = ContinuousClock.now
        let session = policy.sessionId.map { (id: $0, version: policy.version) }
        let result: SharedAppend
        do {
            let record = NewBoardUpdate(
                boardId: boardID, data: update, sender: sender, phase: policy.phase,
                createdAt: Date().epochMilliseconds)
            if let turn = contention.turn {
                result = try await turn.appendShared(record, after: lastUpdateId, session: session)
            } else {
                result = try await cluster.appendShared(record, after: lastUpdateId, session: session)
            }
        } catch {
            failShared(error)
            return .failed
        }
        switch result {
        case .committed(let position):
            do {
                _ = try document.apply(update)
            } catch {
                // Judged above against this very document: only a bug gets here.
                failShared(error)
                return .failed
            }
            lastUpdateId = position
            updatesSinceSnapshot += Self.compactionWeight(of: update)
            metrics.persistLatency.record(ContinuousClock.now - received)
            metrics.updates.increment()
            metrics.updateBytes.increment(by: Int64(update.count))
            if updatesSinceSnapshot >= Self.compactionThreshold, privateView == nil {
                do {
                    let snapshot = try document.snapshot()
                    try await cluster.compact(boardId: boardID, snapshot: snapshot, throughUpdateId: lastUpdateId)
                    updatesSinceSnapshot = 0
                } catch {
                    logger.error("compaction failed", metadata: ["error": "\(error)"])
                }
            }
            return .committed
        case .behind:
            contention.lost += 1
            if contention.lost >= Self.racesBeforeTurn, contention.turn == nil {
                do {
                    contention.turn = try await cluster.takeTurn(boardId: boardID)
                    metrics.turns.increment()
                } catch {
                    logger.warning("could not take the board's turn", metadata: ["error": "\(error)"])
                }
            }
            return .behind
        case .stalePolicy: return .stalePolicy
        }
    }

    /// The store failed: close the room so that its clients reconnect and resync.
    func failShared(_ error: any Error) {
        logger.error("shared append failed; closing the room", metadata: ["error": "\(error)"])
        fail()
    }

    // MARK: - Catching up

    /// Another node appended up to `head`: read and relay what the room has not applied.
    func remoteHead(_ head: Int64) async {
        guard head > lastUpdateId, !closed.load(ordering: .acquiring) else { return }
        await acquireGate()
        defer { releaseGate() }
        // Another catch-up may have read it meanwhile.
        guard head > lastUpdateId else { return }
        do {
            try await catchUpLocked()
        } catch {
            failShared(error)
        }
    }

    /// Another node appended `update` at `position` and it came whole with the notification:
    /// applied and relayed at once when it is the next position, read from the store with
    /// what is missing before it when it is not (a notification may be missed or overtaken).
    func remoteUpdate(_ update: [UInt8], at position: Int64, sender: String) async {
        guard position > lastUpdateId, !closed.load(ordering: .acquiring) else { return }
        await acquireGate()
        defer { releaseGate() }
        guard position > lastUpdateId else { return }
        do {
            guard position == lastUpdateId + 1 else {
                try await catchUpLocked()
                return
            }
            if try document.apply(update) {
                relay(update, sender: sender, position: position, except: nil)
            }
            lastUpdateId = position
        } catch {
            failShared(error)
        }
    }

    /// Reads and relays whatever other nodes appended (taking the gate).
    func catchUp() async {
        await acquireGate()
        defer { releaseGate() }
        do {
            try await catchUpLocked()
        } catch {
            failShared(error)
        }
    }

    /// Reads what was appended after the room's position and applies it in order, relaying
    /// each update to the room's connections once. When compaction removed some of it, the
    /// snapshot is applied and only what it added is relayed.
    func catchUpLocked() async throws {
        guard let cluster else { return }
        let missing = try await cluster.updates(boardId: boardID, after: lastUpdateId)
        if let snapshot = missing.snapshot {
            let before = document.stateVector
            if try document.apply(snapshot) {
                let added = try document.missing(from: before)
                broadcast(.update(added), except: nil)
            }
            lastUpdateId = max(lastUpdateId, missing.snapshotThrough)
        }
        for (index, (position, update)) in missing.updates.enumerated() where position > lastUpdateId {
            if try document.apply(update) {
                relay(update, sender: missing.sender(at: index), position: position, except: nil)
            }
            lastUpdateId = position
        }
    }

    // MARK: - Presence across nodes

    /// Tells the other nodes of presence states set or removed on this one.
    func publishPresence(_ update: AwarenessUpdate) {
        guard let cluster else { return }
        let board = boardID
        let data = update.encoded
        Task { try? await cluster.publishAwareness(board: board, data: data) }
    }

    /// Asks the other nodes for the presence they hold on this board (a room just loaded here
    /// has not heard the states they announced before): an empty awareness message.
    func requestPresence() {
        guard let cluster else { return }
        let board = boardID
        Task { try? await cluster.publishAwareness(board: board, data: []) }
    }

    /// Answers another node's request with the states this node's connections set.
    func answerPresenceRequest() {
        let local = awareness.localSnapshot
        guard !local.entries.isEmpty else { return }
        publishPresence(local)
    }

    /// Presence from another node's connections: applied and relayed to this node's.
    func remotePresence(_ data: [UInt8]) {
        guard let update = try? AwarenessUpdate(decoding: data), !update.entries.isEmpty else { return }
        awareness.apply(update, from: 0, person: "")
        let now = ContinuousClock.now
        for entry in update.entries {
            remotePresence[entry.clientID] = entry.isRemoval ? nil : now
        }
        broadcast(.awareness(data), except: nil)
    }

    /// Removes presence from other nodes not renewed for `timeout` (their node went away;
    /// clients renew theirs every 15 s).
    func expireRemotePresence(after timeout: Duration, now: ContinuousClock.Instant = .now) {
        let stale = remotePresence.filter { now - $0.value >= timeout }.map(\.key)
        guard !stale.isEmpty else { return }
        let removals = awareness.remove(clients: Set(stale))
        for client in stale { remotePresence[client] = nil }
        if !removals.entries.isEmpty { broadcast(.awareness(removals.encoded), except: nil) }
    }
}

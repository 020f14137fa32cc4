import Foundation
import Logging
import Prometheus
import Storage
import Workshop
import YCore
import YSync

extension Room {
    /// Judges an update and, when the rules let it, applies, stores and relays it.
    ///
    /// In order: a read-only role's write is refused and counted; a write the policy locks
    /// (phase, frozen deck) is quarantined; a Yjs client id must belong to the sender; an
    /// update building on a quarantined one is quarantined too; then the update's footprint
    /// on the document decides the rest (no write under `meta`, the slide limit) before it is
    /// applied. From the footprint to the apply nothing awaits: both see the same document.
    func accept(_ update: [UInt8], from connection: SyncConnection) async {
        let contents: UpdateContents
        do {
            contents = try UpdateContents(decoding: update)
        } catch {
            refuse(connection, code: .malformed, reason: "malformed update: \(error)")
            return
        }
        if contents.isEmpty { return }  // Empty updates are never stored nor quarantined.

        let caller = connection.caller.caller
        var refusal = policy.writeRefusal(for: caller)
        if refusal == nil, freezing, policy.board?.kind == .deck {
            refusal = BoardRefusal(.deckFrozen, "the deck is frozen while its pitch starts")
        }
        if let refusal {
            if (try? document.isNoOp(update)) == true { return }
            guard refusal.isQuarantined else {
                refuseWrite(connection, refusal)
                return
            }
            await keep(update, contents, code: refusal.code.rawValue, reason: refusal.message, from: connection)
            return
        }
        // A Yjs client id belongs to the participant whose connection first used it.
        let clients: Set<UInt64>
        do {
            clients = try document.novelClients(in: update)
        } catch {
            refuse(connection, code: .malformed, reason: "malformed update: \(error)")
            return
        }
        for client in clients where bindings[client] != connection.participant {
            let owner: String
            do {
                owner = try await store.bindClient(
                    boardId: boardID, clientId: client, participant: connection.participant)
            } catch {
                logger.error("client binding failed", metadata: ["error": "\(error)"])
                connection.close(.serverError, reason: "storage failure; reconnect to resync")
                return
            }
            bindings[client] = owner
            if owner != connection.participant {
                await keep(
                    update, contents, code: RoomQuarantine.clientIDTaken,
                    reason: owner == Self.serverSender
                        ? "Yjs client id \(client) is the server's"
                        : "Yjs client id \(client) belongs to another participant",
                    from: connection)
                return
            }
        }

        if cluster != nil {
            await acceptShared(update, contents, from: connection)
            return
        }
        // From the checks to the apply nothing awaits unless the update is kept or refused: the
        // checks and the apply see the same document.
        guard await passesContentRules(update, contents, from: connection) else { return }
        let changed: Bool
        do {
            changed = try document.apply(update)
        } catch {
            refuse(connection, code: .malformed, reason: "malformed update: \(error)")
            return
        }
        guard changed else { return }
        await commitAndBroadcast(update, sender: connection.participant, except: connection.id)
    }

    /// The content checks, the same on one node and on several: an update that builds on a
    /// quarantined one is kept, a malformed one closes its connection, one the content rules
    /// refuse is kept. Returns whether the update passed (it awaits only when it did not).
    func passesContentRules(_ update: [UInt8], _ contents: UpdateContents, from connection: SyncConnection) async
        -> Bool
    {
        if quarantine.dependsOnQuarantined(contents) {
            await keep(
                update, contents, code: "depends-on-quarantined",
                reason: "builds on an edit that was refused earlier; resync to continue", from: connection)
            return false
        }
        let footprint: UpdateFootprint
        let judged: [UInt8]
        do {
            judged = try document.judged(update)
            footprint = try document.doc.footprint(of: judged)
        } catch {
            refuse(connection, code: .malformed, reason: "malformed update: \(error)")
            return false
        }
        var refusal = Self.contentRefusal(footprint, document: document, policy: policy)
        if refusal == nil {
            do {
                refusal = try sizeRefusal(of: update, contents: contents)
            } catch {
                refuse(connection, code: .malformed, reason: "malformed update: \(error)")
                return false
            }
        }
        // Only boards whose kind votes have counts to protect (the others pay nothing).
        if refusal == nil, policy.board?.kind.votes == true, footprint.roots.contains(BoardDocument.itemsRoot) {
            do {
                refusal = try document.votesRefusal(judged)
            } catch {
                refuse(connection, code: .malformed, reason: "malformed update: \(error)")
                return false
            }
        }
        if let refusal {
            await keep(update, contents, code: refusal.code.rawValue, reason: refusal.message, from: connection)
            return false
        }
        return true
    }

    /// What the rules say about an update's content: no client writes under the server's
    /// `meta`, and a deck keeps at most its slide limit.
    static func contentRefusal(_ footprint: UpdateFootprint, document: BoardDocument, policy: BoardWritePolicy)
        -> BoardRefusal?
    {
        if footprint.roots.contains(BoardDocument.metaRoot) {
            return BoardRefusal(.serverOwned, "the board's meta is written by the server only")
        }
        if let limit = policy.slideLimit, footprint.delta(ofRoot: BoardDocument.slidesRoot) > 0 {
            let after = BoardDocument.slideCount(of: document.doc) + footprint.delta(ofRoot: BoardDocument.slidesRoot)
            if let refusal = BoardAccess.slideLimitRefusal(slideCount: after, limit: limit) { return refusal }
        }
        return nil
    }

    /// Why an update may not be added: the board would be too large (``RoomLimits/boardBytes``).
    /// `contents` is the update decoded, when the caller has it.
    func sizeRefusal(of update: [UInt8], contents: UpdateContents? = nil) throws -> BoardRefusal? {
        let contents = try contents ?? UpdateContents(decoding: update)
        return try document.sizeRefusal(
            adding: update, addsContent: !contents.structs.isEmpty, limit: limits.boardBytes)
    }

    /// A write refused without quarantine (a role that never writes): counted, told, and past
    /// the limit the connection is closed.
    func refuseWrite(_ connection: SyncConnection, _ refusal: BoardRefusal) {
        metrics.refusedWrites.increment()
        members[connection.id]?.refusedWrites += 1
        let count = members[connection.id]?.refusedWrites ?? 0
        if count >= limits.refusedWritesPerConnection {
            refuse(connection, code: .tooMany, reason: "\(count) refused edits: \(refusal.message)")
        } else if count == 1 || count.isMultiple(of: 100) {
            send(.permissionDenied(reason: "\(refusal.code.rawValue): \(refusal.message)"), to: connection)
        }
    }

    /// Applies updates taken out of quarantine by a facilitator, in order; returns how many
    /// changed the board. The slide limit and the server's `meta` still hold.
    func applyFromQuarantine(_ updates: [[UInt8]], sender: String) async throws -> Int {
        if cluster != nil { return try await applySharedFromQuarantine(updates, sender: sender) }
        var applied = 0
        for update in updates {
            let footprint = try document.doc.footprint(of: try document.judged(update))
            if let refusal = try Self.contentRefusal(footprint, document: document, policy: policy)
                ?? sizeRefusal(of: update)
            {
                throw refusal
            }
            guard try document.apply(update) else { continue }
            applied += 1
            await commitAndBroadcast(update, sender: sender, except: nil)
        }
        return applied
    }

    /// Commits an applied update, then broadcasts it (never the other way round).
    func commitAndBroadcast(_ update: [UInt8], sender: String, except excluded: UInt64?) async {
        let sequence = commits.begin()
        let received = ContinuousClock.now
        let position: Int64
        do {
            position = try await store.append(
                NewBoardUpdate(
                    boardId: boardID, data: update, sender: sender, phase: policy.phase,
                    createdAt: Date().epochMilliseconds))
        } catch {
            logger.error("update not committed; closing the room", metadata: ["error": "\(error)"])
            fail()
            return
        }
        metrics.persistLatency.record(ContinuousClock.now - received)
        metrics.updates.increment()
        metrics.updateBytes.increment(by: Int64(update.count))
        lastUpdateId = max(lastUpdateId, position)
        updatesSinceSnapshot += Self.compactionWeight(of: update)
        commits.end(sequence)
        relay(update, sender: sender, position: position, except: excluded)
        await compactIfNeeded()
    }

    /// Rewrites the stored history as one snapshot when it has grown past the threshold.
    /// Runs only when nothing is in flight, so the snapshot covers exactly the committed rows.
    private func compactIfNeeded() async {
        // A private board keeps its updates apart: what it withholds must stay separable.
        guard updatesSinceSnapshot >= Self.compactionThreshold, !commits.hasInFlight, privateView == nil else {
            return
        }
        let through = lastUpdateId
        do {
            let snapshot = try document.snapshot()
            try await store.compact(boardId: boardID, snapshot: snapshot, throughUpdateId: through)
            updatesSinceSnapshot = 0
            logger.debug("board compacted", metadata: ["through": "\(through)", "bytes": "\(snapshot.count)"])
        } catch {
            logger.error("compaction failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Quarantine

    /// Keeps a refused update and tells its sender why. A resend of what is already kept is
    /// only told; an update of the same burst (same person, same reason, same Yjs clients,
    /// soon after) is merged into that person's newest entry; past the person's cap the
    /// connection is closed (4429) with what is kept intact.
    func keep(
        _ update: [UInt8], _ contents: UpdateContents, code: String, reason: String, from connection: SyncConnection
    ) async {
        let sender = connection.participant
        // The reason starts with its code (`phase-locked: …`), which clients read to say it in words.
        defer { send(.permissionDenied(reason: "\(code): \(reason)"), to: connection) }
        guard !quarantine.covers(contents, from: sender) else { return }
        let now = Date().epochMilliseconds
        let kept: QuarantineRecord
        do {
            if var entry = quarantine.burst(of: sender, code: code, clients: Set(contents.structs.keys), at: now) {
                entry.data = Data(try mergeUpdates([[UInt8](entry.data), update]))
                entry.count += 1
                entry.lastAt = now
                entry.ranges = QuarantineRanges.encode(
                    QuarantineRanges.union(QuarantineRanges.decode(entry.ranges), contents.structs))
                try await store.updateQuarantine(entry)
                quarantine.replace(entry, adding: contents.structs)
                kept = entry
            } else {
                guard !quarantine.isFull(sender) else {
                    refuse(
                        connection, code: .tooMany,
                        reason: "quarantine full: your refused edits on this board wait for the facilitator")
                    return
                }
                let entry = try await store.quarantine(
                    QuarantineRecord(
                        sessionId: policy.sessionId, boardId: boardID, data: Data(update), reason: reason,
                        reasonCode: code, sender: sender, phase: policy.phase, at: now,
                        ranges: QuarantineRanges.encode(contents.structs)))
                quarantine.add(entry, ranges: contents.structs)
                kept = entry
            }
        } catch {
            logger.error("quarantine failed", metadata: ["error": "\(error)"])
            connection.close(.serverError, reason: "storage failure; your edit was not kept")
            return
        }
        metrics.quarantined.increment()
        logger.notice("update quarantined", metadata: ["code": "\(code)", "sender": "\(sender)"])
        let board = (try? document.encodedState()) ?? []
        await onQuarantine(kept, QuarantinePreview.of([UInt8](kept.data), onBoard: board))
    }

    /// Re-reads the board's pending quarantine (after an apply or a discard).
    func reloadQuarantine() async throws {
        let pending = try await store.quarantineEntries(sessionId: nil, boardId: boardID, status: .pending)
        quarantine = RoomQuarantine(pending: pending, limits: limits)
    }
}

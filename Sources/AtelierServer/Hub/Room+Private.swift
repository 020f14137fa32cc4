import Foundation
import Logging
import Storage
import Workshop
import YCore
import YSync

/// What a private board withholds (DESIGN, "Private mode"): its participants' updates after
/// `since` reach only their author and the facilitators. The room keeps, beside the whole
/// document, the board as everyone else may see it, from which their sync answers are built.
struct PrivateView {
    /// The update position the board went private at.
    var since: Int64
    /// The participants whose updates are withheld.
    var authors: Set<String>
    /// The board without anything withheld.
    var publicDocument: BoardDocument
    /// Each author's withheld updates, in order.
    var withheld: [String: [[UInt8]]] = [:]
}

extension Room {
    /// Whether an update of `sender` at `position` is withheld from the other participants.
    func withholds(_ sender: String, at position: Int64) -> Bool {
        guard let privateView else { return false }
        return position > privateView.since && privateView.authors.contains(sender)
    }

    /// Whether a connection sees everything (a facilitator) or the board as shared.
    nonisolated static func seesAll(_ connection: SyncConnection) -> Bool {
        seesAll(connection.caller.caller)
    }

    /// Whether a caller sees everything (a facilitator) or the board as shared.
    nonisolated static func seesAll(_ caller: Caller) -> Bool {
        caller.role == .facilitator
    }

    /// Relays an applied, committed update: to every connection but `excluded`, or, withheld,
    /// to its author's and the facilitators' connections only.
    func relay(_ update: [UInt8], sender: String, position: Int64, except excluded: UInt64?) {
        guard privateView != nil else {
            broadcast(.update(update), except: excluded)
            return
        }
        if withholds(sender, at: position) {
            privateView?.withheld[sender, default: []].append(update)
            let sees: @Sendable (SyncConnection) -> Bool = { $0.participant == sender || Self.seesAll($0) }
            let recipients = members.values.filter { $0.connection.id != excluded && sees($0.connection) }.count
            fanOut.broadcast(SyncMessage.update(update).encoded, recipients: recipients) {
                $0.id != excluded && sees($0)
            }
            return
        }
        do {
            _ = try privateView?.publicDocument.apply(update)
        } catch {
            logger.error("the shared view of a private board refused an update", metadata: ["error": "\(error)"])
        }
        broadcast(.update(update), except: excluded)
    }

    /// What a connection that sent `stateVector` misses: the whole board for a facilitator; on a
    /// private board, the shared board for others, followed by their own withheld updates.
    func missing(for connection: SyncConnection, from stateVector: [UInt8]) throws -> [[UInt8]] {
        guard let privateView, !Self.seesAll(connection) else { return [try document.missing(from: stateVector)] }
        var answer = [try privateView.publicDocument.missing(from: stateVector)]
        if let own = privateView.withheld[connection.participant], !own.isEmpty {
            answer.append(try mergeUpdates(own))
        }
        return answer
    }

    /// The board as `caller` may read it (exports), as a history to replay: what their sync
    /// gives them — the whole board for a facilitator; on a private board, the shared board
    /// followed by their own withheld updates.
    func history(visibleTo caller: Caller) async throws -> [[UInt8]] {
        if cluster != nil { await catchUp() }
        return [try document(visibleTo: caller).encodedState()]
    }

    /// The board's JSON view as `caller` may read it (exports): see ``history(visibleTo:)``.
    func json(visibleTo caller: Caller) throws -> JSONValue {
        try document(visibleTo: caller).doc.toJSON()
    }

    /// The board as `caller` may read it (see ``history(visibleTo:)``), to read from.
    func document(visibleTo caller: Caller) throws -> BoardDocument {
        guard let privateView, !Self.seesAll(caller) else { return document }
        guard let own = privateView.withheld[caller.id], !own.isEmpty else { return privateView.publicDocument }
        return try BoardDocument(history: [try privateView.publicDocument.encodedState()] + own)
    }

    /// A stored history up to position `through` as `caller` may read it while the board is
    /// private as `policy` says (a checkpoint taken meanwhile): split as a room loaded then
    /// would split it, the shared part followed by the caller's own withheld updates.
    static func history(
        of stored: StoredBoard, through: Int64, policy: BoardWritePolicy, visibleTo caller: Caller
    ) throws -> [[UInt8]] {
        var board = stored
        let count = stored.updates.prefix { $0.id <= through }.count
        board.updates = Array(stored.updates.prefix(count))
        board.senders = Array(stored.senders.prefix(count))
        guard !seesAll(caller), let view = try privateView(of: board, policy: policy) else { return board.replay }
        return [try view.publicDocument.encodedState()] + (view.withheld[caller.id] ?? [])
    }

    /// The state vector a connection is greeted with: the shared board's on a private board
    /// (what others withhold is not even counted) unless it sees everything.
    func greetingStateVector(for connection: SyncConnection) -> [UInt8] {
        guard let privateView, !Self.seesAll(connection) else { return document.stateVector }
        return privateView.publicDocument.stateVector
    }

    /// The presence states a connection is sent: on a private board, without the other
    /// participants'.
    func awarenessSnapshot(for connection: SyncConnection) -> AwarenessUpdate {
        guard let privateView, !Self.seesAll(connection) else { return awareness.snapshot }
        return awareness.snapshot(hiding: privateView.authors, from: connection.participant)
    }

    /// Makes the board private now, withholding `authors`' updates from one another from its
    /// newest committed position on; returns that position. The room holds it as pending until
    /// ``settlePrivate(_:)`` (the session stored it, or failed to).
    func beginPrivate(authors: Set<String>) async throws -> Int64 {
        if cluster != nil {
            await catchUp()
        } else {
            // No update in flight: every update applied so far has its position at most `since`.
            while commits.hasInFlight { await waitUntilDurable(commits.lastApplied) }
        }
        if privateView == nil {
            privateView = PrivateView(
                since: lastUpdateId, authors: authors,
                publicDocument: try BoardDocument(history: [try document.encodedState()]))
        }
        privatePending = true
        return privateView?.since ?? lastUpdateId
    }

    /// Ends the pending state of ``beginPrivate(authors:)``: kept when the session stored the
    /// mode, revealed when it did not.
    func settlePrivate(_ stored: Bool) {
        privatePending = false
        if !stored, policy.privateSince == nil { endPrivate() }
    }

    /// Follows the policy's mode: private (taking its authors, or starting from the board as it
    /// stands when this room learns of it from another node), or shared (revealing).
    func followPrivateMode(of policy: BoardWritePolicy) {
        if let since = policy.privateSince {
            if privateView == nil, let copy = try? BoardDocument(history: [try document.encodedState()]) {
                privateView = PrivateView(since: since, authors: policy.privateAuthors, publicDocument: copy)
            }
            privateView?.authors = policy.privateAuthors
        } else if privateView != nil, !privatePending {
            endPrivate()
        }
    }

    /// Reveals: everything withheld goes, merged, to every connection that does not see it all
    /// (each ignores what it already has), and the board is shared again.
    func endPrivate() {
        guard let view = privateView else { return }
        privateView = nil
        // The participants' presence, withheld meanwhile, is shown again at once.
        let presence = awareness.snapshot(of: view.authors)
        if !presence.entries.isEmpty {
            let recipients = members.values.filter { !Self.seesAll($0.connection) }.count
            fanOut.broadcast(SyncMessage.awareness(presence.encoded).encoded, recipients: recipients) {
                !Self.seesAll($0)
            }
            publishPresence(presence)
        }
        let all = view.withheld.values.flatMap { $0 }
        guard !all.isEmpty else { return }
        do {
            let bytes = SyncMessage.update(try mergeUpdates(all)).encoded
            let recipients = members.values.filter { !Self.seesAll($0.connection) }.count
            fanOut.broadcast(bytes, recipients: recipients) { !Self.seesAll($0) }
        } catch {
            logger.error("the reveal could not be merged; clients resync", metadata: ["error": "\(error)"])
            for member in members.values where !Self.seesAll(member.connection) {
                member.connection.close(.serverError, reason: "the board was revealed; reconnect to resync")
            }
        }
    }

    /// The private view of a board loaded while private: its history split by sender and position.
    static func privateView(of stored: StoredBoard, policy: BoardWritePolicy) throws -> PrivateView? {
        guard let since = policy.privateSince else { return nil }
        var view = PrivateView(
            since: since, authors: policy.privateAuthors,
            publicDocument: try BoardDocument(history: stored.snapshot.map { [$0] } ?? []))
        for (index, update) in stored.updates.enumerated() {
            let sender = stored.sender(at: index)
            if update.id > since, policy.privateAuthors.contains(sender) {
                view.withheld[sender, default: []].append(update.data)
            } else {
                _ = try view.publicDocument.apply(update.data)
            }
        }
        return view
    }
}

import Foundation
import Storage
import Workshop
import YCore
import YSync

/// A change the server makes to a board: run on a copy of the board as it stands, and what it
/// changed is applied, stored and relayed like any update.
struct ServerEdit: Sendable {
    let edit: @Sendable (Doc) -> Void
}

extension Room {
    /// Writes to the board as the server. `prepare` reads what to write (the session as it
    /// stands) and is asked again whenever the board moved under it (another node appended),
    /// so the update written always builds on the board it was computed from. Server writes of
    /// a room run one at a time. Returns whether the board changed.
    @discardableResult
    func writeAsServer(_ prepare: @Sendable () async throws -> ServerEdit) async throws -> Bool {
        await acquireGate()
        defer { releaseGate() }
        var contention = Contention()
        defer { if let turn = contention.turn { Task { await turn.end() } } }
        // The server's client id is bound like a participant's, so no client can write with it.
        while bindings[serverClientID] != Self.serverSender {
            let owner = try await store.bindClient(
                boardId: boardID, clientId: serverClientID, participant: Self.serverSender)
            bindings[serverClientID] = owner
            if owner != Self.serverSender { serverClientID = UInt64.random(in: 1...0xFFFF_FFFF) }
        }
        for _ in 0..<50 {
            if cluster != nil { try await catchUpLocked() }
            let edit = try await prepare()
            guard let update = try serverUpdate(edit) else { return false }
            guard let cluster else {
                guard try document.apply(update) else { return false }
                await commitAndBroadcast(update, sender: Self.serverSender, except: nil)
                return true
            }
            let tried = policy.version
            switch await appendShared(update, sender: Self.serverSender, cluster: cluster, &contention) {
            case .committed:
                relay(update, sender: Self.serverSender, position: lastUpdateId, except: nil)
                return true
            case .behind: continue
            case .stalePolicy:
                guard await refreshPolicy(after: tried) else {
                    throw StoreError(.notFound, "the session could not be read again")
                }
            case .failed: throw StoreError(.notFound, "the store refused the update")
            }
        }
        throw StoreError(.notFound, "the board is too busy")
    }

    /// Who stored updates written by the server are attributed to.
    static let serverSender = "server"

    /// The update `edit` makes on a copy of the board, written with the room's own Yjs client
    /// id; nil when it changes nothing. On a private board the copy is the board as everyone
    /// sees it: the update then builds on nothing withheld, so it reaches everyone (and every
    /// later one of the server's client id does too); what is withheld is written after the reveal.
    private func serverUpdate(_ edit: ServerEdit) throws -> [UInt8]? {
        let copy = Doc(clientID: serverClientID, gc: true)
        try copy.applyUpdate(try (privateView?.publicDocument ?? document).encodedState())
        var update: [UInt8]?
        let observer = copy.onUpdate { bytes, _ in update = bytes }
        defer { observer.cancel() }
        copy.transact(origin: Self.serverSender) { _ in edit.edit(copy) }
        return update
    }

    // MARK: - Items

    /// The ids of the board's items that `caller` may see (on a private board, those of the
    /// board as their sync gives it).
    func itemIDs(visibleTo caller: Caller) async throws -> Set<String> {
        if cluster != nil { await catchUp() }
        let visible = try document(visibleTo: caller)
        guard visible.doc.rootNames.contains(BoardDocument.itemsRoot) else { return [] }
        return Set(visible.doc.getMap(BoardDocument.itemsRoot).keys)
    }

    // MARK: - Votes

    /// Makes every item's `votes` say what `vote` counts: who voted (a named vote), the count
    /// alone (an anonymous vote once revealed), or nothing (an anonymous vote not revealed, or
    /// no vote). Entries that say something else are removed, whoever wrote them.
    static func votesEdit(_ vote: BoardVote?) -> ServerEdit {
        ServerEdit { doc in
            guard doc.rootNames.contains(BoardDocument.itemsRoot) else { return }
            let items = doc.getMap(BoardDocument.itemsRoot)
            let counts = vote?.counts ?? [:]
            for (id, value) in items.entries {
                guard case .map(let item) = value else { continue }
                var wanted: [String: AnyValue] = [:]
                if let vote, !vote.anonymous {
                    for voter in vote.voters(of: id) { wanted[voter] = .bool(true) }
                } else if let vote, vote.revealed, let count = counts[id] {
                    wanted[BoardDocument.voteCountKey] = .number(Double(count))
                }
                let votes: YMap
                if case .map(let existing) = item.get(BoardDocument.votesKey) {
                    votes = existing
                } else {
                    guard !wanted.isEmpty else { continue }
                    item.set(BoardDocument.votesKey, .map([]))
                    guard case .map(let created) = item.get(BoardDocument.votesKey) else { continue }
                    votes = created
                }
                for key in votes.keys where wanted[key] == nil { votes.delete(key) }
                for (key, value) in wanted where votes.get(key)?.anyValue != value { votes.set(key, .value(value)) }
            }
        }
    }
}

import YSync

/// The awareness states a room knows, which connection introduced each client id, and whose
/// person that connection is.
///
/// Mirrors y-protocols' rules: an entry replaces the known one when its clock is higher (or
/// equal, for a removal); a closed connection's clients are removed with their clock + 1. A
/// client id belongs to the person whose connection first set it: another connection of the
/// same person takes it over (a reconnect), another person's is refused.
struct AwarenessTable {
    private struct State {
        var clock: UInt64
        var state: String
        var owner: UInt64
        var person: String
    }

    private var states: [UInt64: State] = [:]
    /// Clocks of removed clients, so a late, older entry does not bring them back.
    private var removedClocks: [UInt64: UInt64] = [:]

    /// Whether no client is present.
    var isEmpty: Bool { states.isEmpty }

    /// Number of present clients.
    var count: Int { states.count }

    /// The entries of `update` that connection `owner` of `person` may set: those of client
    /// ids no one holds (new claims) or that `person` holds. Others' entries — stock clients
    /// send back the states they received — are left out.
    func ownEntries(of update: AwarenessUpdate, from owner: UInt64, person: String) -> (
        entries: [AwarenessUpdate.Entry], newClaims: Set<UInt64>
    ) {
        var entries: [AwarenessUpdate.Entry] = []
        var claims: Set<UInt64> = []
        for entry in update.entries {
            if let known = states[entry.clientID] {
                guard known.person == person else { continue }
                if known.owner != owner { claims.insert(entry.clientID) }
            } else if !entry.isRemoval {
                claims.insert(entry.clientID)
            }
            entries.append(entry)
        }
        return (entries, claims)
    }

    /// The client ids connection `owner` holds.
    func clients(ownedBy owner: UInt64) -> Int {
        states.values.reduce(0) { $0 + ($1.owner == owner ? 1 : 0) }
    }

    /// Applies an update sent by connection `owner` of `person` (whose entries are all its own).
    mutating func apply(_ update: AwarenessUpdate, from owner: UInt64, person: String) {
        for entry in update.entries {
            let known = states[entry.clientID]?.clock ?? removedClocks[entry.clientID]
            if let known, entry.clock < known || (entry.clock == known && !entry.isRemoval) { continue }
            if entry.isRemoval {
                states[entry.clientID] = nil
                removedClocks[entry.clientID] = entry.clock
            } else {
                states[entry.clientID] = State(clock: entry.clock, state: entry.state, owner: owner, person: person)
                removedClocks[entry.clientID] = nil
            }
        }
    }

    /// Every present client, as one update (what a joining client is sent).
    var snapshot: AwarenessUpdate { snapshot { _ in true } }

    /// The present clients but those of `hidden` people (`viewer`'s own always shown), as one update.
    func snapshot(hiding hidden: Set<String>, from viewer: String) -> AwarenessUpdate {
        snapshot { !hidden.contains($0.person) || $0.person == viewer }
    }

    /// The present clients of `people`, as one update.
    func snapshot(of people: Set<String>) -> AwarenessUpdate {
        snapshot { people.contains($0.person) }
    }

    /// The clients this node's own connections set (not those relayed from other nodes, whose
    /// owner is 0), as one update.
    var localSnapshot: AwarenessUpdate { snapshot { $0.owner != 0 } }

    /// The present clients whose state `include` accepts, in client order, as one update.
    private func snapshot(_ include: (State) -> Bool) -> AwarenessUpdate {
        AwarenessUpdate(
            entries: states.filter { include($0.value) }.sorted { $0.key < $1.key }.map {
                .init(clientID: $0.key, clock: $0.value.clock, state: $0.value.state)
            })
    }

    /// Removes these clients (presence from a node that went away); returns the removal entries to broadcast.
    mutating func remove(clients: Set<UInt64>) -> AwarenessUpdate {
        var removals: [AwarenessUpdate.Entry] = []
        for clientID in clients.sorted() {
            guard let state = states[clientID] else { continue }
            removals.append(.init(clientID: clientID, clock: state.clock + 1, state: "null"))
            states[clientID] = nil
            removedClocks[clientID] = state.clock + 1
        }
        return AwarenessUpdate(entries: removals)
    }

    /// Removes the clients a closed connection introduced; returns the removal entries to broadcast.
    mutating func removeAll(ownedBy owner: UInt64) -> AwarenessUpdate {
        var removals: [AwarenessUpdate.Entry] = []
        for (clientID, state) in states where state.owner == owner {
            removals.append(.init(clientID: clientID, clock: state.clock + 1, state: "null"))
        }
        for removal in removals {
            states[removal.clientID] = nil
            removedClocks[removal.clientID] = removal.clock
        }
        return AwarenessUpdate(entries: removals.sorted { $0.clientID < $1.clientID })
    }
}

import YSync

/// The awareness states a room knows, and which connection introduced each client id.
///
/// Mirrors y-protocols' rules: an entry replaces the known one when its clock is higher (or
/// equal, for a removal); a closed connection's clients are removed with their clock + 1.
struct AwarenessTable {
    private struct State {
        var clock: UInt64
        var state: String
        var owner: UInt64
    }

    private var states: [UInt64: State] = [:]
    /// Clocks of removed clients, so a late, older entry does not bring them back.
    private var removedClocks: [UInt64: UInt64] = [:]

    /// Whether no client is present.
    var isEmpty: Bool { states.isEmpty }

    /// Applies an update sent by connection `owner`.
    mutating func apply(_ update: AwarenessUpdate, from owner: UInt64) {
        for entry in update.entries {
            let known = states[entry.clientID]?.clock ?? removedClocks[entry.clientID]
            if let known, entry.clock < known || (entry.clock == known && !entry.isRemoval) { continue }
            if entry.isRemoval {
                states[entry.clientID] = nil
                removedClocks[entry.clientID] = entry.clock
            } else {
                states[entry.clientID] = State(clock: entry.clock, state: entry.state, owner: owner)
                removedClocks[entry.clientID] = nil
            }
        }
    }

    /// Every present client, as one update (what a joining client is sent).
    var snapshot: AwarenessUpdate {
        AwarenessUpdate(
            entries: states.sorted { $0.key < $1.key }.map {
                .init(clientID: $0.key, clock: $0.value.clock, state: $0.value.state)
            })
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

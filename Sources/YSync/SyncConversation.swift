// The server's side of one y-protocols conversation, as a state machine: it takes the bytes of
// each message a client sends and says what its owner (a board room) must do, without doing
// any I/O itself.
//
//   client                          server (SyncConversation → the room's actions)
//   ------                          ------
//                                   on open: the room sends sync step 1 and the awareness states
//   sync step 1 (state vector)  →   .answerStep1: send step 2 with what the client misses
//   sync step 2 / update        →   .integrate: judge, apply, store, then relay the update
//   awareness update            →   .relayAwareness: the entries this connection may set
//   query awareness             →   .sendAwarenessSnapshot
//   auth (permission denied)    →   .none (only servers send it)
//   anything undecodable        →   .close(4400, reason)
//
// Awareness: each state must be a reasonable size. Stock y-websocket clients send back the
// states of others they received, so which entries a connection may set (its own client ids,
// a capped number of them) is the room's to decide: it knows every connection.

package import YCore

/// The server's side of one y-protocols conversation (see the header comment).
package struct SyncConversation: Sendable {
    /// What the owner must do with a message.
    package enum Action: Equatable, Sendable {
        /// Send sync step 2 with what a client at `stateVector` misses.
        case answerStep1(stateVector: [UInt8])
        /// Judge and integrate an update (from step 2 or a live update); never empty.
        case integrate(update: [UInt8])
        /// Apply and relay an awareness update from this connection.
        case relayAwareness(AwarenessUpdate)
        /// Send every known awareness state to this connection.
        case sendAwarenessSnapshot
        /// Nothing to do.
        case none
        /// Close the connection with a code and a reason.
        case close(code: UInt16, reason: String)
    }

    /// The largest awareness state (its JSON) accepted, in bytes.
    package let maxAwarenessStateBytes: Int
    /// Whether the client has sent its sync step 2 (it is up to date with the room).
    package private(set) var clientSynced = false

    /// A conversation with its limit on presence states.
    package init(maxAwarenessStateBytes: Int = 64 << 10) {
        self.maxAwarenessStateBytes = maxAwarenessStateBytes
    }

    /// What to do with one binary message.
    package mutating func receive(_ bytes: [UInt8]) -> Action {
        let message: SyncMessage
        do {
            message = try SyncMessage(decoding: bytes)
        } catch {
            return .close(code: 4400, reason: "malformed message: \(error.message)")
        }
        switch message {
        case .syncStep1(let stateVector):
            return .answerStep1(stateVector: stateVector)
        case .syncStep2(let update):
            clientSynced = true
            return Self.isEmpty(update) ? .none : .integrate(update: update)
        case .update(let update):
            return Self.isEmpty(update) ? .none : .integrate(update: update)
        case .awareness(let payload):
            return awareness(payload)
        case .queryAwareness:
            return .sendAwarenessSnapshot
        case .permissionDenied:
            return .none
        }
    }

    private mutating func awareness(_ payload: [UInt8]) -> Action {
        let update: AwarenessUpdate
        do {
            update = try AwarenessUpdate(decoding: payload)
        } catch {
            return .close(code: 4400, reason: "malformed awareness update: \(error.message)")
        }
        if let large = update.entries.first(where: { $0.state.utf8.count > maxAwarenessStateBytes }) {
            return .close(
                code: 4400,
                reason: "awareness state of client \(large.clientID) exceeds \(maxAwarenessStateBytes) bytes")
        }
        return update.entries.isEmpty ? .none : .relayAwareness(update)
    }

    /// Whether an update carries nothing (no struct, no deletion): the two-byte `[0, 0]`.
    private static func isEmpty(_ update: [UInt8]) -> Bool {
        update == [0, 0]
    }
}

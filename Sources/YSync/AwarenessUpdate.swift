// Awareness updates (y-protocols/awareness): who is present and what they show (name, cursor…).
//
//   update = varuint count, count × entry
//   entry  = varuint clientID, varuint clock, varstring state (JSON; "null" removes the client)
//
// A receiver keeps, per client id, the entry with the highest clock; a removal is sent with the
// clock incremented and state "null".
import YCore

/// A decoded awareness update.
package struct AwarenessUpdate: Equatable, Sendable {
    /// One client's presence state.
    package struct Entry: Equatable, Sendable {
        /// The Yjs client id of the peer the state belongs to.
        package var clientID: UInt64
        /// Increases with every change of that client's state.
        package var clock: UInt64
        /// The state as JSON text; `"null"` means the client left.
        package var state: String

        /// Makes an entry.
        package init(clientID: UInt64, clock: UInt64, state: String) {
            self.clientID = clientID
            self.clock = clock
            self.state = state
        }

        /// Whether the entry removes its client.
        package var isRemoval: Bool { state == "null" }
    }

    /// The entries, in wire order.
    package var entries: [Entry]

    /// Makes an update from entries.
    package init(entries: [Entry]) {
        self.entries = entries
    }

    /// Decodes an awareness payload (the body of a type-1 message).
    package init(decoding bytes: [UInt8]) throws(ProtocolError) {
        var reader = WireReader(bytes)
        let count = try reader.readVarUInt()
        // Each entry takes at least three bytes: refuse counts the payload cannot hold.
        guard count <= UInt64(reader.remaining / 3) else {
            throw ProtocolError(.malformed, "awareness update claims \(count) entries in \(bytes.count) bytes")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            let clientID = try reader.readVarUInt()
            let clock = try reader.readVarUInt()
            let state = try reader.readString()
            // y-protocols' receivers `JSON.parse` every state: one that does not parse would
            // make every other client on the board throw, and drop the states sent with it.
            guard JSONText.isValid(state) else {
                throw ProtocolError(.malformed, "the awareness state of client \(clientID) is not JSON")
            }
            entries.append(Entry(clientID: clientID, clock: clock, state: state))
        }
        guard reader.isAtEnd else {
            throw ProtocolError(.malformed, "\(reader.remaining) trailing bytes after the awareness update")
        }
        self.entries = entries
    }

    /// The payload bytes.
    package var encoded: [UInt8] {
        var writer = WireWriter()
        writer.writeVarUInt(UInt64(entries.count))
        for entry in entries {
            writer.writeVarUInt(entry.clientID)
            writer.writeVarUInt(entry.clock)
            writer.writeString(entry.state)
        }
        return writer.bytes
    }
}

// The y-websocket wire protocol (y-protocols 1.0), as Atelier's board rooms speak it.
//
// Every WebSocket binary message is one message. Integers are lib0 var uints (7 bits per byte,
// little-endian, high bit = more bytes follow); "bytes" are a var uint length then the bytes.
//
//   message        = varuint type, body
//   type 0 sync    : varuint step, bytes payload
//                      step 0 (sync step 1): payload = the sender's state vector
//                      step 1 (sync step 2): payload = a Yjs v1 update (what the receiver misses)
//                      step 2 (update)     : payload = a Yjs v1 update
//   type 1 awareness: bytes payload = awareness update (see AwarenessUpdate)
//   type 2 auth     : varuint 0 (permission denied), varstring reason
//   type 3 query awareness: no body; the answer is an awareness message with every known state
//
// A server opens a connection by sending its sync step 1 (and current awareness states); it answers
// a client's step 1 with step 2, and relays every update to the room's other connections.
import YCore

/// A decoded y-websocket message.
package enum SyncMessage: Equatable, Sendable {
    /// Sync step 1: the sender's state vector.
    case syncStep1(stateVector: [UInt8])
    /// Sync step 2: an update holding what the receiver misses.
    case syncStep2(update: [UInt8])
    /// A live update.
    case update([UInt8])
    /// An awareness update (clients' presence states).
    case awareness([UInt8])
    /// Permission denied, with a reason.
    case permissionDenied(reason: String)
    /// A request for every known awareness state.
    case queryAwareness

    /// The message type numbers of the protocol.
    package enum MessageType: UInt64, Sendable {
        case sync = 0
        case awareness = 1
        case auth = 2
        case queryAwareness = 3
    }

    /// Decodes one message; throws a `ProtocolError` naming what is wrong.
    ///
    /// For example:
    ///
    /// ```swift
    /// let message = try SyncMessage(decoding: [0, 0, 1, 0])  // .syncStep1(stateVector: [0])
    /// ```
    package init(decoding bytes: [UInt8]) throws(ProtocolError) {
        var reader = WireReader(bytes)
        let type = try reader.readVarUInt()
        switch MessageType(rawValue: type) {
        case .sync:
            let step = try reader.readVarUInt()
            let payload = try reader.readVarBytes()
            switch step {
            case 0: self = .syncStep1(stateVector: payload)
            case 1: self = .syncStep2(update: payload)
            case 2: self = .update(payload)
            default: throw ProtocolError(.unknownSyncStep, "unknown sync message step \(step)")
            }
        case .awareness:
            self = .awareness(try reader.readVarBytes())
        case .auth:
            let kind = try reader.readVarUInt()
            guard kind == 0 else { throw ProtocolError(.malformed, "unknown auth message kind \(kind)") }
            self = .permissionDenied(reason: try reader.readString())
        case .queryAwareness:
            self = .queryAwareness
        case nil:
            throw ProtocolError(.unknownMessageType, "unknown message type \(type)")
        }
        guard reader.isAtEnd else {
            throw ProtocolError(.malformed, "\(reader.remaining) trailing bytes after the message")
        }
    }

    /// The message's bytes on the wire.
    package var encoded: [UInt8] {
        var writer = WireWriter()
        switch self {
        case .syncStep1(let stateVector):
            writer.writeVarUInt(MessageType.sync.rawValue)
            writer.writeVarUInt(0)
            writer.writeVarBytes(stateVector)
        case .syncStep2(let update):
            writer.writeVarUInt(MessageType.sync.rawValue)
            writer.writeVarUInt(1)
            writer.writeVarBytes(update)
        case .update(let update):
            writer.writeVarUInt(MessageType.sync.rawValue)
            writer.writeVarUInt(2)
            writer.writeVarBytes(update)
        case .awareness(let payload):
            writer.writeVarUInt(MessageType.awareness.rawValue)
            writer.writeVarBytes(payload)
        case .permissionDenied(let reason):
            writer.writeVarUInt(MessageType.auth.rawValue)
            writer.writeVarUInt(0)
            writer.writeString(reason)
        case .queryAwareness:
            writer.writeVarUInt(MessageType.queryAwareness.rawValue)
        }
        return writer.bytes
    }
}

/// Why a message could not be decoded; `code` is stable for tests and close reasons.
package struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of protocol error.
    package enum Code: String, Sendable {
        /// The message ended before a field did.
        case truncated
        /// A field is out of range or the message has trailing bytes.
        case malformed
        /// The message type is not one of 0–3.
        case unknownMessageType
        /// The sync sub-type is not step 1, step 2 or update.
        case unknownSyncStep
    }

    /// What went wrong.
    package let code: Code
    /// A sentence for logs and close reasons.
    package let message: String

    /// Makes an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}

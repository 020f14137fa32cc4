package import Foundation

// Several Atelier nodes share one PostgreSQL: every node keeps its own rooms and live
// channels, and the store is what they agree through. A board's updates get consecutive
// positions in the store; a node appends only when it has applied everything before (so a
// room's rules judged the whole board), and every node hears of every new position and
// reads what it has not applied. Session changes and live events travel the same way.

/// What ``ClusterStore/appendShared(_:after:session:)`` did.
package enum SharedAppend: Sendable, Equatable {
    /// Committed at this position.
    case committed(Int64)
    /// Another node appended after the position given: read what is missing and judge again.
    case behind
    /// The session changed since the room's write policy was computed: take the new policy
    /// and judge again.
    case stalePolicy
}

/// What a node hears from the others (and from itself).
package enum ClusterMessage: Sendable, Equatable {
    /// A board's newest position.
    case boardHead(board: String, head: Int64)
    /// A board's new update at `position`, carried whole (small updates): a room that has
    /// applied everything before it applies it without reading it back.
    case boardUpdate(board: String, position: Int64, sender: String, data: [UInt8])
    /// A session was created or changed (its new version).
    case session(id: String, version: Int64)
    /// A session was deleted (its boards are tombstones).
    case sessionDeleted(id: String)
    /// A live event was published (read it with ``ClusterStore/liveEvents(after:)``).
    case live(id: Int64)
    /// Presence on a board, from another node's connections (a y-protocols awareness update).
    case awareness(board: String, node: String, data: [UInt8])
    /// The node's listener (re)connected: messages may have been missed, catch up.
    case resynchronize
}

/// A live-channel event as one node sent it to its own subscribers, for the others to send.
package struct LiveEventRecord: Sendable, Equatable {
    /// Its position.
    package var id: Int64
    /// The session.
    package var sessionId: String
    /// The session version it was computed from (deliver it once that version is loaded).
    package var version: Int64
    /// The node that sent it (which delivered it already).
    package var node: String
    /// Who receives it (``LiveHub``'s audience, encoded).
    package var audience: String
    /// The JSON text frame.
    package var text: String

    /// Makes a record.
    package init(id: Int64, sessionId: String, version: Int64, node: String, audience: String, text: String) {
        self.id = id
        self.sessionId = sessionId
        self.version = version
        self.node = node
        self.audience = audience
        self.text = text
    }
}

/// A node's turn on one board: while it lasts, no other node appends to the board, so an
/// update judged after catching up cannot be overtaken. The way out when optimistic appends
/// keep losing (``ClusterStore/takeTurn(boardId:)``); it ends when ``end()`` is called or
/// the node dies.
package protocol BoardTurn: Sendable {
    /// ``ClusterStore/appendShared(_:after:session:)``, within the turn.
    func appendShared(_ update: NewBoardUpdate, after: Int64, session: (id: String, version: Int64)?) async throws
        -> SharedAppend
    /// Ends the turn (other nodes append again).
    func end() async
}

/// A store several nodes share (PostgreSQL).
package protocol ClusterStore: AtelierStore {
    /// This node's id (unique per process).
    var nodeId: String { get }
    /// Appends `update` as the board's next position if its newest position is `after` and,
    /// for a session's board, the session's version is still `session.version` (the policy
    /// the room judged with); sessions' changes and these appends exclude each other.
    func appendShared(_ update: NewBoardUpdate, after: Int64, session: (id: String, version: Int64)?) async throws
        -> SharedAppend
    /// Waits until this node holds the board's turn (nodes get it in the order they asked),
    /// then returns it. Throws when it cannot be had in reasonable time.
    func takeTurn(boardId: String) async throws -> any BoardTurn
    /// The messages of every node, in the order the store delivers them (one consumer).
    func messages() -> AsyncStream<ClusterMessage>
    /// Publishes a live event for the other nodes.
    func publishLive(sessionId: String, version: Int64, audience: String, text: String) async throws
    /// Live events after `id`, oldest first.
    func liveEvents(after id: Int64) async throws -> [LiveEventRecord]
    /// The newest live event's id (where a starting node begins).
    func newestLiveEvent() async throws -> Int64
    /// Forgets live events older than this (every node has read them long since).
    func forgetLiveEvents(olderThanSeconds seconds: Int) async throws
    /// Publishes presence on a board for the other nodes (dropped when too large to carry).
    func publishAwareness(board: String, data: [UInt8]) async throws
    /// The store's clock, epoch milliseconds (one clock for every node's countdowns).
    func serverTime() async throws -> Int64
    /// Stops the store's connections.
    func shutdown() async
}

/// The WebSocket close codes of Atelier's sockets (DESIGN.md, "Interfaces"); each close
/// carries a reason for people.
enum CloseCode: UInt16, Sendable {
    /// A normal close (the answer to a client's close).
    case normal = 1000
    /// The server is shutting down.
    case goingAway = 1001
    /// A protocol error in the WebSocket framing.
    case protocolError = 1002
    /// A text frame arrived on a sync socket (or a binary one on the live channel).
    case unsupportedData = 1003
    /// A text message was not valid UTF-8.
    case invalidPayload = 1007
    /// A message exceeded the size limit.
    case messageTooBig = 1009
    /// The server failed.
    case serverError = 1011
    /// The server cannot serve the socket right now (its database does not answer): the
    /// client reconnects, as after a network drop; its link is not in question.
    case tryAgainLater = 1013
    /// A message could not be decoded.
    case malformed = 4400
    /// The token is missing or not valid.
    case badToken = 4401
    /// The token is valid but may not open this board (or no longer may).
    case forbidden = 4403
    /// The board (or session) does not exist.
    case unknownBoard = 4404
    /// The client read too slowly and its outbox overflowed.
    case outboxOverflow = 4408
    /// Too many refused edits or presence states from one connection: what it sent is kept,
    /// and it must resync (or ask the facilitator) before sending more.
    case tooMany = 4429
}

/// The WebSocket close codes of Atelier's sockets (DESIGN.md, "Interfaces").
enum CloseCode {
    /// The server is shutting down.
    static let goingAway: UInt16 = 1001
    /// A text frame arrived on a sync socket.
    static let unsupportedData: UInt16 = 1003
    /// A message exceeded the size limit.
    static let messageTooBig: UInt16 = 1009
    /// The server failed.
    static let serverError: UInt16 = 1011
    /// A message could not be decoded.
    static let malformed: UInt16 = 4400
    /// The token is missing or not valid.
    static let badToken: UInt16 = 4401
    /// The token is valid but may not open this board.
    static let forbidden: UInt16 = 4403
    /// The board does not exist.
    static let unknownBoard: UInt16 = 4404
    /// The client read too slowly and its outbox overflowed.
    static let outboxOverflow: UInt16 = 4408
}

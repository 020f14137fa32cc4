import Foundation
import Logging
import NIOCore
import Prometheus
import Synchronization
import YSync

/// Decides who may open a board's sync socket.
protocol SocketAccess: Sendable {
    /// Who a token acts for on a board, or the close code and reason that refuse it.
    func authorize(token: String?, boardID: String, address: String) async -> Result<RoomCaller, SocketRefusal>

    /// The refusal of a connection authorized as `caller` that has joined its room, when the
    /// token or the session changed meanwhile (revoked, erased, moved to another group); nil
    /// while `caller` still holds. Asked after the join, it closes the race with the change's
    /// sweep of open sockets: either the sweep finds the connection in its room, or this check
    /// reads the change.
    func confirm(_ caller: RoomCaller, token: String?, boardID: String) async -> SocketRefusal?
}

/// A refusal to open a socket: a close code and its reason.
struct SocketRefusal: Error {
    let code: CloseCode
    let reason: String
}

/// The `/sync/{boardId}?token=…` endpoint: a board's y-protocols conversation (docs/PROTOCOL.md).
struct SyncSocket: SocketEndpoint {
    let hub: Hub
    let access: any SocketAccess
    let throttle: BadTokenThrottle
    let metrics: ServerMetrics
    let maxMessageSize: Int
    let outboxLimit: Int
    let slowCloseGrace: Duration
    let logger: Logger
    private static let nextID = Atomic<UInt64>(1)

    func session(for request: SocketRequest, channel: any Channel) -> (any SocketSession)? {
        guard let boardID = request.parameter(after: "/sync/") else { return nil }
        return SyncSession(
            socket: self, boardID: boardID, token: request.query["token"],
            address: throttle.clientAddress(peer: request.remoteAddress, forwardedFor: request.forwardedFor),
            channel: channel)
    }

    /// A process-unique connection id.
    static func makeID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}

/// One board's sync socket: authorizes, joins the room, hands it each message, and leaves it.
final class SyncSession: SocketSession {
    let outbox: Outbox
    var maxMessageSize: Int { socket.maxMessageSize }

    private let socket: SyncSocket
    private let boardID: String
    private let token: String?
    private let address: String
    private let channel: any Channel
    /// The connection and its room, once joined.
    private let joined = Mutex<(connection: SyncConnection, room: Room)?>(nil)

    init(socket: SyncSocket, boardID: String, token: String?, address: String, channel: any Channel) {
        self.socket = socket
        self.boardID = boardID
        self.token = token
        self.address = address
        self.channel = channel
        self.outbox = Outbox(limit: socket.outboxLimit)
    }

    func open() async {
        guard BoardID.isValid(boardID) else {
            return outbox.close(.unknownBoard, reason: "unknown board")
        }
        let caller: RoomCaller
        switch await socket.access.authorize(token: token, boardID: boardID, address: address) {
        case .success(let who): caller = who
        case .failure(let refusal): return outbox.close(refusal.code, reason: refusal.reason)
        }
        let connection = SyncConnection(
            id: SyncSocket.makeID(), caller: caller, outbox: outbox, channel: channel,
            closeGrace: TimeAmount(socket.slowCloseGrace))
        await connection.prepareFanOut()
        do {
            let room = try await socket.hub.join(boardID, connection)
            joined.withLock { $0 = (connection, room) }
            socket.metrics.connections.increment()
            // Revoked, erased or moved while this socket opened (after the check above, before
            // the join): the change's sweep may have missed the connection, so it is closed here.
            if let refusal = await socket.access.confirm(caller, token: token, boardID: boardID) {
                outbox.close(refusal.code, reason: refusal.reason)
            }
        } catch HubError.shuttingDown {
            outbox.close(.goingAway, reason: "server shutting down")
        } catch HubError.deleted {
            outbox.close(.unknownBoard, reason: "the board was deleted")
        } catch HubError.notReadable {
            outbox.close(.forbidden, reason: "you may not read this board now")
        } catch {
            socket.logger.debug("board could not be loaded", metadata: ["board": "\(boardID)", "error": "\(error)"])
            outbox.close(.serverError, reason: "board could not be loaded")
        }
    }

    func receive(_ message: SocketMessage) async {
        guard let (connection, room) = joined.withLock({ $0 }) else { return }
        switch message {
        case .text:
            await refuse(.unsupportedData, reason: "text frames are not part of the sync protocol")
        case .binary(var buffer):
            socket.metrics.bytesIn.increment(by: Int64(buffer.readableBytes))
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            await room.receive(bytes, from: connection)
        }
    }

    func refuse(_ code: CloseCode, reason: String) async {
        socket.metrics.refusedMessages.increment()
        outbox.close(code, reason: reason)
    }

    func closed() async {
        guard let (connection, room) = joined.withLock({ $0 }) else { return }
        await room.detach(connection)
        socket.metrics.connections.decrement()
    }
}

/// Board ids: 1–128 characters of letters, digits, `-` and `_`.
enum BoardID {
    static func isValid(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F
            }
    }
}

import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Prometheus
import Synchronization
import YSync

/// The request context of WebSocket routes: keeps the channel so a stalled socket can be closed.
struct SocketRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }
}

/// Decides who may open a board's sync socket.
protocol SocketAccess: Sendable {
    /// Who a token acts for on a board, or the close code and reason that refuse it.
    func authorize(token: String?, boardID: String, address: String) async -> Result<RoomCaller, SocketRefusal>
}

/// A refusal to open a socket: a close code and its reason.
struct SocketRefusal: Error {
    let code: CloseCode
    let reason: String
}

/// The `/sync/{boardId}` endpoint: authorizes, joins the room, then runs the connection's reader
/// (this task) and writer (a child task draining the outbox).
struct SyncSocket: Sendable {
    let hub: Hub
    let access: any SocketAccess
    let throttle: BadTokenThrottle
    let metrics: ServerMetrics
    let maxMessageSize: Int
    let outboxLimit: Int
    let slowCloseGrace: Duration
    private static let nextID = Atomic<UInt64>(1)

    /// Adds the route to a WebSocket router.
    func addRoutes(to router: Router<SocketRequestContext>) {
        router.ws("/sync/{boardId}") { inbound, outbound, context in
            await self.handle(inbound: inbound, outbound: outbound, context: context)
        }
    }

    func handle(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<SocketRequestContext>
    ) async {
        let rawBoardID = context.requestContext.parameters.get("boardId") ?? ""
        let boardID = rawBoardID.removingPercentEncoding ?? rawBoardID
        guard BoardID.isValid(boardID) else {
            try? await outbound.close(.init(codeNumber: Int(CloseCode.unknownBoard.rawValue)), reason: "unknown board")
            return
        }
        let token = context.request.uri.queryParameters.get("token")
        let caller: RoomCaller
        let address = throttle.clientAddress(
            peer: context.requestContext.channel.remoteAddress, forwardedFor: context.request.headers[.xForwardedFor])
        switch await access.authorize(token: token, boardID: boardID, address: address) {
        case .success(let who): caller = who
        case .failure(let refusal):
            try? await outbound.close(.init(codeNumber: Int(refusal.code.rawValue)), reason: refusal.reason)
            return
        }
        let connection = SyncConnection(
            id: Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue, caller: caller,
            outboxLimit: outboxLimit, channel: context.requestContext.channel,
            closeGrace: .nanoseconds(Int64(slowCloseGrace.components.seconds * 1_000_000_000)))
        await connection.prepareFanOut()
        let room: Room
        do {
            room = try await hub.join(boardID, connection)
        } catch HubError.shuttingDown {
            try? await outbound.close(
                .init(codeNumber: Int(CloseCode.goingAway.rawValue)), reason: "server shutting down")
            return
        } catch HubError.deleted {
            try? await outbound.close(
                .init(codeNumber: Int(CloseCode.unknownBoard.rawValue)), reason: "the board was deleted")
            return
        } catch HubError.notReadable {
            try? await outbound.close(
                .init(codeNumber: Int(CloseCode.forbidden.rawValue)), reason: "you may not read this board now")
            return
        } catch {
            try? await outbound.close(
                .init(codeNumber: Int(CloseCode.serverError.rawValue)), reason: "board could not be loaded")
            return
        }
        metrics.connections.increment()
        await withDiscardingTaskGroup { group in
            group.addTask { await Self.write(connection.outbox, to: outbound) }
            await read(inbound, connection: connection, room: room, logger: context.logger)
            connection.outbox.finish()
        }
        await room.detach(connection)
        metrics.connections.decrement()
    }

    /// Reads messages until the client leaves or a message is refused.
    private func read(_ inbound: WebSocketInboundStream, connection: SyncConnection, room: Room, logger: Logger) async {
        var reader = MessageReader(inbound, maxSize: maxMessageSize)
        do {
            while let message = try await reader.next() {
                switch message {
                case .text:
                    refuse(connection, .unsupportedData, "text frames are not part of the sync protocol")
                    return
                case .binary(var buffer):
                    metrics.bytesIn.increment(by: Int64(buffer.readableBytes))
                    let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                    await room.receive(bytes, from: connection)
                    if connection.outbox.isClosing { return }
                }
            }
        } catch let failure as MessageReader.Failure {
            refuse(connection, failure.code, failure.reason)
        } catch {
            logger.debug("sync socket read failed", metadata: ["error": "\(error)"])
            refuse(connection, .serverError, "read failed")
        }
    }

    private func refuse(_ connection: SyncConnection, _ code: CloseCode, _ reason: String) {
        metrics.refusedMessages.increment()
        connection.close(code, reason: reason)
    }

    /// Drains the outbox to the socket; ends after a close or when the outbox is finished.
    static func write(_ outbox: Outbox, to outbound: WebSocketOutboundWriter) async {
        while let item = await outbox.next() {
            switch item {
            case .message(let buffer):
                do { try await outbound.write(.binary(buffer)) } catch { return }
            case .text(let text):
                do { try await outbound.write(.text(text)) } catch { return }
            case .close(let code, let reason):
                try? await outbound.close(.init(codeNumber: Int(code)), reason: reason)
                return
            }
        }
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

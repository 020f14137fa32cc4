import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Storage
import Workshop

/// `/live/{sessionId}?token=…`: the session's live channel (JSON text frames, docs/PROTOCOL.md).
/// It greets with `hello` (a snapshot), answers `ping` with `pong`, and relays the session's
/// events; commands go through HTTP. Messages are limited to 64 KiB.
struct LiveSocket: Sendable {
    /// The largest message a client may send.
    static let maxMessageSize = 64 << 10

    let sessions: SessionService
    let authenticator: Authenticator
    let live: LiveHub
    let outboxLimit: Int

    func addRoutes(to router: Router<SocketRequestContext>) {
        router.ws("/live/{sessionId}") { inbound, outbound, context in
            await self.handle(inbound: inbound, outbound: outbound, context: context)
        }
    }

    /// What a client sends: `{"type": "ping", "t": <client epoch ms>}`; other types are ignored.
    private struct ClientMessage: Decodable {
        var type: String
        var t: Double?
    }

    func handle(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<SocketRequestContext>
    ) async {
        let sessionID = context.requestContext.parameters.get("sessionId") ?? ""
        let token = context.request.uri.queryParameters.get("token")
        func close(_ code: CloseCode, _ reason: String) async {
            try? await outbound.close(.init(codeNumber: Int(code.rawValue)), reason: reason)
        }
        guard let token, !token.isEmpty, let principal = try? await authenticator.principal(for: token) else {
            await close(.badToken, token == nil ? "missing token" : "bad token")
            return
        }
        guard let session = try? await sessions.session(sessionID) else {
            await close(.unknownBoard, "unknown session")
            return
        }
        guard principal.belongs(to: sessionID) else {
            await close(.forbidden, "not your session")
            return
        }
        let outbox = Outbox(limit: outboxLimit)
        let caller = principal.caller
        let view = SessionViews.state(
            of: session, for: principal, online: await live.online(sessionId: sessionID),
            now: Date(epochMilliseconds: live.now))
        let you = LiveEvent.You(id: caller.id, role: caller.role.rawValue, name: principal.name, group: caller.group)
        _ = outbox.push(text: LiveEvent.hello(session: view, you: you).text(at: live.now))
        let id = await live.subscribe(
            sessionId: sessionID, principal: caller.id, role: caller.role, group: caller.group, outbox: outbox)
        // Deleted while this channel opened (after the check above, before the subscription)?
        if (try? await sessions.session(sessionID)) == nil {
            outbox.close(.unknownBoard, reason: "the session was deleted")
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await SyncSocket.write(outbox, to: outbound) }
            var reader = MessageReader(inbound, maxSize: Self.maxMessageSize)
            do {
                while let message = try await reader.next() {
                    guard case .text(let text) = message else {
                        outbox.close(.unsupportedData, reason: "the live channel takes JSON text frames")
                        break
                    }
                    guard let decoded = try? JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8)) else {
                        outbox.close(.malformed, reason: "malformed message: expected {\"type\": …}")
                        break
                    }
                    if decoded.type == "ping" {
                        _ = outbox.push(text: LiveEvent.pong(t: decoded.t).text(at: live.now))
                    }
                    // Other types are ignored: commands go through HTTP.
                }
            } catch let failure as MessageReader.Failure {
                outbox.close(failure.code, reason: failure.reason)
            } catch {
                outbox.close(.serverError, reason: "read failed")
            }
            outbox.finish()
        }
        await live.unsubscribe(sessionId: sessionID, id: id)
    }
}

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
/// events; commands go through HTTP.
struct LiveSocket: Sendable {
    let directory: SessionDirectory
    let authenticator: Authenticator
    let live: LiveHub
    let outboxLimit: Int

    func addRoutes(to router: Router<SocketRequestContext>) {
        router.ws("/live/{sessionId}") { inbound, outbound, context in
            await self.handle(inbound: inbound, outbound: outbound, context: context)
        }
    }

    func handle(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<SocketRequestContext>
    ) async {
        let sessionID = context.requestContext.parameters.get("sessionId") ?? ""
        let token = context.request.uri.queryParameters.get("token")
        guard let token, !token.isEmpty, let principal = try? await authenticator.principal(for: token) else {
            try? await outbound.close(
                .init(codeNumber: Int(CloseCode.badToken)), reason: token == nil ? "missing token" : "bad token")
            return
        }
        guard let session = try? await directory.session(sessionID) else {
            try? await outbound.close(.init(codeNumber: Int(CloseCode.unknownBoard)), reason: "unknown session")
            return
        }
        guard principal.belongs(to: sessionID) else {
            try? await outbound.close(.init(codeNumber: Int(CloseCode.forbidden)), reason: "not your session")
            return
        }
        let outbox = Outbox(limit: outboxLimit)
        let caller = principal.caller
        let state = await directory.view(of: session, for: principal)
        let name: String
        if case .invite(let invite) = principal { name = invite.name } else { name = "facilitator" }
        if let hello = LiveHub.text([
            "type": "hello", "at": live.now, "session": LiveHub.object(state),
            "you": ["id": caller.id, "role": caller.role.rawValue, "name": name, "group": caller.group as Any],
        ]) {
            _ = outbox.push(text: hello)
        }
        let id = await live.subscribe(sessionId: sessionID, principal: caller.id, role: caller.role, outbox: outbox)
        await withDiscardingTaskGroup { group in
            group.addTask { await SyncSocket.write(outbox, to: outbound) }
            do {
                for try await message in inbound.messages(maxSize: 64 << 10) {
                    guard case .text(let text) = message else {
                        outbox.close(code: CloseCode.unsupportedData, reason: "the live channel takes JSON text frames")
                        break
                    }
                    guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                        let type = object["type"] as? String
                    else {
                        outbox.close(code: CloseCode.malformed, reason: "malformed message: expected {\"type\": …}")
                        break
                    }
                    if type == "ping" {
                        if let pong = LiveHub.text(["type": "pong", "t": object["t"] ?? NSNull(), "at": live.now]) {
                            _ = outbox.push(text: pong)
                        }
                    }
                    // Other types are ignored: commands go through HTTP.
                }
            } catch {
                let (code, reason) = SyncSocket.closeCode(for: error)
                outbox.close(code: code, reason: reason)
            }
            outbox.finish()
        }
        await live.unsubscribe(sessionId: sessionID, id: id)
    }
}

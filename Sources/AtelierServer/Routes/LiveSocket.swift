import Foundation
import NIOCore
import Storage
import Synchronization
import Workshop

/// `/live/{sessionId}?token=…`: the session's live channel (JSON text frames, docs/PROTOCOL.md).
/// It greets with `hello` (a snapshot), answers `ping` with `pong`, and relays the session's
/// events; commands go through HTTP. Messages are limited to 64 KiB.
struct LiveSocket: SocketEndpoint {
    /// The largest message a client may send.
    static let maxMessageSize = 64 << 10

    let sessions: SessionService
    let authenticator: Authenticator
    let live: LiveHub
    let outboxLimit: Int

    func session(for request: SocketRequest, channel: any Channel) -> (any SocketSession)? {
        guard let sessionID = request.parameter(after: "/live/") else { return nil }
        return LiveSession(socket: self, sessionID: sessionID, token: request.query["token"])
    }
}

/// One live channel: subscribed to its session's events while open.
final class LiveSession: SocketSession {
    let outbox: Outbox
    var maxMessageSize: Int { LiveSocket.maxMessageSize }

    private let socket: LiveSocket
    private let sessionID: String
    private let token: String?
    /// The subscription, once made.
    private let subscription = Mutex<UInt64?>(nil)

    /// What a client sends: `{"type": "ping", "t": <client epoch ms>}`; other types are ignored.
    private struct ClientMessage: Decodable {
        var type: String
        var t: Double?
    }

    init(socket: LiveSocket, sessionID: String, token: String?) {
        self.socket = socket
        self.sessionID = sessionID
        self.token = token
        self.outbox = Outbox(limit: socket.outboxLimit)
    }

    func open() async {
        let principal: Principal
        switch await socket.authenticator.check(token) {
        case .known(let known): principal = known
        case .unknown: return outbox.close(.badToken, reason: token == nil ? "missing token" : "bad token")
        case .unchecked:
            return outbox.close(.tryAgainLater, reason: "your link cannot be checked right now; reconnecting")
        }
        guard let session = try? await socket.sessions.session(sessionID) else {
            return outbox.close(.unknownBoard, reason: "unknown session")
        }
        guard principal.belongs(to: sessionID) else {
            return outbox.close(.forbidden, reason: "not your session")
        }
        let live = socket.live
        let caller = principal.caller
        let view = SessionViews.state(
            of: session, for: principal, online: await live.online(sessionId: sessionID),
            now: Date(epochMilliseconds: live.now))
        let you = LiveEvent.You(id: caller.id, role: caller.role.rawValue, name: principal.name, group: caller.group)
        _ = outbox.push(text: LiveEvent.hello(session: view, you: you).text(at: live.now))
        let id = await live.subscribe(
            sessionId: sessionID, principal: caller.id, role: caller.role, group: caller.group, outbox: outbox)
        subscription.withLock { $0 = id }
        // Deleted while this channel opened (after the check above, before the subscription)?
        if (try? await socket.sessions.session(sessionID)) == nil {
            outbox.close(.unknownBoard, reason: "the session was deleted")
        }
    }

    func receive(_ message: SocketMessage) async {
        guard case .text(let text) = message else {
            return outbox.close(.unsupportedData, reason: "the live channel takes JSON text frames")
        }
        guard let decoded = try? JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8)) else {
            return outbox.close(.malformed, reason: "malformed message: expected {\"type\": …}")
        }
        if decoded.type == "ping" {
            _ = outbox.push(text: LiveEvent.pong(t: decoded.t).text(at: socket.live.now))
        }
        // Other types are ignored: commands go through HTTP.
    }

    func closed() async {
        guard let id = subscription.withLock({ $0 }) else { return }
        await socket.live.unsubscribe(sessionId: sessionID, id: id)
    }
}

import Foundation
import Logging
import Workshop

/// The live session channel's subscribers, and the events told to them.
///
/// Every event is one JSON text frame `{"type": …, "at": <server epoch ms>, …}` (docs/PROTOCOL.md).
/// Subscribers have bounded outboxes like sync connections: one slow page never delays the others.
actor LiveHub {
    private struct Subscriber {
        let principal: String
        let role: Role
        let outbox: Outbox
    }

    private let clock: any WallClock
    private let logger: Logger
    private var subscribers: [String: [UInt64: Subscriber]] = [:]
    private var nextID: UInt64 = 1

    init(clock: any WallClock, logger: Logger) {
        self.clock = clock
        self.logger = logger
    }

    /// Adds a subscriber; returns its id.
    func subscribe(sessionId: String, principal: String, role: Role, outbox: Outbox) -> UInt64 {
        let id = nextID
        nextID += 1
        let wasOnline = online(sessionId: sessionId).contains(principal)
        subscribers[sessionId, default: [:]][id] = Subscriber(principal: principal, role: role, outbox: outbox)
        if !wasOnline { presence(sessionId: sessionId, principal: principal, online: true) }
        return id
    }

    /// Removes a subscriber.
    func unsubscribe(sessionId: String, id: UInt64) {
        guard let gone = subscribers[sessionId]?.removeValue(forKey: id) else { return }
        if !online(sessionId: sessionId).contains(gone.principal) {
            presence(sessionId: sessionId, principal: gone.principal, online: false)
        }
    }

    /// The principals with at least one open live channel in a session.
    func online(sessionId: String) -> Set<String> {
        Set((subscribers[sessionId] ?? [:]).values.map(\.principal))
    }

    /// Closes a principal's channels (revoked invite).
    func disconnect(principal: String, reason: String) {
        for session in subscribers.values {
            for subscriber in session.values where subscriber.principal == principal {
                subscriber.outbox.close(code: CloseCode.badToken, reason: reason)
            }
        }
    }

    /// Closes every live channel with 1001 (server shutdown).
    func closeAll() {
        for session in subscribers.values {
            for subscriber in session.values {
                subscriber.outbox.close(code: CloseCode.goingAway, reason: "server shutting down")
            }
        }
    }

    /// The current server time, epoch ms.
    nonisolated var now: Int64 { clock.now.epochMilliseconds }

    // MARK: - Events

    /// `phase`: the phase moved.
    func phaseChanged(session: SessionViews.State, transition: PhaseTransition, by actor: String, sessionId: String) {
        send(
            sessionId,
            [
                "type": "phase", "from": transition.from, "to": transition.to, "actor": actor,
                "phase": Self.object(session.phase), "session": Self.object(session),
            ])
    }

    /// `board-lock`: which boards are writable now.
    func boardLocks(sessionId: String, boards: [(id: String, writable: Bool)]) {
        send(sessionId, ["type": "board-lock", "boards": boards.map { ["id": $0.id, "writable": $0.writable] }])
    }

    /// `timer`: a time-box warning or time's-up.
    func timer(
        sessionId: String, event: CountdownEvent, deadline: Date, now: Date, scope: String = "phase",
        group: String? = nil
    ) {
        var message: [String: Any] = [
            "type": "timer", "scope": scope, "deadline": deadline.epochMilliseconds,
            "remainingMs": max(0, deadline.epochMilliseconds - now.epochMilliseconds), "late": event.late,
            "instant": event.instant.epochMilliseconds,
        ]
        if let group { message["group"] = group }
        switch event.kind {
        case .warning(let secondsLeft):
            message["kind"] = "warning"
            message["secondsLeft"] = secondsLeft
        case .timesUp:
            message["kind"] = "timeup"
        }
        send(sessionId, message)
    }

    /// `notice`: a message for people (to one principal, or everyone).
    func notice(sessionId: String, level: String, message: String, to principal: String? = nil) {
        send(sessionId, ["type": "notice", "level": level, "message": message]) { principal == nil || $0 == principal }
    }

    /// `presence`: someone came or went.
    private func presence(sessionId: String, principal: String, online: Bool) {
        send(sessionId, ["type": "presence", "online": [principal: online]])
    }

    /// Sends one event to a session's subscribers (those `filter` accepts).
    func send(_ sessionId: String, _ event: [String: Any], filter: (String) -> Bool = { _ in true }) {
        guard let session = subscribers[sessionId], !session.isEmpty else { return }
        var event = event
        event["at"] = now
        guard let text = Self.text(event) else { return }
        for subscriber in session.values where filter(subscriber.principal) {
            _ = subscriber.outbox.push(text: text)
        }
    }

    /// One event as JSON text.
    static func text(_ event: [String: Any]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// An encodable value as a JSON object for events.
    static func object(_ value: some Encodable) -> Any {
        guard let data = try? JSONEncoder.epochMilliseconds.encode(value),
            let object = try? JSONSerialization.jsonObject(with: data)
        else { return NSNull() }
        return object
    }
}

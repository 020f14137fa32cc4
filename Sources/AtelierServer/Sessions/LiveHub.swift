import Foundation
import Logging
import Storage
import Workshop

/// The live session channel's subscribers, and the events told to them.
///
/// Every event is one JSON text frame (``LiveEvent``), encoded once per audience.
/// Subscribers have bounded outboxes like sync connections: one slow page never delays the
/// others.
actor LiveHub {
    private struct Subscriber {
        let principal: String
        let role: Role
        let group: String?
        let outbox: Outbox
    }

    /// Who an event is for.
    enum Audience: Sendable, Equatable {
        /// Everyone subscribed to the session.
        case everyone
        /// The facilitator and the jurors (who submitted, scores).
        case staff
        /// The session's facilitators only (the administrator and the co-facilitators).
        case facilitator
        /// One person.
        case person(String)
        /// One group's participants, and the facilitator.
        case group(String)

        /// As stored for the other nodes.
        var encoded: String {
            switch self {
            case .everyone: "everyone"
            case .staff: "staff"
            case .facilitator: "facilitator"
            case .person(let id): "person:" + id
            case .group(let id): "group:" + id
            }
        }

        /// From its stored form (an unknown one reaches the facilitator only).
        init(encoded: String) {
            switch encoded {
            case "everyone": self = .everyone
            case "staff": self = .staff
            case _ where encoded.hasPrefix("person:"): self = .person(String(encoded.dropFirst(7)))
            case _ where encoded.hasPrefix("group:"): self = .group(String(encoded.dropFirst(6)))
            default: self = .facilitator
            }
        }
    }

    private let clock: any WallClock
    private let logger: Logger
    private var subscribers: [String: [UInt64: Subscriber]] = [:]
    private var nextID: UInt64 = 1
    /// Events for the other nodes, published in order by one task (nil on one node).
    private var outgoing: AsyncStream<(String, Int64, String, String)>.Continuation?

    init(clock: any WallClock, logger: Logger) {
        self.clock = clock
        self.logger = logger
    }

    /// Publishes every event sent from now on to the other nodes through `cluster`, in order.
    func publish(through cluster: any ClusterStore) {
        let (stream, continuation) = AsyncStream.makeStream(of: (String, Int64, String, String).self)
        outgoing = continuation
        let logger = self.logger
        Task {
            for await (session, version, audience, text) in stream {
                do {
                    try await cluster.publishLive(sessionId: session, version: version, audience: audience, text: text)
                } catch {
                    logger.error("live event not published to the other nodes", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Stops publishing (shutdown).
    func stopPublishing() {
        outgoing?.finish()
        outgoing = nil
    }

    /// Adds a subscriber; returns its id.
    func subscribe(sessionId: String, principal: String, role: Role, group: String?, outbox: Outbox) -> UInt64 {
        let id = nextID
        nextID += 1
        let wasOnline = online(sessionId: sessionId).contains(principal)
        subscribers[sessionId, default: [:]][id] = Subscriber(
            principal: principal, role: role, group: group, outbox: outbox)
        if !wasOnline { send(.presence(online: [principal: true]), to: sessionId) }
        return id
    }

    /// Removes a subscriber.
    func unsubscribe(sessionId: String, id: UInt64) {
        guard let gone = subscribers[sessionId]?.removeValue(forKey: id) else { return }
        if !online(sessionId: sessionId).contains(gone.principal) {
            send(.presence(online: [gone.principal: false]), to: sessionId)
        }
    }

    /// The principals with at least one open live channel in a session.
    func online(sessionId: String) -> Set<String> {
        Set((subscribers[sessionId] ?? [:]).values.map(\.principal))
    }

    /// Closes a principal's channels (revoked invite) with `code`.
    func disconnect(principal: String, code: CloseCode = .badToken, reason: String) {
        for session in subscribers.values {
            for subscriber in session.values where subscriber.principal == principal {
                subscriber.outbox.close(code: code.rawValue, reason: reason)
            }
        }
    }

    /// Closes every live channel of a session (deleted) with `code`.
    func disconnect(sessionId: String, code: CloseCode, reason: String) {
        for subscriber in (subscribers[sessionId] ?? [:]).values {
            subscriber.outbox.close(code: code.rawValue, reason: reason)
        }
    }

    /// Closes every live channel with 1001 (server shutdown).
    func closeAll() {
        for session in subscribers.values {
            for subscriber in session.values {
                subscriber.outbox.close(code: CloseCode.goingAway.rawValue, reason: "server shutting down")
            }
        }
    }

    /// The current server time, epoch ms.
    nonisolated var now: Int64 { clock.now.epochMilliseconds }

    // MARK: - Events

    /// Sends one event to a session's subscribers in `audience` (and to the other nodes',
    /// which deliver it once they hold `version` of the session).
    func send(_ event: LiveEvent, to sessionId: String, audience: Audience = .everyone, version: Int64 = 0) {
        if let outgoing {
            outgoing.yield((sessionId, version, audience.encoded, event.text(at: now)))
        }
        guard let session = subscribers[sessionId], !session.isEmpty else { return }
        deliver(event.text(at: now), to: session.values, audience: audience)
    }

    /// Delivers an event another node sent.
    func deliver(_ record: LiveEventRecord) {
        guard let session = subscribers[record.sessionId], !session.isEmpty else { return }
        deliver(record.text, to: session.values, audience: Audience(encoded: record.audience))
    }

    private func deliver(
        _ text: String, to subscribers: Dictionary<UInt64, Subscriber>.Values, audience: Audience
    ) {
        for subscriber in subscribers {
            switch audience {
            case .everyone: break
            case .staff: guard subscriber.role == .facilitator || subscriber.role == .juror else { continue }
            case .facilitator: guard subscriber.role == .facilitator else { continue }
            case .person(let id): guard subscriber.principal == id else { continue }
            case .group(let id):
                guard subscriber.role == .facilitator || (subscriber.role == .participant && subscriber.group == id)
                else { continue }
            }
            _ = subscriber.outbox.push(text: text)
        }
    }

    /// The `phase` event: the move, and the session's state after it.
    private func tellPhase(from: String, to: String, actor: String, in session: LoadedSession, now: Date) {
        let view = SessionViews.state(of: session, for: nil, online: online(sessionId: session.id), now: now)
        send(
            .phase(from: from, to: to, actor: actor, phase: view.phase, session: view), to: session.id,
            version: session.version)
    }

    /// Tells what a committed change did, in the words of the live channel.
    func tell(_ event: SessionEvent, in session: LoadedSession, now: Date) {
        switch event {
        case .dayBegan:
            // The phase stays; what the pages say about the days changes (a `phase` event from
            // the current phase to itself).
            let current = session.state.sprint.currentPhase.id
            tellPhase(from: current, to: current, actor: "system", in: session, now: now)
        case .phaseMoved(let transition):
            tellPhase(
                from: transition.from, to: transition.to, actor: transition.audit?.who.id ?? "system", in: session,
                now: now)
            send(
                .boardLock(boards: session.boards.map { .init(id: $0.id, writable: session.groupMayWrite($0)) }),
                to: session.id, version: session.version)
        case .timer(let scope, let group, let countdown, let deadline):
            send(
                .timer(.init(scope: scope, group: group, event: countdown, deadline: deadline, now: now)),
                to: session.id, version: session.version)
        case .pitchChanged(let group):
            guard let pitch = session.state.pitches[group] else { return }
            send(
                .pitch(group: group, pitch: SessionViews.PitchView(pitch, at: now)), to: session.id,
                version: session.version)
        case .deckFreezeChanged(let group):
            guard let deck = session.deck(ofGroup: group) else { return }
            send(
                .boardLock(boards: [.init(id: deck.id, writable: session.groupMayWrite(deck))]), to: session.id,
                version: session.version)
        case .qaChanged(let group, let entry):
            send(.qa(group: group, entry: entry), to: session.id, version: session.version)
        case .scoresChanged(let group):
            let jury = session.state.jury
            let jurors = jury.activeJurors(for: group).map {
                LiveEvent.JurorSubmission(id: $0, submitted: jury.sheet(juror: $0, group: group)?.isSubmitted ?? false)
            }
            send(
                .scores(group: group, jurors: jurors, complete: jury.isComplete(group)), to: session.id,
                audience: .staff, version: session.version)
        case .deliberationChanged:
            send(
                .deliberation(SessionViews.DeliberationView(session)), to: session.id, audience: .staff,
                version: session.version)
            if session.state.deliberation.published {
                send(
                    .notice(level: "info", code: "results-published", message: "the results are published"),
                    to: session.id, version: session.version)
            }
        case .problemChanged(let group):
            guard let problem = session.state.problems[group] else { return }
            send(
                .problem(group: group, problem: problem, author: session.name(of: problem.writtenBy)), to: session.id,
                version: session.version)
        case .activityTimerChanged(let timer, let stopped):
            send(
                .activityTimer(.init(timer, stopped: stopped, at: now), signal: nil), to: session.id,
                audience: timer.group.map { .group($0) } ?? .everyone, version: session.version)
        case .activityTimerDue(let timer, let event):
            send(
                .activityTimer(.init(timer, stopped: false, at: now), signal: event.late ? "late-timeup" : "timeup"),
                to: session.id, audience: timer.group.map { .group($0) } ?? .everyone, version: session.version)
        case .followChanged(let group, let lead):
            send(
                .follow(group: group, lead: lead.map { SessionViews.Lead($0, in: session) }), to: session.id,
                audience: group.map { .group($0) } ?? .everyone, version: session.version)
        case .boardModeChanged(let board):
            send(
                .boardMode(board: board, mode: session.state.privateBoards[board] == nil ? "shared" : "private"),
                to: session.id, version: session.version)
        case .votesChanged(let board):
            guard let record = session.board(board) else { return }
            let vote = session.state.vote(onBoard: board, definition: session.definition)
            send(
                .vote(board: board, settings: SessionViews.VoteSettings(vote)), to: session.id,
                audience: .group(record.groupId), version: session.version)
        }
    }

    /// `notice`: a message for people (to one principal, or everyone).
    func notice(sessionId: String, level: String, code: String? = nil, message: String, to principal: String? = nil) {
        send(
            .notice(level: level, code: code, message: message), to: sessionId,
            audience: principal.map { .person($0) } ?? .everyone)
    }
}

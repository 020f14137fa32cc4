import Storage
import Workshop

/// Who may open a board's socket: a session's members the boards they may read now
/// (participants their group's, jurors and co-facilitators all, observers during the pitch);
/// the administrator any board, including ad-hoc boards outside sessions.
struct SessionSocketAccess: SocketAccess {
    let authenticator: Authenticator
    let sessions: SessionService
    let throttle: BadTokenThrottle

    func authorize(token: String?, boardID: String, address: String) async -> Result<RoomCaller, SocketRefusal> {
        guard let token, !token.isEmpty else {
            return .failure(SocketRefusal(code: .badToken, reason: "missing token"))
        }
        let principal: Principal
        switch await authenticator.check(token) {
        case .known(let known): principal = known
        case .unchecked:
            // The store did not answer: the link is not in question, and the client reconnects.
            return .failure(SocketRefusal(code: .tryAgainLater, reason: "your link cannot be checked right now"))
        case .unknown:
            if let seconds = throttle.retryAfter(for: address) {
                return .failure(SocketRefusal(code: .tooMany, reason: "too many unknown tokens; retry in \(seconds) s"))
            }
            throttle.recordFailure(from: address)
            return .failure(SocketRefusal(code: .badToken, reason: "bad token"))
        }
        return await authorize(principal, boardID: boardID)
    }

    func confirm(_ caller: RoomCaller, token: String?, boardID: String) async -> SocketRefusal? {
        let principal: Principal
        switch await authenticator.check(token) {
        case .known(let known): principal = known
        case .unchecked: return nil  // not checked now: keep the socket
        case .unknown: return SocketRefusal(code: .badToken, reason: "invite revoked")
        }
        switch await authorize(principal, boardID: boardID) {
        case .failure(let refusal): return refusal
        case .success(let now) where now.caller != caller.caller:
            return SocketRefusal(code: .forbidden, reason: "you were moved to another group")
        case .success: return nil
        }
    }

    /// Who a known principal acts for on a board as its session now stands, or the refusal.
    private func authorize(_ principal: Principal, boardID: String) async -> Result<RoomCaller, SocketRefusal> {
        let caller = principal.caller
        guard let (session, board) = await sessions.board(boardID) else {
            if await sessions.isDeleted(board: boardID) {
                return .failure(SocketRefusal(code: .unknownBoard, reason: "the board was deleted"))
            }
            if case .facilitator = principal { return .success(RoomCaller(caller: caller)) }
            return .failure(SocketRefusal(code: .unknownBoard, reason: "unknown board"))
        }
        guard principal.belongs(to: session.id) else {
            return .failure(SocketRefusal(code: .forbidden, reason: "this board belongs to another session"))
        }
        guard session.mayRead(caller, board: board) else {
            return .failure(SocketRefusal(code: .forbidden, reason: "you may not read this board now"))
        }
        // A person's presence shows their name as the session knows it (the administrator's page
        // names itself from the definition).
        var name: String?
        if case .invite(let invite) = principal { name = invite.name }
        return .success(RoomCaller(caller: caller, name: name))
    }
}

/// One connection's identity on a board: the workshop caller and the participant id stored as
/// the sender of its updates.
struct RoomCaller: Sendable {
    /// Role, id and group, for the rules.
    let caller: Caller
    /// The person's name, which their presence states carry (nil: as the page says).
    var name: String? = nil
    /// The id stored with each update (`facilitator` or an invite id).
    var participant: String { caller.id }
}

import Storage
import Workshop

/// What a room asks the sessions about a board: may this caller write now, the slide limit,
/// where refused updates go, and which participant a Yjs client id belongs to.
protocol RoomRules: Sendable {
    /// Why `caller` may not write to the board now (phase lock, read-only role…), nil if allowed.
    func writeRefusal(boardID: String, caller: Caller) async -> BoardRefusal?
    /// The deck's slide limit, nil for boards that are not decks.
    func slideLimit(boardID: String) async -> Int?
    /// The phase in force for the board's session, for attribution.
    func phase(boardID: String) async -> String?
    /// Stores a refused update.
    func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord
    /// The board's pending quarantine entries.
    func pendingQuarantine(boardID: String) async throws -> [QuarantineRecord]
    /// The participant a client id is bound to, binding it to `participant` if it is new.
    func bindClient(boardID: String, clientID: UInt64, participant: String) async throws -> String
}

/// One connection's identity on a board: the workshop caller and the participant id stored as
/// the sender of its updates.
struct RoomCaller: Sendable {
    /// Role, id and group, for the rules.
    let caller: Caller
    /// The id stored with each update (`facilitator` or an invite id).
    var participant: String { caller.id }
}

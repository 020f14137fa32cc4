import Foundation
import Storage
import Workshop

/// The rooms' rules from the sessions: phase locks, read-only roles, the deck's slide limit,
/// the quarantine and client-id bindings. Boards outside any session (opened ad hoc by the
/// facilitator) have no rules.
struct SessionRoomRules: RoomRules {
    let directory: SessionDirectory
    let database: AppDatabase

    func writeRefusal(boardID: String, caller: Caller) async -> BoardRefusal? {
        guard let (session, board) = await directory.board(boardID) else { return nil }
        return session.writeRefusal(caller, board: board)
    }

    func slideLimit(boardID: String) async -> Int? {
        guard let (session, board) = await directory.board(boardID), board.kind == BoardKind.deck.rawValue else {
            return nil
        }
        return session.definition.slideLimit
    }

    func phase(boardID: String) async -> String? {
        await directory.board(boardID)?.0.phase
    }

    func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord {
        var record = record
        record.sessionId = await directory.board(record.boardId)?.0.id
        return try await database.quarantine(record)
    }

    func pendingQuarantine(boardID: String) async throws -> [QuarantineRecord] {
        try await database.quarantineEntries(boardId: boardID, status: "pending")
    }

    func bindClient(boardID: String, clientID: UInt64, participant: String) async throws -> String {
        try await database.bindClient(boardId: boardID, clientId: clientID, participant: participant)
    }
}

/// Who may open a board's socket: a session's members may open its boards they may read
/// (participants their group's, jurors all, observers during the pitch); the facilitator any
/// board, including ad-hoc boards outside sessions.
struct SessionSocketAccess: SocketAccess {
    let authenticator: Authenticator
    let directory: SessionDirectory

    func authorize(token: String?, boardID: String) async -> Result<RoomCaller, SocketRefusal> {
        guard let token, !token.isEmpty else {
            return .failure(SocketRefusal(code: CloseCode.badToken, reason: "missing token"))
        }
        guard let principal = try? await authenticator.principal(for: token) else {
            return .failure(SocketRefusal(code: CloseCode.badToken, reason: "bad token"))
        }
        let caller = principal.caller
        guard let (session, board) = await directory.board(boardID) else {
            if case .facilitator = principal { return .success(RoomCaller(caller: caller)) }
            return .failure(SocketRefusal(code: CloseCode.unknownBoard, reason: "unknown board"))
        }
        guard principal.belongs(to: session.id) else {
            return .failure(SocketRefusal(code: CloseCode.forbidden, reason: "this board belongs to another session"))
        }
        guard session.mayRead(caller, board: board) else {
            return .failure(SocketRefusal(code: CloseCode.forbidden, reason: "this board belongs to another group"))
        }
        return .success(RoomCaller(caller: caller))
    }
}

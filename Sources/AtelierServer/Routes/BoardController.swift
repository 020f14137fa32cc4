import Foundation
import Hummingbird
import NIOCore
import Storage
import Workshop
import YCore

/// Board exports (docs/API.md, "Boards"): `export.json`, the board as `atelier ydoc json`
/// prints it. Its checkpoints are ``CheckpointController``'s.
struct BoardController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/v1/boards/{boardId}/export.json", use: export)
    }

    /// A board the caller may read, with the caller and, for a session's board, the session and
    /// its record: a session's board its readers (its co-facilitators too), an ad-hoc board the
    /// administrator only; else 401, 403 or 404. One token lookup.
    struct Readable {
        let principal: Principal
        let boardID: String
        let session: (session: LoadedSession, board: BoardRecord)?
    }

    func readable(_ request: Request, _ context: some RequestContext) async throws -> Readable {
        let principal = try await authenticator.require(request)
        let boardID = context.parameters.get("boardId") ?? ""
        if let (session, board) = await sessions.board(boardID) {
            guard principal.belongs(to: session.id), session.mayRead(principal.caller, board: board) else {
                throw APIError(.forbidden, code: "forbidden", "you may not read this board")
            }
            return Readable(principal: principal, boardID: boardID, session: (session, board))
        }
        guard principal.isAdministrator, BoardID.isValid(boardID), await !sessions.isDeleted(board: boardID) else {
            throw APIError.notFound("no board \(boardID)")
        }
        return Readable(principal: principal, boardID: boardID, session: nil)
    }

    /// A session's board whose session the caller facilitates (403 otherwise), or nil for an
    /// ad-hoc board the administrator may read.
    func facilitated(_ request: Request, _ context: some RequestContext) async throws
        -> (session: LoadedSession, board: BoardRecord, principal: Principal)?
    {
        let readable = try await readable(request, context)
        guard let (session, board) = readable.session else { return nil }
        guard readable.principal.facilitates(session.id) else {
            throw APIError(.forbidden, code: "forbidden", "only a facilitator of this session may do this")
        }
        return (session, board, readable.principal)
    }

    /// The id of a board the caller may read (see ``readable(_:_:)``).
    func readableBoard(_ request: Request, _ context: some RequestContext) async throws -> String {
        try await readable(request, context).boardID
    }

    /// `GET /api/v1/boards/{boardId}/export.json`: the board as the caller's sync gives it (on
    /// a private board, without the other participants' withheld work).
    @Sendable func export(_ request: Request, context: some RequestContext) async throws -> Response {
        let readable = try await readable(request, context)
        let caller = readable.principal.caller
        let json = try await hub.withRoom(readable.boardID) { try await $0.json(visibleTo: caller).serialized() }
        return Self.json(json)
    }

    static func json(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

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

    /// The board id if `principal` may read it: a session's board its readers (its
    /// co-facilitators too), an ad-hoc board the administrator only; else 403 or 404.
    func readableBoard(_ request: Request, _ context: some RequestContext) async throws -> String {
        let principal = try await authenticator.require(request)
        let boardID = context.parameters.get("boardId") ?? ""
        if let (session, board) = await sessions.board(boardID) {
            guard principal.belongs(to: session.id), session.mayRead(principal.caller, board: board) else {
                throw APIError(.forbidden, code: "forbidden", "you may not read this board")
            }
        } else {
            guard case .facilitator = principal, BoardID.isValid(boardID), await !sessions.isDeleted(board: boardID)
            else {
                throw APIError.notFound("no board \(boardID)")
            }
        }
        return boardID
    }

    @Sendable func export(_ request: Request, context: some RequestContext) async throws -> Response {
        let boardID = try await readableBoard(request, context)
        let json = try await hub.withRoom(boardID) { await $0.json().serialized() }
        return Self.json(json)
    }

    static func json(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

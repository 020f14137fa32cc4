import Foundation
import Hummingbird
import Storage
import Workshop
import YCore

/// Board exports: `GET /api/v1/boards/{boardId}/export.json` (the board as `atelier ydoc json` prints it).
struct BoardController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/v1/boards/{boardId}/export.json", use: export)
    }

    @Sendable func export(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let boardID = context.parameters.get("boardId") ?? ""
        if let (session, board) = await sessions.board(boardID) {
            guard principal.belongs(to: session.id), session.mayRead(principal.caller, board: board) else {
                throw APIError(.forbidden, code: "forbidden", "you may not read this board")
            }
        } else {
            guard case .facilitator = principal, BoardID.isValid(boardID) else {
                throw APIError.notFound("no board \(boardID)")
            }
        }
        let json = try await hub.withRoom(boardID) { await $0.json().serialized() }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

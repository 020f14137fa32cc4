import Foundation
import Hummingbird
import NIOCore
import Storage
import Workshop
import YCore

/// Board exports and checkpoints (docs/API.md, "Boards"): `export.json` (the board as
/// `atelier ydoc json` prints it), the checkpoints stored at each phase move, and each
/// checkpoint's export.
struct BoardController: Sendable {
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/v1/boards/{boardId}/export.json", use: export)
        router.get("/api/v1/boards/{boardId}/checkpoints", use: checkpoints)
        router.get("/api/v1/boards/{boardId}/checkpoints/{cpId}/export.json", use: checkpointExport)
    }

    /// The board id if `principal` may read it: a session's board its readers (its
    /// co-facilitators too), an ad-hoc board the administrator only; else 403 or 404.
    private func readableBoard(_ request: Request, _ context: some RequestContext) async throws -> String {
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

    /// `GET /api/v1/boards/{boardId}/checkpoints`: the board's checkpoints, oldest first.
    @Sendable func checkpoints(_ request: Request, context: some RequestContext) async throws -> Response {
        let boardID = try await readableBoard(request, context)
        let list = try await sessions.store.artifacts(kind: .checkpoint, key: boardID).map { artifact in
            let meta = try? JSONDecoder().decode(CheckpointMeta.self, from: Data(artifact.meta.utf8))
            return CheckpointView(
                id: "\(artifact.id ?? 0)", label: meta?.label ?? "", phase: meta?.phase ?? "",
                createdAt: artifact.createdAt)
        }
        return try JSONBody.response(["checkpoints": list])
    }

    /// `GET /api/v1/boards/{boardId}/checkpoints/{cpId}/export.json`: the board as it was.
    @Sendable func checkpointExport(_ request: Request, context: some RequestContext) async throws -> Response {
        let boardID = try await readableBoard(request, context)
        let raw = context.parameters.get("cpId") ?? ""
        guard
            let artifact = try await sessions.store.artifacts(kind: .checkpoint, key: boardID).first(where: {
                "\($0.id ?? 0)" == raw
            })
        else { throw APIError.notFound("no checkpoint \(raw) of this board") }
        let document = try BoardDocument(history: [[UInt8](artifact.data)])
        return Self.json(document.doc.toJSON().serialized())
    }

    private static func json(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// One checkpoint in `GET …/checkpoints`.
struct CheckpointView: Codable, Sendable {
    var id: String
    var label: String
    var phase: String
    var createdAt: Int64
}

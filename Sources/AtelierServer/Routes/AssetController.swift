import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat
import Storage
import Workshop

/// Uploaded images, stored by content hash under `<data-dir>/assets/`.
///
/// `POST /api/v1/boards/{boardId}/assets` takes the raw image as body; its type is checked from
/// the bytes (PNG, JPEG, WebP, GIF; SVG refused: it can carry scripts); rights follow the board.
/// Its metadata (EXIF with the GPS position, XMP, IPTC, comments…) is stripped before it is
/// hashed and stored (``ImageMetadata``). `GET /assets/{sha256}` serves it to whoever may read
/// a board that uses it (a content hash is not a credential): the facilitator, or an invite
/// of the session whose board it was uploaded to, or whose board shows it, that may read that
/// board now. The credential is the bearer token, `?token=`, or the `atelier_token` cookie
/// an `<img>` sends (``SignInCookie``).
struct AssetController: Sendable {
    /// The largest upload (10 MiB).
    static let maxSize = 10 << 20
    /// How a served image may be cached: by the reader's browser only, for a day.
    static let cacheControl = "private, max-age=86400"
    /// The policy of a served image: nothing loads, nothing runs, even if it is opened alone.
    static let contentSecurityPolicy = "default-src 'none'; sandbox"

    let directory: URL
    let sessions: SessionService
    let authenticator: Authenticator
    let hub: Hub
    let quota: AssetQuota
    let collector: AssetCollector

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/api/v1/boards/{boardId}/assets", use: upload)
        router.post("/api/v1/assets/collect", use: collect)
        router.get("/assets/{hash}", use: serve)
    }

    @Sendable func upload(_ request: Request, context: some RequestContext) async throws -> Response {
        let principal = try await authenticator.require(request)
        let boardID = context.parameters.get("boardId") ?? ""
        var sessionID: String?
        if let (session, board) = await sessions.board(boardID) {
            sessionID = session.id
            guard principal.belongs(to: session.id) else {
                throw APIError(.forbidden, code: "forbidden", "this board belongs to another session")
            }
            if let refusal = session.policy(for: board).writeRefusal(for: principal.caller) {
                // An archived session answers every write 409 `session-archived`, uploads too.
                throw APIError(
                    refusal.code == .archived ? .conflict : .forbidden, code: refusal.code.rawValue, refusal.message)
            }
        } else {
            guard case .facilitator = principal, BoardID.isValid(boardID), await !sessions.isDeleted(board: boardID)
            else {
                throw APIError.notFound("no board \(boardID)")
            }
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxSize)
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "images are limited to \(Self.maxSize >> 20) MiB")
        }
        let original = [UInt8](body.readableBytesView)
        guard let type = ImageType(sniffing: original) else {
            if ImageType.looksLikeSVG(original) {
                throw APIError(
                    .unsupportedMediaType, code: "svg_refused", "SVG images are refused (they can carry scripts)")
            }
            throw APIError(
                .unsupportedMediaType, code: "not_an_image", "the file is not a PNG, JPEG, WebP or GIF image")
        }
        let bytes: Data
        do {
            bytes = Data(try ImageMetadata.strip(original, as: type))
        } catch {
            throw APIError(.unsupportedMediaType, code: "malformed_image", error.message)
        }
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let record = AssetRecord(
            hash: hash, boardId: boardID, sessionId: sessionID, uploader: principal.caller.id,
            bytes: Int64(bytes.count), type: type.mediaType, createdAt: Date().epochMilliseconds)
        switch try await sessions.store.reserveAsset(record, quota: quota) {
        case .reserved: break
        case .personQuotaExceeded:
            throw APIError(
                .contentTooLarge, code: "quota-exceeded",
                "your uploads in this session would exceed \(quota.perPerson >> 20) MiB")
        case .sessionQuotaExceeded:
            throw APIError(
                .contentTooLarge, code: "quota-exceeded",
                "this session's uploads would exceed \(quota.perSession >> 20) MiB")
        }
        do {
            try write(bytes, as: hash)
        } catch {
            try? await sessions.store.releaseAsset(record)
            throw error
        }
        return try JSONBody.response(
            ["hash": hash, "url": "/assets/\(hash)", "type": type.mediaType], status: .created)
    }

    /// Writes the bytes under their hash: to a temporary file first, moved in place once
    /// complete, so a failure (a full disk) leaves no partial file behind.
    private func write(_ bytes: Data, as hash: String) throws {
        let url = directory.appendingPathComponent(hash)
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(hash).\(UUID().uuidString)")
        do {
            try bytes.write(to: temporary)
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if FileManager.default.fileExists(atPath: url.path) { return }  // another upload of the same bytes won
            throw error
        }
    }

    /// `POST /api/v1/assets/collect` (the administrator): removes the images no board and no
    /// kept snapshot uses any more and that are older than the grace period.
    @Sendable func collect(_ request: Request, context: some RequestContext) async throws -> Response {
        try await authenticator.requireAdministrator(request)
        let result = try await collector.collect()
        return try JSONBody.response(result)
    }

    /// `GET /assets/{hash}`: 404 for what is not a hash, 401 without a credential, 404 for an
    /// unknown image, 403 for a reader of no board that uses it.
    @Sendable func serve(_ request: Request, context: some RequestContext) async throws -> Response {
        let hash = context.parameters.get("hash") ?? ""
        guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw APIError.notFound("no asset \(hash)")
        }
        let principal = try await authenticator.require(request, allowQuery: true, allowCookie: true)
        let path = directory.appendingPathComponent(hash).path
        guard FileManager.default.fileExists(atPath: path) else { throw APIError.notFound("no asset \(hash)") }
        guard try await mayRead(hash, principal) else {
            throw APIError(.forbidden, code: "forbidden", "no board you may read uses this image")
        }
        guard let data = FileManager.default.contents(atPath: path), let type = ImageType(sniffing: data) else {
            throw APIError.notFound("no asset \(hash)")
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: type.mediaType, .cacheControl: Self.cacheControl,
                .xContentTypeOptions: "nosniff", .contentSecurityPolicy: Self.contentSecurityPolicy,
                .crossOriginResourcePolicy: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// Whether `principal` may read a board that uses the image: the facilitator always; an
    /// invite when a board of its session it may read now was the upload's board, or shows the
    /// image (placed there by its hash; looked for only when no upload answers).
    private func mayRead(_ hash: String, _ principal: Principal) async throws -> Bool {
        guard case .invite(let invite) = principal else { return true }
        let caller = principal.caller
        for record in try await sessions.store.assetRecords(hash: hash) where record.sessionId == invite.sessionId {
            if let (session, board) = await sessions.board(record.boardId), session.id == invite.sessionId,
                session.mayRead(caller, board: board)
            {
                return true
            }
        }
        guard let session = try? await sessions.session(invite.sessionId) else { return false }
        for board in session.boards where session.mayRead(caller, board: board) {
            var shown: Set<String> = []
            AssetCollector.collectHashes(try await hub.withRoom(board.id) { await $0.json() }, into: &shown)
            if shown.contains(hash) { return true }
        }
        return false
    }
}

extension HTTPField.Name {
    /// `Cross-Origin-Resource-Policy`.
    static var crossOriginResourcePolicy: Self { Self("Cross-Origin-Resource-Policy")! }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the browser app from `web-static/` and Debian's Yjs modules under `/vendor/`, from
/// memory: every file is read, hashed and gzip-compressed once at start (``StaticCatalog``).
///
/// Pages of the single-page app (`/`, `/boards/…`, `/join/…`, `/stage/…`, `/results/…`) get
/// `index.html` with the import map, versioned URLs and the route's module preloads. Every
/// answer carries a strong `ETag` (`If-None-Match` → 304) and, when the client accepts gzip,
/// the precompressed body (`Content-Encoding: gzip`, `Vary: Accept-Encoding`). Caching:
/// versioned URLs (`/v/{version}/…`) a year, `immutable`; pages and unversioned app files
/// `no-cache` (revalidated); unversioned vendor modules an hour. Unknown paths are 404: only
/// files read at start exist, so no request reaches the file system.
struct StaticFiles: Sendable {
    /// The literal comment replaced by the import map in served pages.
    static let importMapMarker = StaticCatalog.importMapMarker

    static let immutable = "public, max-age=31536000, immutable"
    static let revalidate = "no-cache"
    static let vendorCache = "public, max-age=3600"

    let catalog: StaticCatalog

    /// The import map the pages carry (its hash goes into the pages' CSP).
    var importMap: ImportMap { catalog.importMap }

    init(webRoot: URL, vendorRoot: URL) {
        catalog = StaticCatalog(webRoot: webRoot, vendorRoot: vendorRoot)
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/") { request, _ in try self.page("index.html", route: "/", request) }
        router.get("/boards/{boardId}") { request, _ in try self.page("index.html", route: "/boards/", request) }
        router.get("/join/{token}") { request, _ in try self.page("index.html", route: "/join/", request) }
        router.get("/stage/{sessionId}/{groupId}") { request, _ in
            try self.page("index.html", route: "/stage/", request)
        }
        router.get("/results/{sessionId}") { request, _ in try self.page("index.html", route: "/results/", request) }
        router.get("/vendor/**") { request, context in
            let parts = context.parameters.getCatchAll().map(String.init)
            guard let package = parts.first, ImportMap.packages.contains(package),
                let asset = catalog.vendor["/vendor/" + parts.joined(separator: "/")]
            else { throw APIError.notFound("no such vendor module") }
            return Self.response(asset, for: request, cache: Self.vendorCache)
        }
        router.get("/**") { request, context in
            try self.file(context.parameters.getCatchAll().map(String.init), request)
        }
    }

    private func page(_ name: String, route: String, _ request: Request) throws -> Response {
        guard let asset = catalog.page(name, route: route) else { throw APIError.notFound("no such file") }
        return Self.response(asset, for: request, cache: Self.revalidate)
    }

    /// `/v/{version}/vendor/…`, `/v/{version}/…` or an app file by its plain path.
    private func file(_ parts: [String], _ request: Request) throws -> Response {
        if parts.count >= 3, parts[0] == StaticCatalog.versionSegment {
            let version = parts[1]
            let rest = Array(parts.dropFirst(2))
            if rest[0] == "vendor", rest.count >= 3, ImportMap.packages.contains(rest[1]),
                let asset = catalog.vendor["/" + rest.joined(separator: "/")]
            {
                return Self.response(
                    asset, for: request, cache: version == catalog.vendorVersion ? Self.immutable : Self.revalidate)
            }
            return try appFile(rest, request, current: version == catalog.appVersion)
        }
        return try appFile(parts, request, current: false)
    }

    private func appFile(_ parts: [String], _ request: Request, current versioned: Bool) throws -> Response {
        let path = "/" + parts.joined(separator: "/")
        if path.hasSuffix(".html"), let page = catalog.page(String(path.dropFirst()), route: "/") {
            return Self.response(page, for: request, cache: Self.revalidate)
        }
        guard !parts.isEmpty, let asset = catalog.app[path] else { throw APIError.notFound("no such file") }
        return Self.response(asset, for: request, cache: versioned ? Self.immutable : Self.revalidate)
    }

    /// The asset in the form the client accepts, or 304 when its validator matches.
    static func response(_ asset: StaticAsset, for request: Request, cache: String) -> Response {
        let gzip = asset.gzip != nil && accepts("gzip", request.headers[.acceptEncoding])
        let etag = gzip ? asset.gzipETag : asset.etag
        var headers: HTTPFields = [
            .cacheControl: cache, .eTag: etag, .vary: "Accept-Encoding",
            .xContentTypeOptions: "nosniff",
        ]
        if let condition = request.headers[.ifNoneMatch], matches(condition, etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        if gzip { headers[.contentEncoding] = "gzip" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzip ? asset.gzip! : asset.identity))
    }

    /// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for this header).
    static func matches(_ condition: String, _ etag: String) -> Bool {
        let strip = { (tag: Substring) in tag.hasPrefix("W/") ? tag.dropFirst(2) : tag }
        return condition.split(separator: ",").contains { part in
            let tag = part.trimmingCharacters(in: .whitespaces)
            return tag == "*" || strip(Substring(tag)) == strip(Substring(etag))
        }
    }

    /// Whether an `Accept-Encoding` value accepts `coding` (by name or `*`, with q > 0).
    static func accepts(_ coding: String, _ header: String?) -> Bool {
        guard let header else { return false }
        var named: Double?
        var star: Double?
        for item in header.split(separator: ",") {
            let fields = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = fields.first else { continue }
            let q =
                fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if name == coding || (coding == "gzip" && name == "x-gzip") { named = q } else if name == "*" { star = q }
        }
        return (named ?? star ?? 0) > 0
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json", "map": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

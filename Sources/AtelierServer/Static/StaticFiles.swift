import Foundation
import Hummingbird
import NIOCore
import NIOFoundationEssentialsCompat

/// Serves the browser app from `web-static/` and Debian's Yjs modules under `/vendor/`.
///
/// Pages of the single-page app (`/`, `/boards/…`, `/join/…`) get `index.html`; every served
/// HTML file has `<!-- atelier:importmap -->` replaced by the import map. Paths are checked
/// component by component: no `..`, no hidden files, nothing outside the two roots.
struct StaticFiles: Sendable {
    static let importMapMarker = "<!-- atelier:importmap -->"

    let webRoot: URL
    let vendorRoot: URL
    let importMap: ImportMap

    init(webRoot: URL, vendorRoot: URL) {
        self.webRoot = webRoot.standardizedFileURL
        self.vendorRoot = vendorRoot.standardizedFileURL
        self.importMap = ImportMap(vendorRoot: vendorRoot)
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/") { _, _ in try self.page("index.html") }
        router.get("/boards/{boardId}") { _, _ in try self.page("index.html") }
        router.get("/join/{token}") { _, _ in try self.page("index.html") }
        router.get("/stage/{sessionId}/{groupId}") { _, _ in try self.page("index.html") }
        router.get("/results/{sessionId}") { _, _ in try self.page("index.html") }
        router.get("/vendor/**") { _, context in
            let parts = context.parameters.getCatchAll().map(String.init)
            guard let package = parts.first, ImportMap.packages.contains(package),
                let last = parts.last, last.hasSuffix(".js") || last.hasSuffix(".mjs")
            else {
                throw APIError.notFound("no such vendor module")
            }
            return try self.file(in: self.vendorRoot, parts, cache: "public, max-age=3600")
        }
        router.get("/**") { _, context in
            try self.file(in: self.webRoot, context.parameters.getCatchAll().map(String.init), cache: "no-cache")
        }
    }

    private func page(_ name: String) throws -> Response {
        try file(in: webRoot, [name], cache: "no-cache")
    }

    private func file(in root: URL, _ parts: [String], cache: String) throws -> Response {
        guard !parts.isEmpty,
            parts.allSatisfy({
                !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("/") && !$0.contains("\\") && !$0.contains("\0")
            })
        else { throw APIError.notFound("no such file") }
        let url = parts.reduce(root) { $0.appendingPathComponent($1) }.standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = root.resolvingSymlinksInPath().path
        var isDirectory: ObjCBool = false
        guard url.path.hasPrefix(rootPath + "/"),
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            var data = FileManager.default.contents(atPath: url.path)
        else { throw APIError.notFound("no such file") }
        let type = Self.contentType(of: url.pathExtension)
        if url.pathExtension == "html", let text = String(data: data, encoding: .utf8) {
            data = Data(text.replacingOccurrences(of: Self.importMapMarker, with: importMap.scriptElement).utf8)
        }
        return Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: cache, .init("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    static func contentType(of pathExtension: String) -> String {
        switch pathExtension {
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
        default: "application/octet-stream"
        }
    }
}

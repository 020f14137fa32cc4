import Foundation
import Logging

/// Every static file the server sends, read, hashed and compressed once when it starts: the
/// app (`web-static/`), the vendored Yjs modules, and the pages built from the app's HTML.
///
/// Versioned URLs: each tree has a version, the first 16 hex digits of a SHA-256 over its
/// files' paths and contents, and is also served under `/v/{version}/…` (the app) and
/// `/v/{version}/vendor/…` (the vendor modules). Those URLs never change meaning, so they are
/// cached for a year as `immutable`; a changed file changes its tree's version. Pages load
/// the app through them: the page's stylesheets and entry script are rewritten to versioned
/// URLs, and the import map sends bare specifiers (`yjs`, `lib0/…`) to versioned vendor URLs.
/// Relative imports inside a module resolve inside its own versioned tree, so every module has
/// exactly one URL. Pages themselves are revalidated on each load (`no-cache`, ETag → 304).
///
/// Preloading: a page's `<!-- atelier:preload -->` becomes one `<link rel="modulepreload">`
/// per module of its route's static import graph (``ModuleGraph``), so the browser fetches
/// them all at once. The routes' entry modules are the app's own choice, in
/// `web-static/preload.json`: `{"/boards/": ["app.js", "components/board-editor.js"], …}`;
/// an entry `dir/*.js` names every module of that folder (modules the page imports
/// dynamically, such as the board kinds a console lists).
///
/// For example:
///
/// ```swift
/// let catalog = StaticCatalog(webRoot: root, vendorRoot: URL(filePath: "/usr/share/nodejs"))
/// catalog.page("index.html", route: "/boards/")   // the board page, with its preloads
/// catalog.app["/app.js"]                          // a file, with its gzip form and ETag
/// ```
struct StaticCatalog: Sendable {
    /// The first path segment of versioned URLs.
    static let versionSegment = "v"
    static let importMapMarker = "<!-- atelier:importmap -->"
    static let preloadMarker = "<!-- atelier:preload -->"
    /// The app's table of routes and their entry modules.
    static let preloadManifest = "preload.json"

    /// The app's version (the `{version}` of `/v/{version}/…`).
    let appVersion: String
    /// The vendor modules' version (the `{version}` of `/v/{version}/vendor/…`).
    let vendorVersion: String
    /// The import map pages carry (versioned URLs).
    let importMap: ImportMap
    /// The app's files by URL path (`/app.js`, `/lib/html.js`); HTML files as they are on disk.
    let app: [String: StaticAsset]
    /// The vendored modules by URL path (`/vendor/lib0/array.js`).
    let vendor: [String: StaticAsset]
    /// Pages: `{file}\u{0}{route}` → the file with its import map, versioned URLs and preloads.
    private let pages: [String: StaticAsset]

    /// Reads both trees; a missing or unreadable tree is empty (and logged).
    init(webRoot: URL, vendorRoot: URL, logger: Logger = Logger(label: "atelier.static")) {
        let appFiles = Self.files(under: webRoot, urlPrefix: "", keep: { _ in true })
        var vendorFiles: [String: [UInt8]] = [:]
        for package in ImportMap.packages {
            let found = Self.files(
                under: vendorRoot.appendingPathComponent(package), urlPrefix: "/vendor/\(package)",
                keep: { $0.hasSuffix(".js") || $0.hasSuffix(".mjs") })
            vendorFiles.merge(found) { a, _ in a }
        }
        if appFiles.isEmpty {
            logger.warning("no app files to serve", metadata: ["webRoot": "\(webRoot.path)"])
        }
        if !Gzip.isAvailable {
            logger.warning("zlib (libz.so.1) not found: static files are served uncompressed")
        }

        var app: [String: StaticAsset] = [:]
        for (path, bytes) in appFiles {
            app[path] = StaticAsset(bytes: bytes, contentType: StaticFiles.contentType(of: path))
        }
        var vendor: [String: StaticAsset] = [:]
        for (path, bytes) in vendorFiles {
            vendor[path] = StaticAsset(bytes: bytes, contentType: StaticFiles.contentType(of: path))
        }
        let appVersion = Self.version(of: app.filter { !$0.key.hasSuffix(".html") })
        let vendorVersion = Self.version(of: vendor)
        self.appVersion = appVersion
        self.vendorVersion = vendorVersion
        self.app = app
        self.vendor = vendor

        let plainMap = ImportMap(vendorRoot: vendorRoot)
        let versionedVendor = "/\(Self.versionSegment)/\(vendorVersion)/vendor/"
        let importMap = plainMap.mapping { url in
            url.hasPrefix("/vendor/") ? versionedVendor + url.dropFirst("/vendor/".count) : url
        }
        self.importMap = importMap

        // The module graph, in unversioned URL paths.
        var sources: [String: String] = [:]
        for (path, asset) in app where path.hasSuffix(".js") || path.hasSuffix(".mjs") { sources[path] = asset.text }
        for (path, asset) in vendor { sources[path] = asset.text }
        let graph = ModuleGraph(modules: sources, importMap: plainMap.imports)
        let routes = Self.routes(from: app["/" + Self.preloadManifest], logger: logger)

        func versioned(_ path: String) -> String {
            if path.hasPrefix("/vendor/") { return versionedVendor + path.dropFirst("/vendor/".count) }
            return "/\(Self.versionSegment)/\(appVersion)\(path)"
        }
        var pages: [String: StaticAsset] = [:]
        for (path, asset) in app where path.hasSuffix(".html") {
            for (route, entries) in routes.merging(["/": routes["/"] ?? []], uniquingKeysWith: { a, _ in a }) {
                let paths = entries.flatMap { entry -> [String] in
                    guard entry.hasSuffix("/*.js") else { return ["/" + entry] }
                    let folder = "/" + entry.dropLast("*.js".count)
                    return app.keys.filter {
                        $0.hasPrefix(folder) && $0.hasSuffix(".js") && !$0.dropFirst(folder.count).contains("/")
                    }
                    .sorted()
                }
                let preloads = graph.closure(of: paths).map(versioned)
                let html = Self.render(
                    asset.text, importMap: importMap, preloads: preloads,
                    versioned: { app[$0] != nil && !$0.hasSuffix(".html") ? versioned($0) : nil })
                pages["\(path)\u{0}\(route)"] = StaticAsset(
                    bytes: Array(html.utf8), contentType: StaticFiles.contentType(of: path))
            }
        }
        self.pages = pages
    }

    /// A page (`index.html`) as served for a route (`/`, `/boards/`, …; unknown routes get `/`'s).
    func page(_ name: String, route: String) -> StaticAsset? {
        pages["/\(name)\u{0}\(route)"] ?? pages["/\(name)\u{0}/"]
    }

    // MARK: - Building

    /// Regular files under `root` (none hidden, none outside it), by URL path.
    private static func files(under root: URL, urlPrefix: String, keep: (String) -> Bool) -> [String: [UInt8]] {
        let base = root.standardizedFileURL.resolvingSymlinksInPath()
        guard
            let walker = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [:] }
        var out: [String: [UInt8]] = [:]
        for case let url as URL in walker {
            let real = url.standardizedFileURL.resolvingSymlinksInPath()
            guard real.path.hasPrefix(base.path + "/"),
                (try? real.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count))
            guard keep(relative), !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                let data = FileManager.default.contents(atPath: real.path)
            else { continue }
            out[urlPrefix + relative] = [UInt8](data)
        }
        return out
    }

    /// 16 hex digits of a SHA-256 over the files' paths and digests, in path order.
    private static func version(of files: [String: StaticAsset]) -> String {
        let listing = files.keys.sorted().map { "\($0) \(files[$0]!.digest)\n" }.joined()
        return String(StaticAsset(bytes: Array(listing.utf8), contentType: "text/plain").digest.prefix(16))
    }

    /// The routes of `preload.json` (route → entry modules relative to the web root).
    private static func routes(from manifest: StaticAsset?, logger: Logger) -> [String: [String]] {
        guard let manifest else { return [:] }
        guard let table = try? JSONSerialization.jsonObject(with: Data(manifest.text.utf8)) as? [String: Any] else {
            logger.warning("preload.json is not a JSON object; no module preloading")
            return [:]
        }
        return table.compactMapValues { $0 as? [String] }.filter { $0.key.hasPrefix("/") }
    }

    /// A page with its import map, its preloads, and its `href="/…"` / `src="/…"` versioned.
    private static func render(
        _ html: String, importMap: ImportMap, preloads: [String], versioned: (String) -> String?
    ) -> String {
        var out = html.replacingOccurrences(of: importMapMarker, with: importMap.scriptElement)
        let links = preloads.map { "<link rel=\"modulepreload\" href=\"\($0)\" />" }.joined(separator: "\n    ")
        out = out.replacingOccurrences(of: preloadMarker, with: links)
        let range = NSRange(out.startIndex..., in: out)
        var result = ""
        var last = out.startIndex
        for match in urlAttribute.matches(in: out, range: range) {
            guard let whole = Range(match.range, in: out), let name = Range(match.range(at: 1), in: out),
                let path = Range(match.range(at: 2), in: out), let target = versioned(String(out[path]))
            else { continue }
            result += out[last..<whole.lowerBound] + "\(out[name])=\"\(target)\""
            last = whole.upperBound
        }
        return result + out[last...]
    }

    private static let urlAttribute = try! NSRegularExpression(
        pattern: #"\b(href|src)="(/[^"?#/][^"?#]*)""#)
}

import Foundation

/// The static import graph of the app's and the vendor's ES modules, read once at start, so a
/// page can ask the browser to fetch a route's whole graph at once (`<link rel="modulepreload">`)
/// instead of discovering it one level per round trip.
///
/// A module's static imports are its `import … from '…'`, `import '…'` and `export … from '…'`
/// statements (dynamic `import()` is left out: it loads later, on demand). Specifiers resolve as
/// the browser resolves them: relative ones against the importing module's path, bare ones
/// through the import map (exact entry, else the longest `…/` prefix entry).
///
/// For example:
///
/// ```swift
/// let graph = ModuleGraph(modules: ["/app.js": source, …], importMap: map.imports)
/// graph.closure(of: ["/app.js"])  // ["/lib/html.js", …, "/app.js"], dependencies first
/// ```
struct ModuleGraph: Sendable {
    /// Path → the paths it imports statically (only those that are known modules).
    let edges: [String: [String]]

    /// Builds the graph of `modules` (URL path → source text), resolving bare specifiers with
    /// `importMap` (specifier → URL path).
    init(modules: [String: String], importMap: [String: String]) {
        var edges: [String: [String]] = [:]
        for (path, source) in modules {
            edges[path] = Self.staticSpecifiers(in: source).compactMap {
                Self.resolve($0, from: path, importMap: importMap)
            }.filter { modules[$0] != nil }
        }
        self.edges = edges
    }

    /// Every module `entries` need, dependencies before the modules that import them.
    func closure(of entries: [String]) -> [String] {
        var seen: Set<String> = []
        var order: [String] = []
        func visit(_ path: String) {
            guard seen.insert(path).inserted else { return }
            for next in edges[path] ?? [] { visit(next) }
            order.append(path)
        }
        for entry in entries where edges[entry] != nil { visit(entry) }
        return order
    }

    // The `from '…'` or bare `import '…'` of a statement that starts a line or follows `;` or `}`.
    // swift-format-ignore
    private static let statement = try! NSRegularExpression(
        pattern: #"(?:^|[;}])[ \t]*(?:import|export)[ \t\n]*(?:[\w$*{}, \t\n]*?[ \t\n]*from[ \t\n]*)?(['"])([^'"\n]+)\1"#,
        options: [.anchorsMatchLines])

    /// The specifiers a module imports statically, in order.
    static func staticSpecifiers(in source: String) -> [String] {
        let range = NSRange(source.startIndex..., in: source)
        return statement.matches(in: source, range: range).compactMap { match in
            Range(match.range(at: 2), in: source).map { String(source[$0]) }
        }
    }

    /// The URL path a specifier names from the module at `importer` (a URL path), or nil.
    static func resolve(_ specifier: String, from importer: String, importMap: [String: String]) -> String? {
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") || specifier.hasPrefix("/") {
            var parts = specifier.hasPrefix("/") ? [] : importer.split(separator: "/").dropLast().map(String.init)
            for part in specifier.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == ".." {
                    if parts.isEmpty { return nil }
                    parts.removeLast()
                } else {
                    parts.append(String(part))
                }
            }
            return "/" + parts.joined(separator: "/")
        }
        if let exact = importMap[specifier] { return exact }
        let prefix = importMap.keys.filter { $0.hasSuffix("/") && specifier.hasPrefix($0) }.max { $0.count < $1.count }
        return prefix.map { importMap[$0]! + specifier.dropFirst($0.count) }
    }
}

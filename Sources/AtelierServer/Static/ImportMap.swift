import Foundation

/// The import map that lets the browser `import * as Y from 'yjs'` from Debian's packages.
///
/// Built from each package's `package.json` `exports`: for every entry the `browser` target,
/// else `import`, else `module`, else `default` (CommonJS `.cjs` targets skipped), each mapped
/// to `/vendor/<package>/<path>`; plus a `lib0/` prefix entry and `isomorphic.js`'s browser
/// module. `yjs` maps to exactly one URL, so every module shares one copy of Yjs.
struct ImportMap: Sendable {
    /// The packages served under `/vendor/`.
    static let packages = ["yjs", "lib0", "y-protocols", "y-websocket", "isomorphic.js"]

    /// Specifier → URL.
    let imports: [String: String]

    /// Reads the packages' manifests under `vendorRoot` (missing packages are skipped).
    init(vendorRoot: URL) {
        var imports: [String: String] = [:]
        for package in Self.packages {
            let manifestURL = vendorRoot.appendingPathComponent(package).appendingPathComponent("package.json")
            guard let data = try? Data(contentsOf: manifestURL),
                let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { continue }
            for (specifier, target) in Self.entries(of: manifest, package: package) {
                imports[specifier] = "/vendor/\(package)/\(target)"
            }
            if package != "isomorphic.js" { imports["\(package)/"] = "/vendor/\(package)/" }
        }
        imports["isomorphic.js"] = "/vendor/isomorphic.js/browser.mjs"
        self.imports = imports
    }

    /// The map as the JSON of a `<script type="importmap">`.
    var json: String {
        let data = try? JSONSerialization.data(
            withJSONObject: ["imports": imports], options: [.sortedKeys, .withoutEscapingSlashes])
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "{\"imports\":{}}"
    }

    /// The `<script>` element that replaces `<!-- atelier:importmap -->` in served pages.
    var scriptElement: String {
        // `</` cannot occur in the JSON of paths, but escape it anyway for a script element.
        "<script type=\"importmap\">\(json.replacingOccurrences(of: "</", with: "<\\/"))</script>"
    }

    private static func entries(of manifest: [String: Any], package: String) -> [(String, String)] {
        guard let exports = manifest["exports"] else {
            let main = (manifest["module"] as? String) ?? (manifest["main"] as? String)
            return main.map { [(package, clean($0))] } ?? []
        }
        if let target = exports as? String { return [(package, clean(target))] }
        guard let table = exports as? [String: Any] else { return [] }
        if !table.keys.contains(where: { $0.hasPrefix(".") }) {
            return pick(table).map { [(package, clean($0))] } ?? []
        }
        var result: [(String, String)] = []
        for (key, value) in table where !key.contains("*") {
            guard let target = pick(value), !target.hasSuffix(".cjs"), !target.hasSuffix(".json") else { continue }
            let specifier = key == "." ? package : package + "/" + key.dropFirst(2)
            result.append((specifier, clean(target)))
        }
        return result
    }

    /// The browser-facing ES module target of an export entry.
    private static func pick(_ value: Any) -> String? {
        if let target = value as? String { return target }
        guard let conditions = value as? [String: Any] else { return nil }
        for condition in ["browser", "import", "module", "default"] {
            if let nested = conditions[condition], let target = pick(nested), !target.hasSuffix(".cjs") {
                return target
            }
        }
        return nil
    }

    private static func clean(_ target: String) -> String {
        target.hasPrefix("./") ? String(target.dropFirst(2)) : target
    }
}

import Crypto
import Foundation

/// The import map that lets the browser `import * as Y from 'yjs'` from Debian's packages.
///
/// Built once at start from each vendored package's `package.json` `exports`, following the
/// rules in docs/PROTOCOL.md ("Vendor modules and the import map"): the `browser`, else
/// `import`, else `default` target of each entry; CommonJS, non-module and missing targets
/// skipped; `yjs` mapped to exactly one URL (two copies break `instanceof` between types);
/// a `lib0/` prefix entry as a safety net.
struct ImportMap: Sendable {
    /// The packages served under `/vendor/`, in the order their manifests are read.
    static let packages = ["yjs", "lib0", "y-protocols", "y-websocket", "isomorphic.js"]

    /// Specifier → URL.
    let imports: [String: String]

    /// A map with these entries.
    init(imports: [String: String]) {
        self.imports = imports
    }

    /// The same map with every URL passed through `transform` (e.g. to versioned URLs).
    func mapping(_ transform: (String) -> String) -> ImportMap {
        ImportMap(imports: imports.mapValues(transform))
    }

    /// Reads the packages' manifests under `vendorRoot` (a missing package is skipped).
    init(vendorRoot: URL) {
        var imports: [String: String] = [:]
        for package in Self.packages {
            let root = vendorRoot.appendingPathComponent(package)
            guard let data = try? Data(contentsOf: root.appendingPathComponent("package.json")),
                let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { continue }
            let isModule = (manifest["type"] as? String) == "module"
            for (key, value) in Self.exportTable(of: manifest) {
                if package == "yjs" && key != "." { continue }
                guard !key.contains("*"), let (target, conditional) = Self.resolve(value) else { continue }
                let path = target.hasPrefix("./") ? String(target.dropFirst(2)) : target
                guard path.hasSuffix(".js") || path.hasSuffix(".mjs"),
                    conditional || isModule || !path.hasSuffix(".js"),
                    !path.split(separator: "/").contains(".."),
                    FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
                else { continue }
                let specifier = key == "." ? package : package + key.dropFirst()
                imports[specifier] = "/vendor/\(package)/\(path)"
            }
        }
        if imports["lib0"] != nil || imports.keys.contains(where: { $0.hasPrefix("lib0/") }) {
            imports["lib0/"] = "/vendor/lib0/"
        }
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
        "<script type=\"importmap\">\(scriptText)</script>"
    }

    /// The inline script's text, whose hash the pages' Content-Security-Policy allows.
    var scriptText: String {
        json.replacingOccurrences(of: "</", with: "<\\/")
    }

    /// `'sha256-…'` of the inline script, for `script-src`.
    var cspHash: String {
        "'sha256-\(Data(SHA256.hash(data: Data(scriptText.utf8))).base64EncodedString())'"
    }

    /// The manifest's export table: key (`.` or `./sub`) → export value.
    private static func exportTable(of manifest: [String: Any]) -> [(String, Any)] {
        guard let exports = manifest["exports"] else {
            let entry = (manifest["browser"] as? String) ?? (manifest["module"] as? String)
            return entry.map { [(".", $0)] } ?? []
        }
        if let table = exports as? [String: Any], table.keys.contains(where: { $0.hasPrefix(".") }) {
            return table.map { ($0.key, $0.value) }
        }
        return [(".", exports)]
    }

    /// The target of an export value, and whether it came through conditions.
    private static func resolve(_ value: Any) -> (String, Bool)? {
        if let target = value as? String { return (target, false) }
        guard let conditions = value as? [String: Any] else { return nil }
        for condition in ["browser", "import", "default"] {
            if let nested = conditions[condition], let (target, _) = resolve(nested) { return (target, true) }
        }
        return nil
    }
}

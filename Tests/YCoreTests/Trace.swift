import Foundation

/// An editing trace from `Tests/Fixtures/traces` (`{startContent, endContent, txns}`).
struct Trace {
    var startContent: String
    var endContent: String
    /// (position in code points, deleted count, inserted text).
    var patches: [(Int, Int, String)]

    static func load(_ name: String) throws -> Trace {
        let url = TestSupport.fixturesDirectory.appendingPathComponent("traces/\(name).json.gz")
        // A missing fixture fails the test that needs it; it does not stop the whole run.
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TraceError("missing fixture \(url.path) (see Tests/Fixtures/README.md)")
        }
        let (data, status) = try TestSupport.run("/bin/gzip", ["-dc", url.path])
        guard status == 0 else { throw TraceError("gzip -dc exited \(status) for \(url.path)") }
        let obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var patches: [(Int, Int, String)] = []
        for txn in obj["txns"] as! [[String: Any]] {
            for patch in txn["patches"] as! [[Any]] {
                patches.append(
                    ((patch[0] as! NSNumber).intValue, (patch[1] as! NSNumber).intValue, patch[2] as! String))
            }
        }
        return Trace(
            startContent: obj["startContent"] as! String, endContent: obj["endContent"] as! String, patches: patches)
    }
}

struct TraceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

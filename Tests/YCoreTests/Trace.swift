import Foundation

/// An editing trace from `shared/traces` (`{startContent, endContent, txns}`).
struct Trace {
    var startContent: String
    var endContent: String
    /// (position in code points, deleted count, inserted text).
    var patches: [(Int, Int, String)]

    static func load(_ name: String) throws -> Trace {
        let url = TestSupport.sharedDirectory.appendingPathComponent("traces/\(name).json.gz")
        let (data, status) = try TestSupport.run("/bin/gzip", ["-dc", url.path])
        precondition(status == 0, "gzip failed for \(url.path)")
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

import Foundation
import NIOHTTP1

/// JSON calls to the server's API, for tests.
struct API {
    let server: TestServer

    /// GET, returning the parsed JSON object; fails the test on a status other than `expect`.
    func get(_ path: String, token: String? = nil, expect: Int = 200) async throws -> [String: Any] {
        let reply = try await HTTP.get(server.baseURL + path, token: token ?? server.token)
        guard reply.status == expect else { throw TestFailure("GET \(path) → \(reply.status): \(reply.text)") }
        return (try? reply.json() as? [String: Any]) ?? [:]
    }

    /// POST a JSON body (or raw data), returning the parsed JSON object.
    func post(_ path: String, _ body: Any = [String: Any](), token: String? = nil, expect: Int = 200) async throws
        -> [String: Any]
    {
        let data = try (body as? Data) ?? JSONSerialization.data(withJSONObject: body)
        let reply = try await HTTP.send(server.baseURL + path, method: .POST, token: token ?? server.token, body: data)
        guard reply.status == expect else { throw TestFailure("POST \(path) → \(reply.status): \(reply.text)") }
        return (try? reply.json() as? [String: Any]) ?? [:]
    }

    /// Any method with a JSON body; returns the parsed JSON object.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, _ body: Any? = nil, token: String? = nil, expect: Int = 200)
        async throws -> [String: Any]
    {
        let data = try body.map { try ($0 as? Data) ?? JSONSerialization.data(withJSONObject: $0) }
        let reply = try await HTTP.send(server.baseURL + path, method: method, token: token ?? server.token, body: data)
        guard reply.status == expect else {
            throw TestFailure("\(method) \(path) → \(reply.status), expected \(expect): \(reply.text)")
        }
        return (try? reply.json() as? [String: Any]) ?? [:]
    }

    /// The error code of a refusal (`{"error": {"code"}}`), asserting its status.
    func refusal(_ method: HTTPMethod, _ path: String, _ body: Any? = nil, token: String? = nil, status: Int)
        async throws -> String?
    {
        let json = try await send(method, path, body, token: token, expect: status)
        return (json["error"] as? [String: Any])?["code"] as? String
    }

    /// The example definition with `startDate` moved `daysAgo` days back (so later days have begun).
    static func exampleDefinition(startDaysAgo daysAgo: Int = 2) throws -> [String: Any] {
        let url = TestServer.packageRoot.appendingPathComponent("sessions/examples/cdo-sprint.json")
        var definition = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        let start = calendar.date(byAdding: .day, value: -daysAgo, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        definition["startDate"] = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        return definition
    }
}

import Foundation
import Testing

/// A session made from the example and moved to `ideate` (its ideas boards open for their
/// groups), with what the tests of running the room need: its boards and its people.
struct IdeateSession {
    let api: API
    let id: String
    let created: [String: Any]

    /// Creates the session through `api`'s server (a node of a cluster too).
    init(on api: API) async throws {
        self.api = api
        created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        id = try #require(created["id"] as? String)
        _ = try await api.post(
            "/api/v1/sessions/\(id)/phase",
            ["action": "goto", "phase": "ideate", "override": true, "reason": "running the room"])
    }

    /// The id of a group's board of `kind`.
    func board(_ kind: String, group: String = "g1") throws -> String {
        let groups = created["groups"] as? [[String: Any]] ?? []
        let boards = groups.first { $0["id"] as? String == group }?["boards"] as? [[String: Any]] ?? []
        return try #require(boards.first { $0["kind"] as? String == kind }?["id"] as? String)
    }

    /// A group's participants, in the definition's order.
    func participants(_ group: String) -> [(id: String, token: String)] {
        (created["invites"] as? [[String: Any]] ?? []).filter {
            $0["group"] as? String == group && $0["role"] as? String == "participant"
        }.compactMap { invite in
            guard let id = invite["id"] as? String, let token = invite["token"] as? String else { return nil }
            return (id, token)
        }
    }

    /// The token of the first invite of `role`.
    func token(of role: String) throws -> String {
        try #require(
            (created["invites"] as? [[String: Any]])?.first { $0["role"] as? String == role }?["token"] as? String)
    }
}

extension Peers {
    /// Runs the history peer (`Tests/Interop/server/history_peer.py`) once; returns the items it saw last.
    static func history(_ wsURL: String, _ token: String, _ board: String, _ arguments: [String] = []) async throws
        -> [String: [String: Any]]
    {
        let output = try await run(
            python, [script("Interop/server/history_peer.py"), wsURL, token, board] + arguments)
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return try #require(json?["items"] as? [String: [String: Any]], "\(output)")
    }

    /// Starts a watcher on a board: a pycrdt peer (`vote_peer.py --watch`) that records every
    /// frame it receives until its standard input closes (or `--wait-item`, `--wait-count`
    /// holds); returns once it has synced.
    static func watch(_ wsURL: String, _ token: String, _ board: String, _ arguments: [String] = []) async throws
        -> PeerProcess
    {
        let process = PeerProcess(
            python, [script("Interop/server/vote_peer.py"), wsURL, token, board, "--watch"] + arguments)
        try process.start()
        try await waitUntil("a watcher synced") { process.output.contains(#""event": "synced""#) }
        return process
    }

    /// Ends a watcher (if still running) and returns its report (`needles`, `texts`, `votes`).
    static func report(_ process: PeerProcess) async throws -> [String: Any] {
        process.closeInput()
        try await waitUntil("the watcher reports") { !process.isRunning }
        return try #require(process.jsonLines.last, "\(process.output)\n\(process.errors)")
    }
}

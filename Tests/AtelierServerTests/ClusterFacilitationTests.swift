import Foundation
import NIOHTTP1
import Testing

/// Running the room on two nodes sharing one PostgreSQL (issues 14 and 15): a board made private
/// on one node withholds on the other too (peers watching and joining there), and the vote
/// budget holds when one participant votes through both nodes at once.
@Suite("Running the room on several nodes", .serialized, .enabled(if: ClusterSupport.available))
struct ClusterFacilitationTests {
    @Test("private on node A, watched on node B: nothing withheld crosses; revealed, node B's peers get it all")
    func privateAcrossNodes() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let (a, b) = (API(server: nodes[0]), nodes[1])
        let created = try await IdeateSession(on: a)
        let session = created.id
        let ideas = try created.board("ideas")
        let tokens = created.participants("g1").map(\.token)
        let (alice, bob, carol) = (tokens[0], tokens[1], tokens[2])
        let history = Peers.script("Interop/server/history_peer.py")
        try await Peers.run(Peers.python, [history, nodes[0].wsURL, alice, ideas, "--add", "s1=shared idea"])

        // Bob's peer on node B is open on the board (its room there is loaded) before it goes private on A.
        let needles = ["private idea", "p1", "shared idea, refined"].flatMap { ["--needle", $0] }
        let bobWatch = try await Peers.watch(b.wsURL, bob, ideas, needles)
        _ = try await a.post("/api/v1/boards/\(ideas)/mode", ["mode": "private"])
        // Node B has the session's new policy before Alice writes (its state says private).
        try await waitUntil("node B knows the board is private") {
            let state = try await API(server: b).get("/api/v1/sessions/\(session)", token: bob)
            let boards = (state["groups"] as? [[String: Any]])?.flatMap { $0["boards"] as? [[String: Any]] ?? [] }
            return boards?.first { $0["id"] as? String == ideas }?["private"] as? Bool == true
        }
        try await Peers.run(
            Peers.python,
            [history, nodes[0].wsURL, alice, ideas, "--add", "p1=private idea", "--edit", "s1=shared idea, refined"])
        // Alice's work is on node B's side too: she gets it back there.
        let aliceOnB = try await Peers.run(Peers.python, [history, b.wsURL, alice, ideas])
        #expect(aliceOnB.contains("private idea"), "\(aliceOnB)")
        // Carol joins on node B: her sync answer is all she gets.
        let carolOnB = try await Peers.report(try await Peers.watch(b.wsURL, carol, ideas, needles))
        let bobReport = try await Peers.report(bobWatch)
        for (who, report) in [("Bob, watching on B", bobReport), ("Carol, joining on B", carolOnB)] {
            let found = report["needles"] as? [String: Bool] ?? [:]
            #expect(found.count == 3 && found.values.allSatisfy { !$0 }, "\(who) saw withheld work: \(report)")
        }

        // Revealed on node A: Bob's peer on node B gets everything.
        let bobOpen = try await Peers.watch(b.wsURL, bob, ideas, ["--wait-item", "p1"])
        _ = try await a.post("/api/v1/boards/\(ideas)/mode", ["mode": "shared"])
        try await waitUntil("Bob's peer on node B has the revealed note") { !bobOpen.isRunning }
        let texts = bobOpen.jsonLines.last?["texts"] as? [String: String]
        #expect(texts == ["s1": "shared idea, refined", "p1": "private idea"], "\(bobOpen.output)")
    }

    @Test("one participant voting through two nodes at once spends exactly the budget; both nodes' boards agree")
    func votesAcrossNodes() async throws {
        let nodes = try await ClusterSupport.nodes(2)
        let a = API(server: nodes[0])
        let created = try await IdeateSession(on: a)
        let ideas = try created.board("ideas")
        let (id, token) = try #require(created.participants("g1").first)
        let history = Peers.script("Interop/server/history_peer.py")
        try await Peers.run(
            Peers.python,
            [history, nodes[0].wsURL, token, ideas] + (1...6).flatMap { ["--add", "n\($0)=idea \($0)"] })

        let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for index in 0..<12 {
                let node = nodes[index % 2]
                tasks.addTask {
                    try await HTTP.send(
                        node.baseURL + "/api/v1/boards/\(ideas)/votes", method: .POST, token: token,
                        body: try JSONSerialization.data(withJSONObject: ["item": "n\(index % 6 + 1)"])
                    ).status
                }
            }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 3, "\(statuses.sorted())")
        for node in nodes {
            try await waitUntil("node \(node.port)'s board shows three votes") {
                let export = try await API(server: node).get("/api/v1/boards/\(ideas)/export.json")
                let items = export["items"] as? [String: [String: Any]] ?? [:]
                return items.values.filter { ($0["votes"] as? [String: Any])?[id] as? Bool == true }.count == 3
            }
        }
    }
}

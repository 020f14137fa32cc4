import Foundation
import GRDB
import Testing

@testable import Storage

/// A long update log is compacted into one snapshot: only covered rows are removed, who sent
/// what is kept, and the board is intact after a restart.
@Suite("Compaction", .serialized)
struct CompactionTests {
    @Test("600 updates become a snapshot and the rows after it; attribution and content survive a restart")
    func compactsAndKeepsAttribution() async throws {
        let server = try await TestServer()
        let board = "compaction-board"
        try await Peers.run(
            Peers.python, [Peers.script("Interop/server/many_updates.py"), server.wsURL, server.token, board, "600"])
        let database = try AppDatabase.open(directory: server.dataDirectory)
        let (rows, snapshot, contributed) = try await database.reader.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM boardUpdate WHERE boardId = ?", arguments: [board])
                    ?? -1,
                try Int64.fetchOne(
                    db, sql: "SELECT throughUpdateId FROM boardSnapshot WHERE boardId = ?", arguments: [board]),
                try Int.fetchOne(
                    db, sql: "SELECT SUM(updates) FROM boardContribution WHERE boardId = ? AND sender = 'facilitator'",
                    arguments: [board]) ?? 0
            )
        }
        #expect(snapshot != nil)
        #expect(rows < 600 && rows >= 0)
        #expect(rows + contributed == 600, "every update is either still a row or counted in the attribution")
        await server.stop()
        try await server.start()
        let export = try await HTTP.get(server.baseURL + "/api/v1/boards/\(board)/export.json", token: server.token)
        let json = try #require(try export.json() as? [String: Any])
        let map = try #require(json["m"] as? [String: Any])
        #expect(map.count == 600)
        #expect(map["k599"] as? Int == 599)
    }

    @Test("large updates overwriting one value are folded after about 16 MiB, not after 500 of them")
    func largeUpdatesAreCompactedSooner() async throws {
        let server = try await TestServer()
        let board = "compaction-large"
        // 40 updates of 1 MiB each: 40 MiB of history for a document that holds 1 MiB.
        try await Peers.run(
            Peers.python,
            [
                Peers.script("Interop/server/many_updates.py"), server.wsURL, server.token, board, "40", "--overwrite",
                "\(1 << 20)",
            ])
        let database = try AppDatabase.open(directory: server.dataDirectory)
        let (rows, bytes) = try await database.reader.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM boardUpdate WHERE boardId = ?", arguments: [board])
                    ?? -1,
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM boardUpdate WHERE boardId = ?",
                    arguments: [board]) ?? -1
            )
        }
        #expect(rows >= 0 && rows < 40, "\(rows) rows")
        #expect(bytes < 20 << 20, "\(bytes) bytes of history kept")
        let export = try await HTTP.get(server.baseURL + "/api/v1/boards/\(board)/export.json", token: server.token)
        let map = try #require((try export.json() as? [String: Any])?["m"] as? [String: Any])
        #expect((map["big"] as? String)?.count == 1 << 20)
    }
}

import Foundation
import Logging
import Testing

@testable import Storage

/// What only the shared store (PostgreSQL) does for the nodes.
@Suite("Cluster store", .enabled(if: PostgresTestDatabase.serverURL != nil))
struct ClusterStoreTests {
    @Test("live events are read after an id, and forgotten once older than asked")
    func liveEventsAreForgotten() async throws {
        let store = try await PostgresTestDatabase.makeStore()
        defer { Task { await store.shutdown() } }
        #expect(try await store.newestLiveEvent() == 0)
        try await store.publishLive(sessionId: "s1", version: 3, audience: "all", text: #"{"type":"phase"}"#)
        let newest = try await store.newestLiveEvent()
        #expect(try await store.liveEvents(after: 0).map(\.id) == [newest])
        try await store.forgetLiveEvents(olderThanSeconds: 3600)
        #expect(try await store.liveEvents(after: 0).count == 1, "an event of a moment ago stays")
        try await store.forgetLiveEvents(olderThanSeconds: 0)
        #expect(try await store.liveEvents(after: 0).isEmpty, "an event older than zero seconds goes")
        #expect(try await store.newestLiveEvent() == 0)
    }

    @Test("a node holding a board's turn is not overtaken: another node's append waits for the turn to end")
    func turnKeepsOtherNodesOut() async throws {
        let url = try await PostgresTestDatabase.makeDatabase()
        let nodeA = try await PostgresStore.connect(url: url, logger: Logger(label: "a"))
        let nodeB = try await PostgresStore.connect(url: url, logger: Logger(label: "b"))
        defer {
            Task {
                await nodeA.shutdown()
                await nodeB.shutdown()
            }
        }
        func update(_ byte: UInt8, board: String = "b1") -> NewBoardUpdate {
            NewBoardUpdate(boardId: board, data: [byte], sender: "p", phase: nil, createdAt: 1)
        }
        let turn = try await nodeA.takeTurn(boardId: "b1")
        let waiting = Task { try await nodeB.appendShared(update(2), after: 0, session: nil) }
        // Node B's append is queued behind the turn (PostgreSQL shows it waiting for the lock).
        let queued = try await eventually {
            // (pg_locks is the whole server's: other tests' databases are left out.)
            try await nodeA.rows(
                """
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """
            ).first?.decode(Int64.self) == 1
        }
        #expect(queued, "node B's append waits for node A's turn")
        // Another board is not held up.
        #expect(try await nodeB.appendShared(update(3, board: "b2"), after: 0, session: nil) == .committed(1))
        #expect(try await turn.appendShared(update(1), after: 0, session: nil) == .committed(1))
        #expect(try await turn.appendShared(update(4), after: 1, session: nil) == .committed(2))
        await turn.end()
        #expect(try await waiting.value == .behind, "node B judged against position 0 and must catch up")
        #expect(try await nodeB.appendShared(update(2), after: 2, session: nil) == .committed(3))
        #expect(try await nodeB.updates(boardId: "b1", after: 0).updates.map(\.data) == [[1], [4], [2]])
    }

    @Test(
        "appends made at once share statements, each judged alone: positions in order, a refused or bad one fails alone"
    )
    func appendsShareStatements() async throws {
        let store = try await PostgresTestDatabase.makeStore()
        defer { Task { await store.shutdown() } }
        _ = try await store.rows("INSERT INTO deleted_boards (board_id, deleted_at) VALUES ('gone', 1)")
        let boards = 30
        let perBoard = 10
        // Each board's appends one after the other (as a room's), the boards all at once.
        let positions = try await withThrowingTaskGroup(of: (Int, [SharedAppend]).self) { tasks in
            for board in 0..<boards {
                tasks.addTask {
                    var answers: [SharedAppend] = []
                    for position in 0..<Int64(perBoard) {
                        let update = NewBoardUpdate(
                            boardId: "b\(board)", data: [UInt8(board), UInt8(position)], sender: "p", createdAt: 1)
                        answers.append(try await store.appendShared(update, after: position, session: nil))
                    }
                    return (board, answers)
                }
            }
            // Among them, appends the database fails on (a NUL in the board id): each fails alone.
            for bad in 0..<5 {
                tasks.addTask {
                    let update = NewBoardUpdate(boardId: "bad\u{0}\(bad)", data: [1], sender: "p", createdAt: 1)
                    await #expect(throws: (any Error).self) {
                        try await store.appendShared(update, after: 0, session: nil)
                    }
                    return (-1, [])
                }
            }
            var all: [Int: [SharedAppend]] = [:]
            for try await (board, answers) in tasks where board >= 0 { all[board] = answers }
            return all
        }
        for board in 0..<boards {
            #expect(positions[board] == (1...Int64(perBoard)).map { .committed($0) }, "board \(board)")
            let stored = try await store.updates(boardId: "b\(board)", after: 0).updates
            #expect(stored.map(\.data) == (0..<perBoard).map { [UInt8(board), UInt8($0)] })
        }
        // Then appends to a deleted board among the boards' next ones: each is refused alone, and
        // the others are committed once (a refusal is an answer: nothing is sent again).
        let next = try await withThrowingTaskGroup(of: SharedAppend?.self) { tasks in
            for board in 0..<boards {
                tasks.addTask {
                    let update = NewBoardUpdate(boardId: "b\(board)", data: [255], sender: "p", createdAt: 1)
                    return try await store.appendShared(update, after: Int64(perBoard), session: nil)
                }
                if board % 5 == 0 {
                    tasks.addTask {
                        let update = NewBoardUpdate(boardId: "gone", data: [1], sender: "p", createdAt: 1)
                        await #expect(throws: StoreError.self) {
                            try await store.appendShared(update, after: 0, session: nil)
                        }
                        return nil
                    }
                }
            }
            return try await tasks.reduce(into: [SharedAppend]()) { if let answer = $1 { $0.append(answer) } }
        }
        #expect(next == Array(repeating: .committed(Int64(perBoard) + 1), count: boards))
        let sent = store.sharedAppends.statements.load(ordering: .relaxed)
        print("\(boards * (perBoard + 1) + 11) appends in \(sent) statements")
        #expect(sent < boards * perBoard, "appends made at once went together")
    }

    @Test("a small update comes whole with its notification, with its position and sender; a large one as a head")
    func notificationsCarrySmallUpdates() async throws {
        let url = try await PostgresTestDatabase.makeDatabase()
        let nodeA = try await PostgresStore.connect(url: url, logger: Logger(label: "a"))
        let nodeB = try await PostgresStore.connect(url: url, logger: Logger(label: "b"))
        defer {
            Task {
                await nodeA.shutdown()
                await nodeB.shutdown()
            }
        }
        let heard = nodeB.messages()
        var iterator = heard.makeAsyncIterator()
        // The listener reports itself connected first.
        #expect(await iterator.next() == .resynchronize)
        let small: [UInt8] = (0..<300).map { UInt8($0 % 256) }
        let large = [UInt8](repeating: 7, count: 6000)
        #expect(
            try await nodeA.appendShared(
                NewBoardUpdate(boardId: "b1", data: small, sender: "i_alice", phase: nil, createdAt: 1), after: 0,
                session: nil) == .committed(1))
        #expect(
            try await nodeA.appendShared(
                NewBoardUpdate(boardId: "b1", data: large, sender: "i_alice", phase: nil, createdAt: 2), after: 1,
                session: nil) == .committed(2))
        var board: [ClusterMessage] = []
        while board.count < 2, let message = await iterator.next() {
            switch message {
            case .boardUpdate, .boardHead: board.append(message)
            default: continue
            }
        }
        #expect(
            board == [
                .boardUpdate(board: "b1", position: 1, sender: "i_alice", data: small),
                .boardHead(board: "b1", head: 2),
            ])
    }

    @Test("a node refuses a database that a newer atelier migrated")
    func newerSchemaRefused() async throws {
        let url = try await PostgresTestDatabase.makeDatabase()
        let current = try await PostgresStore.connect(url: url, logger: Logger(label: "a"))
        _ = try await current.rows("INSERT INTO atelier_schema (version) VALUES (999)")
        await current.shutdown()
        await #expect(throws: StoreError.self) {
            let older = try await PostgresStore.connect(url: url, logger: Logger(label: "b"))
            await older.shutdown()
        }
    }

    /// Polls `condition` (a query) until it holds, for up to ten seconds.
    private func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}

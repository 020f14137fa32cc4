import Foundation
import Testing

@testable import Storage

/// The storage protocols' contract, run against every store: SQLite in memory and in a file
/// (and PostgreSQL where one is running).
@Suite("Store contract")
struct StoreSuite {
    /// The stores under test: SQLite in memory and in a file, and PostgreSQL (a new database
    /// per test) when `ATELIER_TEST_DATABASE_URL` names a server (script/test starts one).
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, file, postgres

        var testDescription: String { rawValue }

        /// The kinds this run can test.
        static var available: [Kind] { PostgresTestDatabase.serverURL == nil ? [.memory, .file] : allCases }

        func make() async throws -> any AtelierStore {
            switch self {
            case .memory: return SQLiteStore(database: try AppDatabase.inMemory())
            case .file:
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "store-\(UUID().uuidString)")
                return SQLiteStore(database: try AppDatabase.open(directory: directory))
            case .postgres:
                return try await PostgresTestDatabase.makeStore()
            }
        }
    }

    static func session(_ id: String = "s_1", state: String = #"{"log":[]}"#) -> SessionRecord {
        SessionRecord(id: id, title: "T", definition: "{}", state: state, createdAt: 1)
    }

    @Test(
        "board updates get increasing positions; compaction keeps the state and the attribution",
        arguments: Kind.available)
    func boards(kind: Kind) async throws {
        let store = try await kind.make()
        var positions: [Int64] = []
        for index in 0..<5 {
            positions.append(
                try await store.append(
                    NewBoardUpdate(
                        boardId: "b", data: [UInt8(index)], sender: index < 3 ? "alice" : "bob", phase: "p",
                        createdAt: 1)))
        }
        #expect(positions == positions.sorted() && Set(positions).count == 5)
        var loaded = try await store.load(boardId: "b")
        #expect(loaded.replay == (0..<5).map { [UInt8($0)] })
        try await store.compact(boardId: "b", snapshot: [9, 9], throughUpdateId: positions[3])
        loaded = try await store.load(boardId: "b")
        #expect(loaded.replay == [[9, 9], [4]])
        #expect(loaded.lastUpdateId == positions[4])
        let contributions = try await store.contributions(boardIds: ["b"])
        #expect(contributions.map(\.sender) == ["alice", "bob"])
        #expect(contributions.map(\.updates) == [3, 2])
        #expect(try await store.load(boardId: "none").replay.isEmpty)
    }

    @Test(
        "a session change is one transaction: all of it or nothing; parallel changes never overwrite",
        arguments: Kind.available)
    func sessions(kind: Kind) async throws {
        let store = try await kind.make()
        try await store.createSession(
            Self.session(), boards: [BoardRecord(id: "b_1", sessionId: "s_1", groupId: "g1", kind: .deck)],
            invites: [
                InviteRecord(
                    id: "i_1", sessionId: "s_1", tokenHash: "h", name: "Alice", role: .participant, groupId: "g1",
                    jurorId: nil, createdAt: 1)
            ], audit: [AuditEntryRecord(sessionId: "s_1", at: 1, actor: "facilitator", action: "session.create")])
        // Fifty parallel changes each append their number to the state's log.
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for number in 0..<50 {
                tasks.addTask {
                    _ = try await store.modifySession("s_1") { change in
                        var object =
                            try JSONSerialization.jsonObject(with: Data(change.state.utf8)) as? [String: [Int]] ?? [:]
                        object["log", default: []].append(number)
                        change.state = String(
                            decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
                        change.audit.append(AuditEntryRecord(sessionId: "s_1", at: 2, actor: "x", action: "n\(number)"))
                    }
                }
            }
            try await tasks.waitForAll()
        }
        let stored = try #require(try await store.session("s_1"))
        let log = (try JSONSerialization.jsonObject(with: Data(stored.state.utf8)) as? [String: [Int]])?["log"] ?? []
        #expect(Set(log) == Set(0..<50))
        #expect(stored.version == 51)
        #expect(try await store.audit(sessionId: "s_1").count == 51)
        // A change that throws writes nothing.
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            _ = try await store.modifySession("s_1") { change in
                change.state = "{}"
                change.audit.append(AuditEntryRecord(sessionId: "s_1", at: 3, actor: "x", action: "never"))
                throw Refused()
            }
        }
        #expect(try await store.session("s_1")?.version == 51)
        #expect(try await store.audit(sessionId: "s_1").count == 51)
        // Nothing to write: no new version.
        let unchanged = try await store.modifySession("s_1") { _ in 7 }
        #expect(unchanged.value == 7 && !unchanged.changed && unchanged.session.version == 51)
        // Artifacts and invites change with the session.
        _ = try await store.modifySession("s_1") { change in
            change.artifacts.append(
                ArtifactRecord(
                    sessionId: "s_1", kind: .deckSnapshot, key: "g1", createdAt: 4, meta: "{}", data: Data([1])))
            var invite = change.invites[0]
            invite.revokedAt = 4
            change.inviteChanges.append(invite)
        }
        #expect(try await store.artifacts(sessionId: "s_1", kind: .deckSnapshot).map(\.data) == [Data([1])])
        #expect(try await store.invite(tokenHash: "h")?.revokedAt == 4)
        await #expect(throws: StoreError.self) { _ = try await store.modifySession("s_none") { _ in } }
        #expect(try await store.boards(sessionId: "s_1").map(\.kind) == [.deck])
    }

    @Test(
        "quarantine entries grow, list and change status; a client id belongs to its first user",
        arguments: Kind.available)
    func quarantine(kind: Kind) async throws {
        let store = try await kind.make()
        var entry = try await store.quarantine(
            QuarantineRecord(
                sessionId: "s_1", boardId: "b", data: Data([1]), reason: "locked", reasonCode: "phase-locked",
                sender: "i_1", phase: "p", at: 10, ranges: "1:0-1"))
        entry.count = 3
        entry.lastAt = 30
        try await store.updateQuarantine(entry)
        #expect(try await store.quarantineEntry(entry.id ?? 0)?.count == 3)
        try await store.setQuarantineStatus([entry.id ?? 0], to: .applied, audit: nil)
        // Decided once: a second decision changes nothing and says so.
        #expect(try await store.setQuarantineStatus([entry.id ?? 0], to: .discarded, audit: nil) == false)
        #expect(try await store.quarantineEntry(entry.id ?? 0)?.status == .applied)
        #expect(try await store.quarantineEntries(sessionId: "s_1", boardId: nil, status: .pending).isEmpty)
        #expect(try await store.quarantineEntries(sessionId: nil, boardId: "b", status: .applied).count == 1)
        #expect(try await store.bindClient(boardId: "b", clientId: .max, participant: "alice") == "alice")
        #expect(try await store.bindClient(boardId: "b", clientId: .max, participant: "mallory") == "alice")
    }

    @Test(
        "many participants binding one client id at the same moment: one owns it, every other is told who",
        arguments: Kind.available)
    func clientBindingRace(kind: Kind) async throws {
        let store = try await kind.make()
        for round in 0..<20 {
            let owners = try await withThrowingTaskGroup(of: String.self) { tasks in
                for person in 0..<8 {
                    tasks.addTask {
                        try await store.bindClient(boardId: "b", clientId: UInt64(round), participant: "i_\(person)")
                    }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            #expect(owners.count == 8 && Set(owners).count == 1, "round \(round): \(owners)")
        }
    }

    @Test(
        "of several decisions on one pending quarantine entry at once, exactly one changes it",
        arguments: Kind.available)
    func quarantineDecisionRace(kind: Kind) async throws {
        let store = try await kind.make()
        for round in 0..<5 {
            let entry = try await store.quarantine(
                QuarantineRecord(
                    sessionId: "s_1", boardId: "b", data: Data([1]), reason: "locked", reasonCode: "phase-locked",
                    sender: "i_1", phase: "p", at: 10, ranges: "\(round):0-1"))
            let id = try #require(entry.id)
            let won = try await withThrowingTaskGroup(of: Bool.self) { group in
                for k in 0..<8 {
                    group.addTask {
                        try await store.setQuarantineStatus(
                            [id], to: k.isMultiple(of: 2) ? .applied : .discarded, audit: nil)
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(won == 1)
        }
    }

    @Test(
        "a lagging reader gets what it misses, the snapshot when compaction removed it; an older snapshot never replaces a newer one",
        arguments: Kind.available)
    func catchUp(kind: Kind) async throws {
        let store = try await kind.make()
        var positions: [Int64] = []
        for index in 0..<6 {
            positions.append(
                try await store.append(NewBoardUpdate(boardId: "b", data: [UInt8(index)], sender: "a", createdAt: 1)))
        }
        var missing = try await store.updates(boardId: "b", after: positions[2])
        #expect(missing.snapshot == nil)
        #expect(missing.updates.map(\.data) == [[3], [4], [5]])
        #expect(missing.updates.map(\.id) == Array(positions[3...]))
        try await store.compact(boardId: "b", snapshot: [7, 7], throughUpdateId: positions[4])
        missing = try await store.updates(boardId: "b", after: positions[2])
        #expect(missing.snapshot == [7, 7])
        #expect(missing.snapshotThrough == positions[4])
        #expect(missing.updates.map(\.data) == [[5]])
        missing = try await store.updates(boardId: "b", after: positions[5])
        #expect(missing.snapshot == nil && missing.updates.isEmpty)
        // A node that compacted less far must not bring back a shorter history.
        try await store.compact(boardId: "b", snapshot: [1], throughUpdateId: positions[1])
        #expect(try await store.load(boardId: "b").replay == [[7, 7], [5]])
    }

    @Test(
        "a session change that expected a board's newest position fails when the board moved",
        arguments: Kind.available)
    func expectedHeads(kind: Kind) async throws {
        let store = try await kind.make()
        try await store.createSession(Self.session(), boards: [], invites: [], audit: [])
        let head = try await store.append(NewBoardUpdate(boardId: "deck", data: [1], sender: "a", createdAt: 1))
        let committed = try await store.modifySession("s_1") { change in
            change.expectedBoardHeads["deck"] = head
            change.state = #"{"log":[1]}"#
        }
        #expect(committed.changed)
        _ = try await store.append(NewBoardUpdate(boardId: "deck", data: [2], sender: "a", createdAt: 1))
        await #expect(throws: StoreError.self) {
            _ = try await store.modifySession("s_1") { change in
                change.expectedBoardHeads["deck"] = head
                change.state = #"{"log":[2]}"#
            }
        }
        #expect(try await store.session("s_1")?.state == #"{"log":[1]}"#)
    }

    @Test("parallel uploads never exceed the quota", arguments: Kind.available)
    func assets(kind: Kind) async throws {
        let store = try await kind.make()
        let quota = AssetQuota(perPerson: 1000, perSession: 1500)
        let outcomes = try await withThrowingTaskGroup(of: AssetReservation.self) { tasks in
            for index in 0..<10 {
                tasks.addTask {
                    try await store.reserveAsset(
                        AssetRecord(
                            hash: "h\(index)", boardId: "b", sessionId: "s", uploader: index < 5 ? "a" : "b",
                            bytes: 300, type: "image/png", createdAt: 1),
                        quota: quota)
                }
            }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .reserved }.count == 5)
        let records = try await store.assetRecords()
        #expect(records.reduce(0) { $0 + $1.bytes } <= 1500)
        #expect(Dictionary(grouping: records, by: \.uploader).values.allSatisfy { $0.count <= 3 })
        try await store.setSetting("k", to: "v")
        #expect(try await store.setting("k") == "v")
    }

    @Test(
        "the records of one hash are those of every board it was uploaded to, and only those", arguments: Kind.available
    )
    func assetRecordsOfAHash(kind: Kind) async throws {
        let store = try await kind.make()
        let quota = AssetQuota(perPerson: 1 << 20, perSession: 1 << 20)
        for (hash, board, session) in [("h1", "b1", "s1"), ("h1", "b2", "s2"), ("h2", "b1", "s1")] {
            let record = AssetRecord(
                hash: hash, boardId: board, sessionId: session, uploader: "a", bytes: 10, type: "image/png",
                createdAt: 1)
            #expect(try await store.reserveAsset(record, quota: quota) == .reserved)
        }
        #expect(try await store.assetRecords(hash: "h1").map(\.boardId).sorted() == ["b1", "b2"])
        #expect(try await store.assetRecords(hash: "h2").map(\.sessionId) == ["s1"])
        #expect(try await store.assetRecords(hash: "h3").isEmpty)
    }

    @Test(
        "deleting a session removes everything of its own but its signed records; its boards stay dead",
        arguments: Kind.available)
    func deleteSession(kind: Kind) async throws {
        let store = try await kind.make()
        for id in ["s_1", "s_2"] {
            try await store.createSession(
                Self.session(id), boards: [BoardRecord(id: "b_\(id)", sessionId: id, groupId: "g1", kind: .ideas)],
                invites: [
                    InviteRecord(
                        id: "i_\(id)", sessionId: id, tokenHash: "h_\(id)", name: "Alice", role: .participant,
                        groupId: "g1", jurorId: nil, createdAt: 1)
                ], audit: [AuditEntryRecord(sessionId: id, at: 1, actor: "facilitator", action: "session.create")])
            let board = "b_\(id)"
            var last: Int64 = 0
            for index in 0..<3 {
                last = try await store.append(
                    NewBoardUpdate(boardId: board, data: [UInt8(index)], sender: "i_\(id)", phase: "p", createdAt: 1))
            }
            try await store.compact(boardId: board, snapshot: [7], throughUpdateId: last)
            _ = try await store.bindClient(boardId: board, clientId: 42, participant: "i_\(id)")
            _ = try await store.quarantine(
                QuarantineRecord(
                    sessionId: id, boardId: board, data: Data([1]), reason: "r", reasonCode: "phase-locked",
                    sender: "i_\(id)", phase: "p", at: 1, ranges: "[]"))
            let stored = try await store.addArtifacts(
                [ArtifactKind.checkpoint, .deckSnapshot, .record].map {
                    ArtifactRecord(sessionId: id, kind: $0, key: board, createdAt: 1, meta: "{}", data: Data([2]))
                })
            // Each comes back with the id it is stored under.
            #expect(
                stored.map(\.id) == (try await store.artifacts(kind: .checkpoint, key: board)).map(\.id)
                    + (try await store.artifacts(kind: .deckSnapshot, key: board)).map(\.id)
                    + (try await store.artifacts(kind: .record, key: board)).map(\.id))
            #expect(stored.allSatisfy { $0.id != nil })
            // Both sessions use one image; s_1 alone uses another.
            for hash in ["shared", "own_\(id)"] {
                #expect(
                    try await store.reserveAsset(
                        AssetRecord(
                            hash: hash, boardId: board, sessionId: id, uploader: "i_\(id)", bytes: 10, type: "png",
                            createdAt: 1), quota: AssetQuota(perPerson: 1000, perSession: 1000)) == .reserved)
            }
        }
        let deletion = try await store.deleteSession("s_1", at: 5)
        #expect(deletion == SessionDeletion(boardIds: ["b_s_1"], assetHashes: ["own_s_1", "shared"]))
        #expect(try await store.session("s_1") == nil)
        #expect(try await store.boards(sessionId: "s_1").isEmpty)
        #expect(try await store.invites(sessionId: "s_1").isEmpty)
        #expect(try await store.invite(tokenHash: "h_s_1") == nil)
        #expect(try await store.audit(sessionId: "s_1").isEmpty)
        #expect(try await store.load(boardId: "b_s_1").replay.isEmpty)
        #expect(try await store.clientBindings(boardId: "b_s_1").isEmpty)
        #expect(try await store.quarantineEntries(sessionId: "s_1", boardId: nil, status: nil).isEmpty)
        #expect(try await store.contributions(boardIds: ["b_s_1"]).isEmpty)
        #expect(try await store.assetRecords(hash: "own_s_1").isEmpty)
        #expect(try await store.assetRecords(hash: "shared").map(\.sessionId) == ["s_2"])
        for kind in [ArtifactKind.checkpoint, .deckSnapshot] {
            #expect(try await store.artifacts(sessionId: "s_1", kind: kind).isEmpty)
        }
        #expect(try await store.artifacts(sessionId: "s_1", kind: .record).count == 1, "the signed record stays")
        #expect(try await store.deletedBoardIds() == ["b_s_1"])
        // What a closing room or a reconnecting client still sends for the board is not stored.
        _ = try? await store.append(
            NewBoardUpdate(boardId: "b_s_1", data: [9], sender: "facilitator", phase: nil, createdAt: 6))
        _ = try? await store.bindClient(boardId: "b_s_1", clientId: 43, participant: "facilitator")
        #expect(try await store.load(boardId: "b_s_1").replay.isEmpty)
        #expect(try await store.clientBindings(boardId: "b_s_1").isEmpty)
        // The other session is untouched; a second delete is a 404.
        #expect(try await store.session("s_2") != nil)
        #expect(try await store.load(boardId: "b_s_2").replay == [[7]])
        #expect(try await store.artifacts(sessionId: "s_2", kind: .checkpoint).count == 1)
        await #expect(throws: StoreError.self) { try await store.deleteSession("s_1", at: 6) }
        // Records past their retention go, by the instant they were signed.
        #expect(try await store.deleteRecords(signedAtOrBefore: 0) == 0)
        #expect(try await store.deleteRecords(signedAtOrBefore: 1) == 2, "s_1's kept record and s_2's")
        #expect(try await store.artifacts(kind: .record).isEmpty)
        #expect(try await store.artifacts(sessionId: "s_2", kind: .checkpoint).count == 1)
    }

    @Test("the file database's writer syncs every commit (synchronous=FULL, not the NORMAL GRDB sets for WAL)")
    func commitsAreSynced() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        let database = try AppDatabase.open(directory: directory)
        let (journal, synchronous, secureDelete) = try await database.writer.writeWithoutTransaction { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA secure_delete")
            )
        }
        #expect(journal == "wal")
        #expect(synchronous == 2, "2 is FULL: a WAL commit reaches the disk before it returns")
        #expect(secureDelete == 1)
    }

    @Test("a deleted session's text is not left in the SQLite file's free pages (secure_delete)")
    func secureDelete() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        let database = try AppDatabase.open(directory: directory)
        let store = SQLiteStore(database: database)
        try await store.createSession(
            Self.session(), boards: [BoardRecord(id: "b_1", sessionId: "s_1", groupId: "g1", kind: .ideas)],
            invites: [], audit: [])
        let marker = Data("Quagga-marker-\(UUID().uuidString)".utf8)
        for _ in 0..<50 {
            _ = try await store.append(
                NewBoardUpdate(boardId: "b_1", data: [UInt8](marker), sender: "p", phase: nil, createdAt: 1))
        }
        try await database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let file = directory.appendingPathComponent(AppDatabase.fileName)
        #expect(try Data(contentsOf: file).range(of: marker) != nil, "the marker is written before the delete")
        _ = try await store.deleteSession("s_1", at: 2)
        try await database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        #expect(try Data(contentsOf: file).range(of: marker) == nil)
    }
}

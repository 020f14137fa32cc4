import Foundation
import GRDB
import Testing

@testable import Storage

/// The group committer: the caller that finds no commit under way writes on its own thread,
/// those who arrive meanwhile share the next transactions; every caller resumes once its own
/// update is durable, with its own row's id.
@Suite("Group committer")
struct GroupCommitterTests {
    private static func update(_ index: Int) -> NewBoardUpdate {
        NewBoardUpdate(
            boardId: "b_\(index % 7)", data: [UInt8(index % 251), UInt8(index / 251)], sender: "p\(index)",
            phase: nil, createdAt: Int64(index))
    }

    @Test("parallel appends each get the id of their own row, and every row is there")
    func parallelAppends() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commit-\(UUID().uuidString)")
        let database = try AppDatabase.open(directory: directory)
        let committer = GroupCommitter(writer: database.writer)
        let count = 400
        let ids = try await withThrowingTaskGroup(of: (Int, Int64).self) { group in
            for index in 0..<count {
                group.addTask { (index, try await committer.append(Self.update(index))) }
            }
            return try await group.reduce(into: [Int: Int64]()) { $0[$1.0] = $1.1 }
        }
        #expect(ids.count == count)
        #expect(Set(ids.values).count == count, "every id is distinct")
        let rows = try await database.reader.read { db in try BoardUpdateRecord.fetchAll(db) }
        #expect(rows.count == count)
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.id ?? -1, $0) })
        for (index, id) in ids {
            let row = try #require(byId[id])
            #expect(row.sender == "p\(index)" && [UInt8](row.data) == Self.update(index).data)
        }
        #expect(committer.transactions >= 1 && committer.transactions <= count)
    }

    @Test("a failed transaction fails each of its callers; the next append leads again and succeeds")
    func failureThenRecovery() async throws {
        let database = try AppDatabase.inMemory()
        let committer = GroupCommitter(writer: database.writer)
        try await database.writer.write { db in try db.execute(sql: "ALTER TABLE boardUpdate RENAME TO parked") }
        await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask { (try? await committer.append(Self.update(index))) == nil }
            }
            let failures = await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            #expect(failures == 20, "no caller is told its update is durable when it is not")
        }
        try await database.writer.write { db in try db.execute(sql: "ALTER TABLE parked RENAME TO boardUpdate") }
        let id = try await committer.append(Self.update(99))
        let row = try await database.reader.read { db in try BoardUpdateRecord.fetchOne(db, key: id) }
        #expect(row?.sender == "p99")
    }
}

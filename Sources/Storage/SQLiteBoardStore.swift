import Foundation
import GRDB

/// The SQLite `BoardStore`: appends go through a group commit, loads read the WAL pool.
public struct SQLiteBoardStore: BoardStore {
    let database: AppDatabase
    let committer: GroupCommitter

    /// Makes a store over an open database.
    public init(database: AppDatabase) {
        self.database = database
        self.committer = GroupCommitter(writer: database.writer)
    }

    public func load(boardId: String) async throws -> StoredBoard {
        let records = try await database.reader.read { db in
            try BoardUpdateRecord
                .filter(BoardUpdateRecord.Columns.boardId == boardId)
                .order(BoardUpdateRecord.Columns.id)
                .fetchAll(db)
        }
        return StoredBoard(updates: records.map { (id: $0.id ?? 0, data: [UInt8]($0.data)) })
    }

    public func append(_ update: NewBoardUpdate) async throws -> Int64 {
        try await committer.append(update)
    }
}

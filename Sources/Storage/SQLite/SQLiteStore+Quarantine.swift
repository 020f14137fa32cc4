package import Foundation
package import GRDB

extension SQLiteStore: QuarantineStore {
    package func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord {
        try await database.writer.write { db in
            var record = record
            try record.insert(db)
            return record
        }
    }

    package func updateQuarantine(_ record: QuarantineRecord) async throws {
        try await database.writer.write { db in try record.update(db) }
    }

    package func quarantineEntries(sessionId: String?, boardId: String?, status: QuarantineStatus?) async throws
        -> [QuarantineRecord]
    {
        try await database.reader.read { db in
            var request = QuarantineRecord.order(QuarantineRecord.Columns.id)
            if let sessionId { request = request.filter(QuarantineRecord.Columns.sessionId == sessionId) }
            if let boardId { request = request.filter(QuarantineRecord.Columns.boardId == boardId) }
            if let status { request = request.filter(QuarantineRecord.Columns.status == status) }
            return try request.fetchAll(db)
        }
    }

    package func quarantineEntry(_ id: Int64) async throws -> QuarantineRecord? {
        try await database.reader.read { db in try QuarantineRecord.fetchOne(db, key: id) }
    }

    @discardableResult
    package func setQuarantineStatus(_ ids: [Int64], to status: QuarantineStatus, audit: AuditEntryRecord?)
        async throws -> Bool
    {
        try await database.writer.write { db in
            guard let first = ids.first,
                try QuarantineRecord.filter(key: first).filter(
                    QuarantineRecord.Columns.status == QuarantineStatus.pending
                )
                .fetchCount(db) == 1
            else { return false }
            try QuarantineRecord.filter(ids.contains(QuarantineRecord.Columns.id))
                .filter(QuarantineRecord.Columns.status == QuarantineStatus.pending)
                .updateAll(db, QuarantineRecord.Columns.status.set(to: status))
            if var audit { try audit.insert(db) }
            return true
        }
    }

    package func bindClient(boardId: String, clientId: UInt64, participant: String) async throws -> String {
        try await database.writer.write { db in
            if let bound = try String.fetchOne(
                db, sql: "SELECT participant FROM clientBinding WHERE boardId = ? AND clientId = ?",
                arguments: [boardId, Int64(bitPattern: clientId)])
            {
                return bound
            }
            try db.execute(
                sql: "INSERT INTO clientBinding (boardId, clientId, participant) VALUES (?, ?, ?)",
                arguments: [boardId, Int64(bitPattern: clientId), participant])
            return participant
        }
    }

    package func clientBindings(boardId: String) async throws -> [UInt64: String] {
        try await database.reader.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT clientId, participant FROM clientBinding WHERE boardId = ?", arguments: [boardId])
            return Dictionary(
                rows.map { (UInt64(bitPattern: $0["clientId"] as Int64), $0["participant"] as String) },
                uniquingKeysWith: { a, _ in a })
        }
    }

    package func contributions(boardIds: [String]) async throws -> [BoardContributionRecord] {
        guard !boardIds.isEmpty else { return [] }
        return try await database.reader.read { db in
            let marks = Array(repeating: "?", count: boardIds.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT boardId, sender, phase, SUM(updates) AS updates, SUM(bytes) AS bytes FROM (
                        SELECT boardId, sender, COALESCE(phase, '') AS phase, COUNT(*) AS updates, SUM(LENGTH(data)) AS bytes
                        FROM boardUpdate WHERE boardId IN (\(marks)) GROUP BY boardId, sender, COALESCE(phase, '')
                        UNION ALL
                        SELECT boardId, sender, phase, updates, bytes FROM boardContribution WHERE boardId IN (\(marks))
                    ) GROUP BY boardId, sender, phase ORDER BY boardId, sender, phase
                    """, arguments: StatementArguments(boardIds + boardIds))
            return rows.map {
                BoardContributionRecord(
                    boardId: $0["boardId"], sender: $0["sender"], phase: $0["phase"], updates: $0["updates"],
                    bytes: $0["bytes"])
            }
        }
    }
}

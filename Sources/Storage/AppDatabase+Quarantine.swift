package import Foundation
package import GRDB

/// Refused updates kept for a facilitator, and the binding of Yjs client ids to participants.
extension AppDatabase {
    /// Stores a refused update; returns it with its id.
    package func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord {
        try await writer.write { db in
            var record = record
            try record.insert(db)
            return record
        }
    }

    /// Quarantine entries of a session (or of a board), oldest first.
    package func quarantineEntries(sessionId: String? = nil, boardId: String? = nil, status: String? = nil)
        async throws -> [QuarantineRecord]
    {
        try await reader.read { db in
            var request = QuarantineRecord.order(QuarantineRecord.Columns.id)
            if let sessionId { request = request.filter(QuarantineRecord.Columns.sessionId == sessionId) }
            if let boardId { request = request.filter(QuarantineRecord.Columns.boardId == boardId) }
            if let status { request = request.filter(QuarantineRecord.Columns.status == status) }
            return try request.fetchAll(db)
        }
    }

    /// One quarantine entry.
    package func quarantineEntry(_ id: Int64) async throws -> QuarantineRecord? {
        try await reader.read { db in try QuarantineRecord.fetchOne(db, key: id) }
    }

    /// Marks entries applied or discarded, with an audit line, in one transaction.
    package func setQuarantineStatus(_ ids: [Int64], to status: String, audit: AuditEntryRecord?) async throws {
        try await writer.write { db in
            try QuarantineRecord.filter(ids.contains(QuarantineRecord.Columns.id))
                .updateAll(db, QuarantineRecord.Columns.status.set(to: status))
            if var audit { try audit.insert(db) }
        }
    }

    /// The participant bound to a Yjs client id on a board, binding it to `participant` if unbound.
    package func bindClient(boardId: String, clientId: UInt64, participant: String) async throws -> String {
        try await writer.write { db in
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
}

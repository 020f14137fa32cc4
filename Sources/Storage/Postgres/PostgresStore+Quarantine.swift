package import Foundation
import Logging
import NIOCore
import PostgresNIO

extension PostgresStore: QuarantineStore {
    static let quarantineColumns =
        "id, session_id, board_id, data, reason, reason_code, sender, phase, at, status, count, last_at, ranges"

    static func quarantine(_ row: PostgresRow) throws -> QuarantineRecord {
        let (id, sessionId, boardId, data, reason, code, sender, phase, at, status, count, lastAt, ranges) =
            try row.decode(
                (
                    Int64, String?, String, ByteBuffer, String, String, String, String?, Int64, String, Int32, Int64,
                    String
                )
                .self)
        var record = QuarantineRecord(
            sessionId: sessionId, boardId: boardId, data: Data(data.readableBytesView), reason: reason,
            reasonCode: code,
            sender: sender, phase: phase, at: at, ranges: ranges)
        record.id = id
        record.status = QuarantineStatus(rawValue: status) ?? .pending
        record.count = Int(count)
        record.lastAt = lastAt
        return record
    }

    package func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord {
        let rows = try await rows(
            """
            INSERT INTO quarantine (session_id, board_id, data, reason, reason_code, sender, phase, at, status, count,
                last_at, ranges)
            VALUES (\(record.sessionId), \(record.boardId), \(record.data), \(record.reason), \(record.reasonCode),
                \(record.sender), \(record.phase), \(record.at), \(record.status.rawValue), \(Int32(record.count)),
                \(record.lastAt), \(record.ranges))
            RETURNING id
            """)
        var stored = record
        stored.id = try rows.first?.decode(Int64.self)
        return stored
    }

    package func updateQuarantine(_ record: QuarantineRecord) async throws {
        guard let id = record.id else { return }
        _ = try await rows(
            """
            UPDATE quarantine SET data = \(record.data), reason = \(record.reason), reason_code = \(record.reasonCode),
                sender = \(record.sender), phase = \(record.phase), at = \(record.at), status = \(record.status.rawValue),
                count = \(Int32(record.count)), last_at = \(record.lastAt), ranges = \(record.ranges)
            WHERE id = \(id)
            """)
    }

    package func quarantineEntries(sessionId: String?, boardId: String?, status: QuarantineStatus?) async throws
        -> [QuarantineRecord]
    {
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT \(Self.quarantineColumns) FROM quarantine
                WHERE ($1::text IS NULL OR session_id = $1) AND ($2::text IS NULL OR board_id = $2)
                    AND ($3::text IS NULL OR status = $3)
                ORDER BY id
                """)
        try query.binds.append(sessionId, context: .default)
        try query.binds.append(boardId, context: .default)
        try query.binds.append(status?.rawValue, context: .default)
        return try await rows(query).map(Self.quarantine)
    }

    package func quarantineEntry(_ id: Int64) async throws -> QuarantineRecord? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.quarantineColumns) FROM quarantine WHERE id = $1")
        try query.binds.append(id, context: .default)
        return try await rows(query).first.map(Self.quarantine)
    }

    @discardableResult
    package func setQuarantineStatus(_ ids: [Int64], to status: QuarantineStatus, audit: AuditEntryRecord?)
        async throws -> Bool
    {
        guard let first = ids.first else { return false }
        let pending = QuarantineStatus.pending.rawValue
        return try await transaction { connection in
            // The first entry's row is locked: a second decision waits here, then sees it decided.
            let current = try await Self.rows(
                "SELECT status FROM quarantine WHERE id = \(first) FOR UPDATE", on: connection, logger: self.logger)
            guard try current.first?.decode(String.self) == pending else { return false }
            try await connection.query(
                "UPDATE quarantine SET status = \(status.rawValue) WHERE id = ANY(\(ids)) AND status = \(pending)",
                logger: self.logger)
            if let audit { try await Self.insert(audit, on: connection, logger: self.logger) }
            return true
        }
    }

    package func bindClient(boardId: String, clientId: UInt64, participant: String) async throws -> String {
        let client = Int64(bitPattern: clientId)
        // When another transaction binds the same id at the same moment, the insert does nothing
        // and the statement's snapshot, taken before that transaction committed, does not see its
        // row either: the next statement does.
        for _ in 0..<3 {
            let rows = try await rows(
                """
                WITH inserted AS (
                    INSERT INTO client_bindings (board_id, client_id, participant) VALUES (\(boardId), \(client), \(participant))
                    ON CONFLICT (board_id, client_id) DO NOTHING RETURNING participant)
                SELECT participant FROM inserted
                UNION ALL SELECT participant FROM client_bindings WHERE board_id = \(boardId) AND client_id = \(client)
                LIMIT 1
                """)
            if let owner = try rows.first?.decode(String.self) { return owner }
        }
        throw StoreError(.notFound, "the client binding could not be read")
    }

    package func clientBindings(boardId: String) async throws -> [UInt64: String] {
        var bindings: [UInt64: String] = [:]
        for row in try await rows("SELECT client_id, participant FROM client_bindings WHERE board_id = \(boardId)") {
            let (client, participant) = try row.decode((Int64, String).self)
            bindings[UInt64(bitPattern: client)] = participant
        }
        return bindings
    }

    package func contributions(boardIds: [String]) async throws -> [BoardContributionRecord] {
        guard !boardIds.isEmpty else { return [] }
        return try await rows(
            """
            SELECT board_id, sender, phase, SUM(updates)::bigint, SUM(bytes)::bigint FROM (
                SELECT board_id, sender, COALESCE(phase, '') AS phase, COUNT(*) AS updates, SUM(length(data)) AS bytes
                FROM board_updates WHERE board_id = ANY(\(boardIds)) GROUP BY board_id, sender, COALESCE(phase, '')
                UNION ALL
                SELECT board_id, sender, phase, updates, bytes FROM board_contributions WHERE board_id = ANY(\(boardIds))
            ) AS c GROUP BY board_id, sender, phase ORDER BY board_id, sender, phase
            """
        ).map { row in
            let (board, sender, phase, updates, bytes) = try row.decode((String, String, String, Int64, Int64).self)
            return BoardContributionRecord(boardId: board, sender: sender, phase: phase, updates: updates, bytes: bytes)
        }
    }
}

package import Foundation
package import GRDB

/// Sessions, their boards and invites, and the audit log.
extension AppDatabase {
    /// Stores a new session with its boards, invites and first audit line, in one transaction.
    package func createSession(
        _ session: SessionRecord, boards: [BoardRecord], invites: [InviteRecord], audit: AuditEntryRecord
    ) async throws {
        try await writer.write { db in
            try session.insert(db)
            for board in boards { try board.insert(db) }
            for invite in invites { try invite.insert(db) }
            var audit = audit
            try audit.insert(db)
        }
    }

    /// Every session, newest first.
    package func sessions() async throws -> [SessionRecord] {
        try await reader.read { db in
            try SessionRecord.order(Column("createdAt").desc).fetchAll(db)
        }
    }

    /// A session by id.
    package func session(_ id: String) async throws -> SessionRecord? {
        try await reader.read { db in try SessionRecord.fetchOne(db, key: id) }
    }

    /// The boards of a session.
    package func boards(sessionId: String) async throws -> [BoardRecord] {
        try await reader.read { db in
            try BoardRecord.filter(BoardRecord.Columns.sessionId == sessionId).order(Column("rowid")).fetchAll(db)
        }
    }

    /// A board by id.
    package func board(_ id: String) async throws -> BoardRecord? {
        try await reader.read { db in try BoardRecord.fetchOne(db, key: id) }
    }

    /// The invite whose token has this hash.
    package func invite(tokenHash: String) async throws -> InviteRecord? {
        try await reader.read { db in
            try InviteRecord.filter(InviteRecord.Columns.tokenHash == tokenHash).fetchOne(db)
        }
    }

    /// The invites of a session, in creation order.
    package func invites(sessionId: String) async throws -> [InviteRecord] {
        try await reader.read { db in
            try InviteRecord.filter(InviteRecord.Columns.sessionId == sessionId).order(Column("rowid")).fetchAll(db)
        }
    }

    /// Revokes an invite (audited); returns the updated record, nil if unknown.
    package func revokeInvite(_ id: String, sessionId: String, at: Int64, audit: AuditEntryRecord) async throws
        -> InviteRecord?
    {
        try await writer.write { db in
            guard var invite = try InviteRecord.fetchOne(db, key: id), invite.sessionId == sessionId else { return nil }
            if invite.revokedAt == nil {
                invite.revokedAt = at
                try invite.update(db)
                var audit = audit
                try audit.insert(db)
            }
            return invite
        }
    }

    /// Gives an invite a new token hash (the old token stops working), audited.
    package func reissueInvite(_ id: String, sessionId: String, tokenHash: String, audit: AuditEntryRecord)
        async throws -> InviteRecord?
    {
        try await writer.write { db in
            guard var invite = try InviteRecord.fetchOne(db, key: id), invite.sessionId == sessionId else { return nil }
            invite.tokenHash = tokenHash
            invite.revokedAt = nil
            try invite.update(db)
            var audit = audit
            try audit.insert(db)
            return invite
        }
    }

    /// Saves a session's sprint state with the audit lines of the change, in one transaction.
    package func saveSprint(sessionId: String, sprint: String, lastTickAt: Int64?, audit: [AuditEntryRecord])
        async throws
    {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE session SET sprint = ?, lastTickAt = COALESCE(?, lastTickAt) WHERE id = ?",
                arguments: [sprint, lastTickAt, sessionId])
            for var line in audit { try line.insert(db) }
        }
    }

    /// Appends one audit line.
    package func appendAudit(_ line: AuditEntryRecord) async throws {
        try await writer.write { db in
            var line = line
            try line.insert(db)
        }
    }

    /// A session's audit log, oldest first.
    package func audit(sessionId: String) async throws -> [AuditEntryRecord] {
        try await reader.read { db in
            try AuditEntryRecord.filter(AuditEntryRecord.Columns.sessionId == sessionId)
                .order(AuditEntryRecord.Columns.id).fetchAll(db)
        }
    }
}

/// Pitches, the jury and deck snapshots.
extension AppDatabase {
    /// Saves a session's pitches and jury with the audit lines of the change, in one transaction.
    package func savePlay(sessionId: String, pitches: String, jury: String, audit: [AuditEntryRecord]) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE session SET pitches = ?, jury = ? WHERE id = ?", arguments: [pitches, jury, sessionId])
            for var line in audit { try line.insert(db) }
        }
    }

    /// Stores the deck as it was when its pitch started.
    package func savePitchSnapshot(
        sessionId: String, groupId: String, boardId: String, data: Data, slides: Int, at: Int64
    )
        async throws
    {
        try await writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO pitchSnapshot (sessionId, groupId, boardId, data, slides, at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [sessionId, groupId, boardId, data, slides, at])
        }
    }

    /// Updates per sender and phase on a set of boards, compacted or not (contribution reports).
    package func contributions(boardIds: [String]) async throws -> [BoardContributionRecord] {
        guard !boardIds.isEmpty else { return [] }
        return try await reader.read { db in
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

package import Foundation
import Logging
import NIOCore
import PostgresNIO
package import Workshop

extension PostgresStore: SessionStore {
    static let sessionColumns = "id, title, definition, state, version, created_at"
    static let inviteColumns = "id, session_id, token_hash, name, role, group_id, juror_id, created_at, revoked_at"
    static let auditColumns = "id, session_id, at, actor, action, from_phase, to_phase, reason, detail"
    static let artifactColumns = "id, session_id, kind, key, created_at, meta, data"

    static func session(_ row: PostgresRow) throws -> SessionRecord {
        let (id, title, definition, state, version, createdAt) = try row.decode(
            (String, String, String, String, Int64, Int64).self)
        return SessionRecord(
            id: id, title: title, definition: definition, state: state, version: version, createdAt: createdAt)
    }

    static func invite(_ row: PostgresRow) throws -> InviteRecord {
        let (id, sessionId, tokenHash, name, role, groupId, jurorId, createdAt, revokedAt) = try row.decode(
            (String, String, String, String, String, String?, String?, Int64, Int64?).self)
        return InviteRecord(
            id: id, sessionId: sessionId, tokenHash: tokenHash, name: name, role: Role(rawValue: role) ?? .observer,
            groupId: groupId, jurorId: jurorId, createdAt: createdAt, revokedAt: revokedAt)
    }

    static func audit(_ row: PostgresRow) throws -> AuditEntryRecord {
        let (id, sessionId, at, actor, action, from, to, reason, detail) = try row.decode(
            (Int64, String, Int64, String, String, String?, String?, String?, String?).self)
        var record = AuditEntryRecord(
            sessionId: sessionId, at: at, actor: actor, action: action, fromPhase: from, toPhase: to, reason: reason,
            detail: detail)
        record.id = id
        return record
    }

    static func artifact(_ row: PostgresRow) throws -> ArtifactRecord {
        let (id, sessionId, kind, key, createdAt, meta, data) = try row.decode(
            (Int64, String, String, String, Int64, String, ByteBuffer).self)
        var record = ArtifactRecord(
            sessionId: sessionId, kind: ArtifactKind(rawValue: kind) ?? .checkpoint, key: key, createdAt: createdAt,
            meta: meta, data: Data(data.readableBytesView))
        record.id = id
        return record
    }

    static func insert(_ line: AuditEntryRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (session_id, at, actor, action, from_phase, to_phase, reason, detail)
            VALUES (\(line.sessionId), \(line.at), \(line.actor), \(line.action), \(line.fromPhase), \(line.toPhase),
                \(line.reason), \(line.detail))
            """, logger: logger)
    }

    /// Inserts an artifact; returns its id.
    @discardableResult
    static func insert(_ artifact: ArtifactRecord, on connection: PostgresConnection, logger: Logger) async throws
        -> Int64
    {
        try await rows(
            """
            INSERT INTO artifacts (session_id, kind, key, created_at, meta, data)
            VALUES (\(artifact.sessionId), \(artifact.kind.rawValue), \(artifact.key), \(artifact.createdAt),
                \(artifact.meta), \(artifact.data))
            RETURNING id
            """, on: connection, logger: logger
        ).first?.decode(Int64.self) ?? 0
    }

    static func save(_ invite: InviteRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO invites (id, session_id, token_hash, name, role, group_id, juror_id, created_at, revoked_at)
            VALUES (\(invite.id), \(invite.sessionId), \(invite.tokenHash), \(invite.name), \(invite.role.rawValue),
                \(invite.groupId), \(invite.jurorId), \(invite.createdAt), \(invite.revokedAt))
            ON CONFLICT (id) DO UPDATE SET token_hash = EXCLUDED.token_hash, name = EXCLUDED.name,
                role = EXCLUDED.role, group_id = EXCLUDED.group_id, juror_id = EXCLUDED.juror_id,
                revoked_at = EXCLUDED.revoked_at
            """, logger: logger)
    }

    package func createSession(
        _ session: SessionRecord, boards: [BoardRecord], invites: [InviteRecord], audit: [AuditEntryRecord]
    ) async throws {
        try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO sessions (id, title, definition, state, version, created_at)
                VALUES (\(session.id), \(session.title), \(session.definition), \(session.state), \(session.version),
                    \(session.createdAt))
                """, logger: self.logger)
            for board in boards {
                try await connection.query(
                    """
                    INSERT INTO boards (id, session_id, group_id, kind)
                    VALUES (\(board.id), \(board.sessionId), \(board.groupId), \(board.kind.rawValue))
                    """, logger: self.logger)
            }
            for invite in invites { try await Self.save(invite, on: connection, logger: self.logger) }
            for line in audit { try await Self.insert(line, on: connection, logger: self.logger) }
            try await connection.query(
                "SELECT pg_notify('atelier', 's ' || \(session.version) || ' ' || \(session.id))", logger: self.logger)
        }
    }

    package func sessions() async throws -> [SessionRecord] {
        try await rows(
            PostgresQuery(unsafeSQL: "SELECT \(Self.sessionColumns) FROM sessions ORDER BY created_at DESC, ord DESC")
        ).map(Self.session)
    }

    package func session(_ id: String) async throws -> SessionRecord? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.sessionColumns) FROM sessions WHERE id = $1")
        try query.binds.append(id, context: .default)
        return try await rows(query).first.map(Self.session)
    }

    package func boards(sessionId: String) async throws -> [BoardRecord] {
        try await rows("SELECT id, session_id, group_id, kind FROM boards WHERE session_id = \(sessionId) ORDER BY ord")
            .map { row in
                let (id, session, group, kind) = try row.decode((String, String, String, String).self)
                return BoardRecord(
                    id: id, sessionId: session, groupId: group, kind: BoardKind(rawValue: kind) ?? .ideas)
            }
    }

    package func invites(sessionId: String) async throws -> [InviteRecord] {
        var query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.inviteColumns) FROM invites WHERE session_id = $1 ORDER BY ord")
        try query.binds.append(sessionId, context: .default)
        return try await rows(query).map(Self.invite)
    }

    package func invite(tokenHash: String) async throws -> InviteRecord? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.inviteColumns) FROM invites WHERE token_hash = $1")
        try query.binds.append(tokenHash, context: .default)
        return try await rows(query).first.map(Self.invite)
    }

    /// The change runs with the session's advisory lock held exclusively (board appends of the
    /// session hold it shared) and its row locked, so no other change or append interleaves.
    package func modifySession<Value: Sendable>(
        _ id: String, _ body: @escaping @Sendable (inout SessionTransaction) throws -> Value
    ) async throws -> SessionCommit<Value> {
        try await transaction { connection in
            try await connection.query(Self.sessionLockSQL(id), logger: self.logger)
            var select = PostgresQuery(
                unsafeSQL: "SELECT \(Self.sessionColumns) FROM sessions WHERE id = $1 FOR UPDATE")
            try select.binds.append(id, context: .default)
            guard let stored = try await Self.rows(select, on: connection, logger: self.logger).first.map(Self.session)
            else {
                throw StoreError(.notFound, "no session \(id)")
            }
            var inviteQuery = PostgresQuery(
                unsafeSQL: "SELECT \(Self.inviteColumns) FROM invites WHERE session_id = $1 ORDER BY ord")
            try inviteQuery.binds.append(id, context: .default)
            let invites = try await Self.rows(inviteQuery, on: connection, logger: self.logger).map(Self.invite)
            var change = SessionTransaction(stored: stored, invites: invites)
            let value = try body(&change)
            for (board, head) in change.expectedBoardHeads {
                let current =
                    try await Self.rows(
                        "SELECT head FROM board_heads WHERE board_id = \(board)", on: connection, logger: self.logger
                    ).first?.decode(Int64.self) ?? 0
                if current != head {
                    throw StoreError(.boardMoved, "board \(board) received an update during the change")
                }
            }
            guard change.hasChanges else { return SessionCommit(value: value, session: stored, changed: false) }
            var written = stored
            written.state = change.state
            written.definition = change.definition
            written.version = stored.version + 1
            try await connection.query(
                """
                UPDATE sessions SET state = \(written.state), definition = \(written.definition),
                    version = \(written.version) WHERE id = \(id)
                """, logger: self.logger)
            for line in change.audit { try await Self.insert(line, on: connection, logger: self.logger) }
            for artifact in change.artifacts { try await Self.insert(artifact, on: connection, logger: self.logger) }
            for invite in change.inviteChanges { try await Self.save(invite, on: connection, logger: self.logger) }
            try await connection.query(
                "SELECT pg_notify('atelier', 's ' || \(written.version) || ' ' || \(id))", logger: self.logger)
            return SessionCommit(value: value, session: written, changed: true)
        }
    }

    package func audit(sessionId: String) async throws -> [AuditEntryRecord] {
        var query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.auditColumns) FROM audit_log WHERE session_id = $1 ORDER BY id")
        try query.binds.append(sessionId, context: .default)
        return try await rows(query).map(Self.audit)
    }

    package func appendAudit(_ lines: [AuditEntryRecord]) async throws {
        try await transaction { connection in
            for line in lines { try await Self.insert(line, on: connection, logger: self.logger) }
        }
    }

    package func artifacts(sessionId: String, kind: ArtifactKind) async throws -> [ArtifactRecord] {
        var query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.artifactColumns) FROM artifacts WHERE session_id = $1 AND kind = $2 ORDER BY id")
        try query.binds.append(sessionId, context: .default)
        try query.binds.append(kind.rawValue, context: .default)
        return try await rows(query).map(Self.artifact)
    }

    package func artifacts(kind: ArtifactKind, key: String) async throws -> [ArtifactRecord] {
        var query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.artifactColumns) FROM artifacts WHERE kind = $1 AND key = $2 ORDER BY id")
        try query.binds.append(kind.rawValue, context: .default)
        try query.binds.append(key, context: .default)
        return try await rows(query).map(Self.artifact)
    }

    package func artifacts(kind: ArtifactKind) async throws -> [ArtifactRecord] {
        var query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.artifactColumns) FROM artifacts WHERE kind = $1 ORDER BY id")
        try query.binds.append(kind.rawValue, context: .default)
        return try await rows(query).map(Self.artifact)
    }

    @discardableResult
    package func addArtifacts(_ artifacts: [ArtifactRecord]) async throws -> [ArtifactRecord] {
        try await transaction { connection in
            var stored: [ArtifactRecord] = []
            for var artifact in artifacts {
                artifact.id = try await Self.insert(artifact, on: connection, logger: self.logger)
                stored.append(artifact)
            }
            return stored
        }
    }

    package func deleteSession(_ id: String, at: Int64) async throws -> SessionDeletion {
        try await transaction { connection in
            let log = self.logger
            // No append judged with this session's policy, and no change of it, runs meanwhile.
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended('atelier-session:' || \(id), 0))", logger: log)
            guard
                try await Self.rows("SELECT 1 FROM sessions WHERE id = \(id) FOR UPDATE", on: connection, logger: log)
                    .first != nil
            else { throw StoreError(.notFound, "no session \(id)") }
            let boards = try await Self.rows(
                "SELECT id FROM boards WHERE session_id = \(id) ORDER BY ord", on: connection, logger: log
            ).map { try $0.decode(String.self) }
            // The tombstones first: from here on the triggers refuse the boards' rows.
            try await connection.query(
                """
                INSERT INTO deleted_boards (board_id, deleted_at) SELECT id, \(at) FROM boards WHERE session_id = \(id)
                ON CONFLICT (board_id) DO NOTHING
                """, logger: log)
            let hashes = try await Self.rows(
                """
                SELECT DISTINCT hash FROM assets
                WHERE session_id = \(id) OR board_id IN (SELECT id FROM boards WHERE session_id = \(id)) ORDER BY hash
                """, on: connection, logger: log
            ).map { try $0.decode(String.self) }
            for table in PostgresSchema.boardTables {
                let ofSession = ["quarantine", "assets"].contains(table) ? "session_id = $1 OR " : ""
                var bindings = PostgresBindings()
                bindings.append(id)
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            DELETE FROM \(table)
                            WHERE \(ofSession)board_id IN (SELECT id FROM boards WHERE session_id = $1)
                            """, binds: bindings), logger: log)
            }
            try await connection.query(
                "DELETE FROM artifacts WHERE session_id = \(id) AND kind <> \(ArtifactKind.record.rawValue)",
                logger: log)
            for table in ["audit_log", "live_events", "invites", "boards"] {
                var bindings = PostgresBindings()
                bindings.append(id)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE session_id = $1", binds: bindings),
                    logger: log)
            }
            try await connection.query("DELETE FROM sessions WHERE id = \(id)", logger: log)
            try await connection.query("SELECT pg_notify('atelier', 'd ' || \(id))", logger: log)
            return SessionDeletion(boardIds: boards, assetHashes: hashes)
        }
    }

    package func deletedBoardIds() async throws -> Set<String> {
        Set(try await rows("SELECT board_id FROM deleted_boards").map { try $0.decode(String.self) })
    }

    package func deleteRecords(signedAtOrBefore: Int64) async throws -> Int {
        try await rows(
            """
            DELETE FROM artifacts WHERE kind = \(ArtifactKind.record.rawValue) AND created_at <= \(signedAtOrBefore)
            RETURNING id
            """
        ).count
    }
}

package import Foundation
import Logging
import NIOCore
import PostgresNIO
import Workshop

extension PostgresStore: StoreTransfer {
    package func contents() async throws -> StoreContents {
        try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: self.logger)
            func all(_ sql: String) async throws -> [PostgresRow] {
                try await Self.rows(PostgresQuery(unsafeSQL: sql), on: connection, logger: self.logger)
            }
            var contents = StoreContents()
            contents.settings = try await all("SELECT key, value FROM settings ORDER BY key").map {
                let (key, value) = try $0.decode((String, String).self)
                return SettingRecord(key: key, value: value)
            }
            contents.sessions = try await all("SELECT \(Self.sessionColumns) FROM sessions ORDER BY created_at, ord")
                .map(Self.session)
            contents.boards = try await all("SELECT id, session_id, group_id, kind FROM boards ORDER BY ord").map {
                let (id, session, group, kind) = try $0.decode((String, String, String, String).self)
                return BoardRecord(
                    id: id, sessionId: session, groupId: group, kind: BoardKind(rawValue: kind) ?? .ideas)
            }
            contents.invites = try await all("SELECT \(Self.inviteColumns) FROM invites ORDER BY ord").map(Self.invite)
            contents.audit = try await all("SELECT \(Self.auditColumns) FROM audit_log ORDER BY id").map(Self.audit)
            contents.boardUpdates = try await all(
                "SELECT board_id, seq, data, sender, phase, created_at FROM board_updates ORDER BY board_id, seq"
            ).map {
                let (board, seq, data, sender, phase, createdAt) = try $0.decode(
                    (String, Int64, ByteBuffer, String, String?, Int64).self)
                var record = BoardUpdateRecord(
                    boardId: board, data: Data(data.readableBytesView), sender: sender, phase: phase,
                    createdAt: createdAt)
                record.id = seq
                return record
            }
            contents.boardSnapshots = try await all(
                "SELECT board_id, data, through_seq, created_at FROM board_snapshots ORDER BY board_id"
            ).map {
                let (board, data, through, createdAt) = try $0.decode((String, ByteBuffer, Int64, Int64).self)
                return BoardSnapshotRecord(
                    boardId: board, data: Data(data.readableBytesView), throughUpdateId: through, createdAt: createdAt)
            }
            contents.contributions = try await all(
                "SELECT board_id, sender, phase, updates, bytes FROM board_contributions ORDER BY board_id, sender, phase"
            ).map {
                let (board, sender, phase, updates, bytes) = try $0.decode((String, String, String, Int64, Int64).self)
                return BoardContributionRecord(
                    boardId: board, sender: sender, phase: phase, updates: updates, bytes: bytes)
            }
            contents.clientBindings = try await all(
                "SELECT board_id, client_id, participant FROM client_bindings ORDER BY board_id, client_id"
            ).map {
                let (board, client, participant) = try $0.decode((String, Int64, String).self)
                return ClientBindingRecord(
                    boardId: board, clientId: UInt64(bitPattern: client), participant: participant)
            }
            contents.quarantine = try await all("SELECT \(Self.quarantineColumns) FROM quarantine ORDER BY id")
                .map(Self.quarantine)
            contents.artifacts = try await all("SELECT \(Self.artifactColumns) FROM artifacts ORDER BY id")
                .map(Self.artifact)
            contents.assets = try await all(
                "SELECT hash, board_id, session_id, uploader, bytes, type, created_at FROM assets ORDER BY hash"
            ).map(Self.asset)
            contents.deletedBoards = try await all("SELECT board_id, deleted_at FROM deleted_boards ORDER BY board_id")
                .map {
                    let (id, at) = try $0.decode((String, Int64).self)
                    return DeletedBoardRecord(id: id, deletedAt: at)
                }
            return contents
        }
    }

    /// Positions are kept: each board's updates keep their numbers (increasing within the
    /// board), and its newest position is the larger of its last update and its snapshot.
    package func load(_ contents: StoreContents) async throws {
        try await transaction { connection in
            let existing =
                try await Self.rows("SELECT COUNT(*)::bigint FROM sessions", on: connection, logger: self.logger)
                .first?.decode(Int64.self) ?? 0
            guard existing == 0 else {
                throw StoreError(.notEmpty, "the destination already holds sessions: migrate into an empty store")
            }
            let log = self.logger
            for setting in contents.settings {
                try await connection.query(
                    """
                    INSERT INTO settings (key, value) VALUES (\(setting.key), \(setting.value))
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """, logger: log)
            }
            for session in contents.sessions {
                try await connection.query(
                    """
                    INSERT INTO sessions (id, title, definition, state, version, created_at)
                    VALUES (\(session.id), \(session.title), \(session.definition), \(session.state),
                        \(session.version), \(session.createdAt))
                    """, logger: log)
            }
            for board in contents.boards {
                try await connection.query(
                    """
                    INSERT INTO boards (id, session_id, group_id, kind)
                    VALUES (\(board.id), \(board.sessionId), \(board.groupId), \(board.kind.rawValue))
                    """, logger: log)
            }
            for invite in contents.invites { try await Self.save(invite, on: connection, logger: log) }
            for line in contents.audit {
                try await connection.query(
                    """
                    INSERT INTO audit_log (id, session_id, at, actor, action, from_phase, to_phase, reason, detail)
                    VALUES (\(line.id), \(line.sessionId), \(line.at), \(line.actor), \(line.action), \(line.fromPhase),
                        \(line.toPhase), \(line.reason), \(line.detail))
                    """, logger: log)
            }
            var heads: [String: Int64] = [:]
            for update in contents.boardUpdates {
                let seq = update.id ?? 0
                try await connection.query(
                    """
                    INSERT INTO board_updates (board_id, seq, data, sender, phase, created_at)
                    VALUES (\(update.boardId), \(seq), \(update.data), \(update.sender), \(update.phase),
                        \(update.createdAt))
                    """, logger: log)
                heads[update.boardId] = max(heads[update.boardId] ?? 0, seq)
            }
            for snapshot in contents.boardSnapshots {
                try await connection.query(
                    """
                    INSERT INTO board_snapshots (board_id, data, through_seq, created_at)
                    VALUES (\(snapshot.boardId), \(snapshot.data), \(snapshot.throughUpdateId), \(snapshot.createdAt))
                    """, logger: log)
                heads[snapshot.boardId] = max(heads[snapshot.boardId] ?? 0, snapshot.throughUpdateId)
            }
            for (board, head) in heads {
                try await connection.query(
                    "INSERT INTO board_heads (board_id, head) VALUES (\(board), \(head))", logger: log)
            }
            for contribution in contents.contributions {
                try await connection.query(
                    """
                    INSERT INTO board_contributions (board_id, sender, phase, updates, bytes)
                    VALUES (\(contribution.boardId), \(contribution.sender), \(contribution.phase),
                        \(contribution.updates), \(contribution.bytes))
                    """, logger: log)
            }
            for binding in contents.clientBindings {
                try await connection.query(
                    """
                    INSERT INTO client_bindings (board_id, client_id, participant)
                    VALUES (\(binding.boardId), \(Int64(bitPattern: binding.clientId)), \(binding.participant))
                    """, logger: log)
            }
            for entry in contents.quarantine {
                try await connection.query(
                    """
                    INSERT INTO quarantine (id, session_id, board_id, data, reason, reason_code, sender, phase, at,
                        status, count, last_at, ranges)
                    VALUES (\(entry.id), \(entry.sessionId), \(entry.boardId), \(entry.data), \(entry.reason),
                        \(entry.reasonCode), \(entry.sender), \(entry.phase), \(entry.at), \(entry.status.rawValue),
                        \(Int32(entry.count)), \(entry.lastAt), \(entry.ranges))
                    """, logger: log)
            }
            for artifact in contents.artifacts {
                try await connection.query(
                    """
                    INSERT INTO artifacts (id, session_id, kind, key, created_at, meta, data)
                    VALUES (\(artifact.id), \(artifact.sessionId), \(artifact.kind.rawValue), \(artifact.key),
                        \(artifact.createdAt), \(artifact.meta), \(artifact.data))
                    """, logger: log)
            }
            for asset in contents.assets {
                try await connection.query(
                    """
                    INSERT INTO assets (hash, board_id, session_id, uploader, bytes, type, created_at)
                    VALUES (\(asset.hash), \(asset.boardId), \(asset.sessionId), \(asset.uploader), \(asset.bytes),
                        \(asset.type), \(asset.createdAt))
                    """, logger: log)
            }
            for board in contents.deletedBoards {
                try await connection.query(
                    "INSERT INTO deleted_boards (board_id, deleted_at) VALUES (\(board.id), \(board.deletedAt))",
                    logger: log)
            }
            // Explicit ids were written: move the id sequences past them.
            for table in ["audit_log", "quarantine", "artifacts"] {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT setval(pg_get_serial_sequence('\(table)', 'id'),
                                GREATEST((SELECT COALESCE(MAX(id), 0) FROM \(table)), 1))
                            """), logger: log)
            }
        }
    }
}

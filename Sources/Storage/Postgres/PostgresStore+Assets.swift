package import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Upload records live in PostgreSQL; the image files themselves in the data directory's
/// `assets/`, which every node of a cluster shares (docs/DEPLOY.md).
extension PostgresStore: AssetStore {
    static func asset(_ row: PostgresRow) throws -> AssetRecord {
        let (hash, board, session, uploader, bytes, type, createdAt) = try row.decode(
            (String, String, String?, String, Int64, String, Int64).self)
        return AssetRecord(
            hash: hash, boardId: board, sessionId: session, uploader: uploader, bytes: bytes, type: type,
            createdAt: createdAt)
    }

    /// Counted under a lock on the session (or on the uploader outside sessions), so that
    /// parallel uploads on any node cannot overshoot.
    package func reserveAsset(_ record: AssetRecord, quota: AssetQuota) async throws -> AssetReservation {
        try await transaction { connection in
            let scope = "atelier-assets:" + (record.sessionId ?? "-")
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(scope), 0))", logger: self.logger)
            let exists = try await Self.rows(
                """
                SELECT 1 FROM assets WHERE hash = \(record.hash) AND board_id = \(record.boardId)
                    AND uploader = \(record.uploader)
                """, on: connection, logger: self.logger)
            if !exists.isEmpty { return .reserved }
            let person =
                try await Self.rows(
                    """
                    SELECT COALESCE(SUM(bytes), 0)::bigint FROM (SELECT DISTINCT hash, bytes FROM assets
                    WHERE uploader = \(record.uploader) AND session_id IS NOT DISTINCT FROM \(record.sessionId)) AS a
                    """, on: connection, logger: self.logger
                ).first?.decode(Int64.self) ?? 0
            if person + record.bytes > quota.perPerson { return .personQuotaExceeded }
            let session =
                try await Self.rows(
                    """
                    SELECT COALESCE(SUM(bytes), 0)::bigint FROM (SELECT DISTINCT hash, bytes FROM assets
                    WHERE session_id IS NOT DISTINCT FROM \(record.sessionId)) AS a
                    """, on: connection, logger: self.logger
                ).first?.decode(Int64.self) ?? 0
            if session + record.bytes > quota.perSession { return .sessionQuotaExceeded }
            try await connection.query(
                """
                INSERT INTO assets (hash, board_id, session_id, uploader, bytes, type, created_at)
                VALUES (\(record.hash), \(record.boardId), \(record.sessionId), \(record.uploader), \(record.bytes),
                    \(record.type), \(record.createdAt))
                """, logger: self.logger)
            return .reserved
        }
    }

    package func releaseAsset(_ record: AssetRecord) async throws {
        _ = try await rows(
            """
            DELETE FROM assets WHERE hash = \(record.hash) AND board_id = \(record.boardId)
                AND uploader = \(record.uploader)
            """)
    }

    package func assetRecords() async throws -> [AssetRecord] {
        try await rows("SELECT hash, board_id, session_id, uploader, bytes, type, created_at FROM assets ORDER BY hash")
            .map(Self.asset)
    }

    package func assetRecords(hash: String) async throws -> [AssetRecord] {
        try await rows(
            "SELECT hash, board_id, session_id, uploader, bytes, type, created_at FROM assets WHERE hash = \(hash)"
        ).map(Self.asset)
    }

    package func forgetAsset(hash: String) async throws {
        _ = try await rows("DELETE FROM assets WHERE hash = \(hash)")
    }

    package func allBoardIds() async throws -> [String] {
        try await rows(
            """
            SELECT id FROM boards UNION SELECT board_id FROM board_heads UNION SELECT board_id FROM board_snapshots
            """
        ).map { try $0.decode(String.self) }
    }

    package func allArtifactData() async throws -> [ArtifactRecord] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.artifactColumns) FROM artifacts ORDER BY id"))
            .map(Self.artifact)
    }
}

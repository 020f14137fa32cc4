package import Foundation
package import GRDB

extension SQLiteStore: AssetStore {
    package func reserveAsset(_ record: AssetRecord, quota: AssetQuota) async throws -> AssetReservation {
        try await database.writer.write { db in
            if try record.exists(db) { return .reserved }
            let person =
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT COALESCE(SUM(bytes), 0) FROM (SELECT DISTINCT hash, bytes FROM asset
                        WHERE uploader = ? AND sessionId IS ?)
                        """, arguments: [record.uploader, record.sessionId]) ?? 0
            if person + record.bytes > quota.perPerson { return .personQuotaExceeded }
            let session =
                try Int64.fetchOne(
                    db,
                    sql:
                        "SELECT COALESCE(SUM(bytes), 0) FROM (SELECT DISTINCT hash, bytes FROM asset WHERE sessionId IS ?)",
                    arguments: [record.sessionId]) ?? 0
            if session + record.bytes > quota.perSession { return .sessionQuotaExceeded }
            try record.insert(db)
            return .reserved
        }
    }

    package func releaseAsset(_ record: AssetRecord) async throws {
        _ = try await database.writer.write { db in try record.delete(db) }
    }

    package func assetRecords() async throws -> [AssetRecord] {
        try await database.reader.read { db in try AssetRecord.fetchAll(db) }
    }

    package func assetRecords(hash: String) async throws -> [AssetRecord] {
        try await database.reader.read { db in
            try AssetRecord.filter(AssetRecord.Columns.hash == hash).fetchAll(db)
        }
    }

    package func forgetAsset(hash: String) async throws {
        _ = try await database.writer.write { db in
            try AssetRecord.filter(AssetRecord.Columns.hash == hash).deleteAll(db)
        }
    }

    package func allBoardIds() async throws -> [String] {
        try await database.reader.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM board UNION SELECT boardId FROM boardUpdate UNION SELECT boardId FROM boardSnapshot
                    """)
        }
    }

    package func allArtifactData() async throws -> [ArtifactRecord] {
        try await database.reader.read { db in try ArtifactRecord.fetchAll(db) }
    }
}

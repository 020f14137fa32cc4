package import Foundation
package import GRDB

extension SQLiteStore: SessionStore {
    package func createSession(
        _ session: SessionRecord, boards: [BoardRecord], invites: [InviteRecord], audit: [AuditEntryRecord]
    ) async throws {
        try await database.writer.write { db in
            try session.insert(db)
            for board in boards { try board.insert(db) }
            for invite in invites { try invite.insert(db) }
            for var line in audit { try line.insert(db) }
        }
    }

    package func sessions() async throws -> [SessionRecord] {
        try await database.reader.read { db in
            try SessionRecord.order(SessionRecord.Columns.createdAt.desc).fetchAll(db)
        }
    }

    package func session(_ id: String) async throws -> SessionRecord? {
        try await database.reader.read { db in try SessionRecord.fetchOne(db, key: id) }
    }

    package func boards(sessionId: String) async throws -> [BoardRecord] {
        try await database.reader.read { db in
            try BoardRecord.filter(BoardRecord.Columns.sessionId == sessionId).order(Column.rowID).fetchAll(db)
        }
    }

    package func invites(sessionId: String) async throws -> [InviteRecord] {
        try await database.reader.read { db in
            try InviteRecord.filter(InviteRecord.Columns.sessionId == sessionId).order(Column.rowID).fetchAll(db)
        }
    }

    package func invite(tokenHash: String) async throws -> InviteRecord? {
        try await database.reader.read { db in
            try InviteRecord.filter(InviteRecord.Columns.tokenHash == tokenHash).fetchOne(db)
        }
    }

    package func modifySession<Value: Sendable>(
        _ id: String, _ body: @escaping @Sendable (inout SessionTransaction) throws -> Value
    ) async throws -> SessionCommit<Value> {
        // GRDB runs one write transaction at a time: the read, the change and the write below
        // cannot interleave with another change of this session.
        try await database.writer.write { db in
            guard let stored = try SessionRecord.fetchOne(db, key: id) else {
                throw StoreError(.notFound, "no session \(id)")
            }
            let invites = try InviteRecord.filter(InviteRecord.Columns.sessionId == id).order(Column.rowID).fetchAll(
                db)
            var change = SessionTransaction(stored: stored, invites: invites)
            let value = try body(&change)
            for (board, head) in change.expectedBoardHeads where try Self.head(of: board, in: db) != head {
                throw StoreError(.boardMoved, "board \(board) received an update during the change")
            }
            guard change.hasChanges else { return SessionCommit(value: value, session: stored, changed: false) }
            var written = stored
            written.state = change.state
            written.definition = change.definition
            written.version = stored.version + 1
            try written.update(db)
            for var line in change.audit { try line.insert(db) }
            for var artifact in change.artifacts { try artifact.insert(db) }
            for invite in change.inviteChanges { try invite.save(db) }
            return SessionCommit(value: value, session: written, changed: true)
        }
    }

    package func audit(sessionId: String) async throws -> [AuditEntryRecord] {
        try await database.reader.read { db in
            try AuditEntryRecord.filter(AuditEntryRecord.Columns.sessionId == sessionId)
                .order(AuditEntryRecord.Columns.id).fetchAll(db)
        }
    }

    package func appendAudit(_ lines: [AuditEntryRecord]) async throws {
        try await database.writer.write { db in
            for var line in lines { try line.insert(db) }
        }
    }

    package func artifacts(kind: ArtifactKind, key: String) async throws -> [ArtifactRecord] {
        try await database.reader.read { db in
            try ArtifactRecord.filter(ArtifactRecord.Columns.kind == kind && ArtifactRecord.Columns.key == key)
                .order(ArtifactRecord.Columns.id).fetchAll(db)
        }
    }

    package func artifacts(kind: ArtifactKind) async throws -> [ArtifactRecord] {
        try await database.reader.read { db in
            try ArtifactRecord.filter(ArtifactRecord.Columns.kind == kind).order(ArtifactRecord.Columns.id).fetchAll(db)
        }
    }

    @discardableResult
    package func addArtifacts(_ artifacts: [ArtifactRecord]) async throws -> [ArtifactRecord] {
        try await database.writer.write { db in
            try artifacts.map { artifact in
                var artifact = artifact
                try artifact.insert(db)
                return artifact
            }
        }
    }

    package func artifacts(sessionId: String, kind: ArtifactKind) async throws -> [ArtifactRecord] {
        try await database.reader.read { db in
            try ArtifactRecord.filter(
                ArtifactRecord.Columns.sessionId == sessionId && ArtifactRecord.Columns.kind == kind
            ).order(ArtifactRecord.Columns.id).fetchAll(db)
        }
    }

    package func deleteSession(_ id: String, at: Int64) async throws -> SessionDeletion {
        try await database.writer.write { db in
            guard try SessionRecord.fetchOne(db, key: id) != nil else {
                throw StoreError(.notFound, "no session \(id)")
            }
            let boards = try String.fetchAll(
                db, sql: "SELECT id FROM board WHERE sessionId = ? ORDER BY rowid", arguments: [id])
            // The tombstones first: from here on the triggers refuse the boards' rows.
            for board in boards {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO deletedBoard (id, deletedAt) VALUES (?, ?)", arguments: [board, at])
            }
            let ofBoards = "boardId IN (SELECT id FROM board WHERE sessionId = ?)"
            let hashes = try String.fetchAll(
                db, sql: "SELECT DISTINCT hash FROM asset WHERE sessionId = ? OR \(ofBoards) ORDER BY hash",
                arguments: [id, id])
            for table in AppDatabase.boardTables {
                let sessionColumn = ["quarantine", "asset"].contains(table) ? "sessionId = ? OR " : ""
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE \(sessionColumn)\(ofBoards)",
                    arguments: StatementArguments(sessionColumn.isEmpty ? [id] : [id, id]))
            }
            try db.execute(
                sql: "DELETE FROM artifact WHERE sessionId = ? AND kind != ?", arguments: [id, ArtifactKind.record])
            try db.execute(sql: "DELETE FROM audit WHERE sessionId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM invite WHERE sessionId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM board WHERE sessionId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [id])
            return SessionDeletion(boardIds: boards, assetHashes: hashes)
        }
    }

    package func deletedBoardIds() async throws -> Set<String> {
        try await database.reader.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM deletedBoard")) }
    }

    package func discardFreedSpace() async throws {
        try await database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    package func deleteRecords(signedAtOrBefore: Int64) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(
                sql: "DELETE FROM artifact WHERE kind = ? AND createdAt <= ?",
                arguments: [ArtifactKind.record, signedAtOrBefore])
            return db.changesCount
        }
    }
}

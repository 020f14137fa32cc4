package import Foundation
import GRDB
package import Workshop

// Everything Atelier keeps durably goes through these protocols: the embedded SQLite database
// (`SQLiteStore`) implements them today, PostgreSQL the same way for several nodes. Every
// method either completes durably or throws; nothing is half written.
//
// Sessions change by one primitive only, `modifySession`: it reads the session's row (and its
// invites) inside a write transaction, lets the caller change them, and writes the result
// back with its audit lines and artifacts before the transaction commits. Two changes of one
// session never interleave, so no confirmed change is overwritten by a concurrent one.

/// An update a room has accepted and wants durable before it broadcasts it.
package struct NewBoardUpdate: Sendable, Equatable {
    /// The board it belongs to.
    package var boardId: String
    /// The Yjs v1 update.
    package var data: [UInt8]
    /// Who sent it.
    package var sender: String
    /// The phase in force, when sessions exist.
    package var phase: String?
    /// Acceptance time, epoch milliseconds.
    package var createdAt: Int64

    /// Makes an update to append.
    package init(boardId: String, data: [UInt8], sender: String, phase: String? = nil, createdAt: Int64) {
        self.boardId = boardId
        self.data = data
        self.sender = sender
        self.phase = phase
        self.createdAt = createdAt
    }
}

/// A board's durable history: its snapshot, if compacted, then the updates to replay.
///
/// Positions (`id`) increase in commit order within a board; a store may leave gaps.
package struct StoredBoard: Sendable {
    /// The compacted state, covering every update up to `snapshotThrough`.
    package var snapshot: [UInt8]?
    /// The last update position the snapshot covers (0 without a snapshot).
    package var snapshotThrough: Int64
    /// The updates after the snapshot, in commit order, each with its position.
    package var updates: [(id: Int64, data: [UInt8])]
    /// Who sent each update, in the order of `updates` (empty when the store did not say).
    package var senders: [String] = []

    /// Makes a history.
    package init(
        snapshot: [UInt8]? = nil, snapshotThrough: Int64 = 0, updates: [(id: Int64, data: [UInt8])],
        senders: [String] = []
    ) {
        self.snapshot = snapshot
        self.snapshotThrough = snapshotThrough
        self.updates = updates
        self.senders = senders
    }

    /// The sender of the update at `index` of `updates` ("" when unknown).
    package func sender(at index: Int) -> String {
        index < senders.count ? senders[index] : ""
    }

    /// The snapshot (if any) followed by the updates: what to apply to a fresh document.
    package var replay: [[UInt8]] {
        (snapshot.map { [$0] } ?? []) + updates.map(\.data)
    }

    /// The newest position covered by what `replay` returns.
    package var lastUpdateId: Int64 { updates.last?.id ?? snapshotThrough }
}

/// Where rooms keep their boards.
///
/// `append` returns only once the update is committed; concurrent appends from many rooms
/// may share one transaction (group commit).
package protocol BoardStore: Sendable {
    /// Reads the history of a board (empty when the board has none).
    func load(boardId: String) async throws -> StoredBoard
    /// Commits an update and returns its position.
    func append(_ update: NewBoardUpdate) async throws -> Int64
    /// Replaces the board's history up to `throughUpdateId` with `snapshot`, in one transaction
    /// that removes only the updates the snapshot covers and keeps their attribution. A
    /// snapshot older than the stored one is ignored (another node compacted further).
    func compact(boardId: String, snapshot: [UInt8], throughUpdateId: Int64) async throws
    /// What a room that has applied everything up to `after` is missing: the updates after it,
    /// or, when compaction removed some of them, the snapshot and the updates after it.
    func updates(boardId: String, after: Int64) async throws -> StoredBoard
}

/// One change of a session, prepared inside the transaction that read it.
///
/// The closure given to ``SessionStore/modifySession(_:_:)`` receives the stored row and
/// invites, changes ``state`` (and what else it must), and adds audit lines and artifacts;
/// all of it is written in the same transaction, with the session's version incremented.
package struct SessionTransaction: Sendable {
    /// The session as stored when the transaction began.
    package let stored: SessionRecord
    /// The session's invites as stored, in creation order.
    package let invites: [InviteRecord]
    /// The session's state to write (JSON).
    package var state: String
    /// The definition to write (JSON); changes when people or dates are edited.
    package var definition: String
    /// Audit lines to append.
    package var audit: [AuditEntryRecord] = []
    /// Artifacts to store (deck snapshots, checkpoints, signed records).
    package var artifacts: [ArtifactRecord] = []
    /// Invites to insert or replace.
    package var inviteChanges: [InviteRecord] = []
    /// Boards whose newest update position must still be this one when the change commits
    /// (a pitch's deck snapshot); otherwise the store throws ``StoreError/Code/boardMoved``.
    package var expectedBoardHeads: [String: Int64] = [:]

    /// A transaction over `stored`.
    package init(stored: SessionRecord, invites: [InviteRecord]) {
        self.stored = stored
        self.invites = invites
        self.state = stored.state
        self.definition = stored.definition
    }

    /// Whether anything is to be written.
    package var hasChanges: Bool {
        state != stored.state || definition != stored.definition || !audit.isEmpty || !artifacts.isEmpty
            || !inviteChanges.isEmpty
    }
}

/// What ``SessionStore/modifySession(_:_:)`` returns: the caller's result and the session as
/// it now stands (its version incremented when something was written).
package struct SessionCommit<Value: Sendable>: Sendable {
    /// What the closure returned.
    package var value: Value
    /// The session row after the transaction.
    package var session: SessionRecord
    /// Whether something was written.
    package var changed: Bool

    /// Makes a result.
    package init(value: Value, session: SessionRecord, changed: Bool) {
        self.value = value
        self.session = session
        self.changed = changed
    }
}

/// Why a store refused an operation.
package struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable codes.
    package enum Code: String, Sendable, Hashable {
        /// The session (or row) does not exist.
        case notFound = "not-found"
        /// The disk is full.
        case diskFull = "disk-full"
        /// The destination of a migration already holds sessions.
        case notEmpty = "not-empty"
        /// A board received an update the change did not expect (``SessionTransaction/expectedBoardHeads``).
        case boardMoved = "board-moved"
        /// The database refused or failed a statement (the message says what and why).
        case database = "database"
        /// The database does not answer now (PostgreSQL down or unreachable): try again later.
        case unavailable = "unavailable"
    }

    /// The code.
    package var code: Code
    /// A sentence for logs.
    package var message: String

    /// Makes an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    package var description: String { "\(code.rawValue): \(message)" }
}

/// Sessions, their boards and invites, the audit log and artifacts.
package protocol SessionStore: Sendable {
    /// Stores a new session with its boards, invites, first audit lines and artifacts, in one transaction.
    func createSession(
        _ session: SessionRecord, boards: [BoardRecord], invites: [InviteRecord], audit: [AuditEntryRecord]
    ) async throws
    /// Every session, newest first.
    func sessions() async throws -> [SessionRecord]
    /// A session by id.
    func session(_ id: String) async throws -> SessionRecord?
    /// The boards of a session, in creation order.
    func boards(sessionId: String) async throws -> [BoardRecord]
    /// The invites of a session, in creation order.
    func invites(sessionId: String) async throws -> [InviteRecord]
    /// The invite whose token has this hash.
    func invite(tokenHash: String) async throws -> InviteRecord?
    /// Changes a session in one transaction that no other change of it interleaves with (see
    /// ``SessionTransaction``); throws ``StoreError/Code/notFound`` for an unknown session and
    /// rethrows what `body` throws, writing nothing.
    func modifySession<Value: Sendable>(
        _ id: String, _ body: @escaping @Sendable (inout SessionTransaction) throws -> Value
    ) async throws -> SessionCommit<Value>
    /// A session's audit log, oldest first.
    func audit(sessionId: String) async throws -> [AuditEntryRecord]
    /// Appends audit lines outside a session change (server-wide events).
    func appendAudit(_ lines: [AuditEntryRecord]) async throws
    /// A session's artifacts of one kind, oldest first (their data included).
    func artifacts(sessionId: String, kind: ArtifactKind) async throws -> [ArtifactRecord]
    /// The artifacts of one kind about `key` (a board's checkpoints), oldest first.
    func artifacts(kind: ArtifactKind, key: String) async throws -> [ArtifactRecord]
    /// Every artifact of a kind, oldest first (the records of every session).
    func artifacts(kind: ArtifactKind) async throws -> [ArtifactRecord]
    /// Stores artifacts outside a session change (checkpoints taken after a phase move);
    /// returns them with their ids.
    @discardableResult
    func addArtifacts(_ artifacts: [ArtifactRecord]) async throws -> [ArtifactRecord]
    /// Deletes a session and everything that is its own — boards and their history,
    /// invites, audit, quarantine, checkpoints, deck snapshots, image records — but its
    /// signed records, which the certifier keeps, in one transaction. Its board ids become
    /// tombstones: nothing is stored for them again. Throws ``StoreError/Code/notFound`` for
    /// an unknown session.
    func deleteSession(_ id: String, at: Int64) async throws -> SessionDeletion
    /// Every board id of a deleted session.
    func deletedBoardIds() async throws -> Set<String>
    /// Deletes the signed records (artifacts of kind `record`) made at or before `signedAtOrBefore`
    /// (epoch milliseconds), their retention period over; returns how many.
    func deleteRecords(signedAtOrBefore: Int64) async throws -> Int
    /// Makes deleted and overwritten rows leave the storage files now (an erased name): SQLite
    /// checkpoints its write-ahead log and truncates it (freed pages are zeroed by
    /// `secure_delete`); PostgreSQL leaves it to its vacuum.
    func discardFreedSpace() async throws
}

extension SessionStore {
    package func discardFreedSpace() async throws {}
}

/// What ``SessionStore/deleteSession(_:at:)`` removed, for the caller to let go of the rest.
package struct SessionDeletion: Sendable, Equatable {
    /// The session's boards (now tombstones).
    package var boardIds: [String]
    /// Images the session's boards used (their files go unless something else uses them).
    package var assetHashes: [String]

    /// Makes a result.
    package init(boardIds: [String], assetHashes: [String]) {
        self.boardIds = boardIds
        self.assetHashes = assetHashes
    }
}

/// Refused updates kept for a facilitator, and client-id bindings.
package protocol QuarantineStore: Sendable {
    /// Stores a refused update; returns it with its id.
    func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord
    /// Replaces a pending entry (a burst's next refused update merged into it).
    func updateQuarantine(_ record: QuarantineRecord) async throws
    /// Quarantine entries of a session or of a board, oldest first.
    func quarantineEntries(sessionId: String?, boardId: String?, status: QuarantineStatus?) async throws
        -> [QuarantineRecord]
    /// One quarantine entry.
    func quarantineEntry(_ id: Int64) async throws -> QuarantineRecord?
    /// Marks pending entries applied or discarded, with an audit line, in one transaction, if
    /// the first of `ids` is still pending; returns false, writing nothing, when it is not (a
    /// decision already taken: of two at once, exactly one changes it). Entries of `ids` no longer
    /// pending keep their status.
    ///
    /// For example:
    /// ```swift
    /// guard try await store.setQuarantineStatus([entry], to: .discarded, audit: line) else { /* 409 */ }
    /// ```
    @discardableResult
    func setQuarantineStatus(_ ids: [Int64], to status: QuarantineStatus, audit: AuditEntryRecord?) async throws
        -> Bool
    /// The participant bound to a Yjs client id on a board, binding it to `participant` if unbound.
    func bindClient(boardId: String, clientId: UInt64, participant: String) async throws -> String
    /// Every Yjs client id bound on a board, with its participant.
    func clientBindings(boardId: String) async throws -> [UInt64: String]
    /// Updates per sender and phase on a set of boards, compacted or not (contribution reports).
    func contributions(boardIds: [String]) async throws -> [BoardContributionRecord]
}

/// What ``AssetStore/reserveAsset(_:quota:)`` decided.
package enum AssetReservation: Sendable, Equatable {
    /// Recorded (or already recorded: the same person uploaded the same image to the board).
    case reserved
    /// The person's quota would be exceeded.
    case personQuotaExceeded
    /// The session's quota would be exceeded.
    case sessionQuotaExceeded
}

/// Uploaded images' records.
package protocol AssetStore: Sendable {
    /// Records an upload if it keeps the person and the session within `quota` (counted in one
    /// transaction, so parallel uploads cannot overshoot).
    func reserveAsset(_ record: AssetRecord, quota: AssetQuota) async throws -> AssetReservation
    /// Forgets an upload whose file could not be written.
    func releaseAsset(_ record: AssetRecord) async throws
    /// Every upload record.
    func assetRecords() async throws -> [AssetRecord]
    /// The upload records of one hash (who may read an image). A default implementation
    /// filters ``assetRecords()``; a store with an index on the hash answers faster.
    func assetRecords(hash: String) async throws -> [AssetRecord]
    /// Forgets every record of a hash (its file was collected).
    func forgetAsset(hash: String) async throws
    /// Every board's id, session or not (for the collector).
    func allBoardIds() async throws -> [String]
    /// Every artifact's data (for the collector: what they show stays).
    func allArtifactData() async throws -> [ArtifactRecord]
}

extension AssetStore {
    /// The images one person uploaded to one session's boards (a person's export and erasure).
    package func assetRecords(uploadedBy uploader: String, in sessionId: String) async throws -> [AssetRecord] {
        try await assetRecords().filter { $0.uploader == uploader && $0.sessionId == sessionId }
    }

    /// The upload records of one hash, filtered from every record.
    package func assetRecords(hash: String) async throws -> [AssetRecord] {
        try await assetRecords().filter { $0.hash == hash }
    }
}

/// Server-wide settings (the facilitator token's digest).
package protocol SettingStore: Sendable {
    /// A setting's value.
    func setting(_ key: String) async throws -> String?
    /// Sets a setting.
    func setSetting(_ key: String, to value: String) async throws
}

/// Everything the server keeps.
package typealias AtelierStore = AssetStore & BoardStore & QuarantineStore & SessionStore & SettingStore

/// Recognising storage failures the API answers with their own status.
package enum StoreFailure {
    /// Whether `error` says the disk (or the database's quota) is full.
    package static func isDiskFull(_ error: any Error) -> Bool {
        if let error = error as? StoreError { return error.code == .diskFull }
        if let error = error as? DatabaseError {
            return error.resultCode == .SQLITE_FULL
                || error.resultCode == .SQLITE_IOERR
                    && error.extendedResultCode == .SQLITE_IOERR_WRITE
        }
        if let error = error as? CocoaError, error.code == .fileWriteOutOfSpace { return true }
        let posix = (error as NSError).domain == NSPOSIXErrorDomain ? (error as NSError).code : 0
        return posix == Int(ENOSPC) || posix == Int(EDQUOT)
    }
}

package import Foundation
package import GRDB

/// Something a session keeps as it was, never changed afterwards: the deck frozen at a pitch's
/// start, a board at the end of a phase, a signed assessment record.
///
/// Artifacts are written in the transaction of the change that makes them. A signed record
/// outlives its session (deleting a session keeps its `record` artifacts).
package struct ArtifactRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "artifact"

    /// Row id, increasing.
    package var id: Int64?
    /// The session it belongs to.
    package var sessionId: String
    /// What it is.
    package var kind: ArtifactKind
    /// What it is about: a group id (deck snapshots), a board id (checkpoints), a version (records).
    package var key: String
    /// When it was made, epoch ms.
    package var createdAt: Int64
    /// A small JSON description (slide count, phase, label, hash…).
    package var meta: String
    /// The bytes (a Yjs update, a canonical JSON document).
    package var data: Data

    /// The table's columns.
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let kind = Column(CodingKeys.kind)
        package static let key = Column(CodingKeys.key)
    }

    /// Makes a record not yet inserted.
    package init(sessionId: String, kind: ArtifactKind, key: String, createdAt: Int64, meta: String, data: Data) {
        self.id = nil
        self.sessionId = sessionId
        self.kind = kind
        self.key = key
        self.createdAt = createdAt
        self.meta = meta
        self.data = data
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// The kinds of artifact.
package enum ArtifactKind: String, Codable, Sendable, Hashable, DatabaseValueConvertible {
    /// A group's deck as it was when its pitch started (key: group id).
    case deckSnapshot = "deck-snapshot"
    /// A board at the end of a phase, or named by a facilitator (key: board id).
    case checkpoint
    /// A signed assessment record (key: its version).
    case record
}

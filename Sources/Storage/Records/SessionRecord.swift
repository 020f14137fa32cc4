package import GRDB
package import Workshop

/// A session as stored: its definition and its state, each as JSON, and a version that every
/// change increments (so a cache can tell which of two copies is newer).
package struct SessionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "session"

    /// `s_…`.
    package var id: String
    /// The definition's title.
    package var title: String
    /// The session definition, JSON.
    package var definition: String
    /// The session's state (sprint, pitches, jury…), JSON.
    package var state: String
    /// Incremented by every change.
    package var version: Int64
    /// Creation time, epoch ms.
    package var createdAt: Int64

    /// The table's columns.
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let createdAt = Column(CodingKeys.createdAt)
    }

    /// Makes a record.
    package init(id: String, title: String, definition: String, state: String, version: Int64 = 1, createdAt: Int64) {
        self.id = id
        self.title = title
        self.definition = definition
        self.state = state
        self.version = version
        self.createdAt = createdAt
    }
}

/// A board of a session: its kind and the group it belongs to.
package struct BoardRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "board"

    /// `b_…`.
    package var id: String
    /// The session.
    package var sessionId: String
    /// The group owning it.
    package var groupId: String
    /// Its template.
    package var kind: BoardKind

    /// The table's columns.
    package enum Columns {
        package static let sessionId = Column(CodingKeys.sessionId)
    }

    /// Makes a record.
    package init(id: String, sessionId: String, groupId: String, kind: BoardKind) {
        self.id = id
        self.sessionId = sessionId
        self.groupId = groupId
        self.kind = kind
    }
}

// The domain's vocabulary is stored as its raw strings.
extension BoardKind: DatabaseValueConvertible {}
extension Role: DatabaseValueConvertible {}

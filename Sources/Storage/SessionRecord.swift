package import GRDB

/// A workshop session: its definition and its sprint state, both as JSON.
package struct SessionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "session"

    /// The session id (`s_…`).
    package var id: String
    /// The definition's title.
    package var title: String
    /// The session definition as given (JSON).
    package var definition: String
    /// The sprint's state (JSON of `Workshop.Sprint`).
    package var sprint: String
    /// Creation time, epoch ms.
    package var createdAt: Int64
    /// The instant up to which time-box events were processed, epoch ms.
    package var lastTickAt: Int64?
    /// The groups' pitches (JSON of `[group: Workshop.Pitch]`), once any started.
    package var pitches: String?
    /// The jury's sheets (JSON of `Workshop.Jury`), once anyone scored.
    package var jury: String?

    /// Makes a record.
    package init(
        id: String, title: String, definition: String, sprint: String, createdAt: Int64, lastTickAt: Int64?,
        pitches: String? = nil, jury: String? = nil
    ) {
        self.pitches = pitches
        self.jury = jury
        self.id = id
        self.title = title
        self.definition = definition
        self.sprint = sprint
        self.createdAt = createdAt
        self.lastTickAt = lastTickAt
    }
}

/// A board of a session's group.
package struct BoardRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "board"

    /// The board id (`b_…`), also its sync room.
    package var id: String
    /// Its session.
    package var sessionId: String
    /// Its group's id in the definition.
    package var groupId: String
    /// Its kind (`empathy-map`, `deck`, …).
    package var kind: String

    /// The table's columns.
    package enum Columns {
        package static let sessionId = Column(CodingKeys.sessionId)
    }

    /// Makes a record.
    package init(id: String, sessionId: String, groupId: String, kind: String) {
        self.id = id
        self.sessionId = sessionId
        self.groupId = groupId
        self.kind = kind
    }
}

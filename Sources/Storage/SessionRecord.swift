import GRDB

/// A workshop session: its definition and its sprint state, both as JSON.
public struct SessionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "session"

    /// The session id (`s_…`).
    public var id: String
    /// The definition's title.
    public var title: String
    /// The session definition as given (JSON).
    public var definition: String
    /// The sprint's state (JSON of `Workshop.Sprint`).
    public var sprint: String
    /// Creation time, epoch ms.
    public var createdAt: Int64
    /// The instant up to which time-box events were processed, epoch ms.
    public var lastTickAt: Int64?
    /// The groups' pitches (JSON of `[group: Workshop.Pitch]`), once any started.
    public var pitches: String?
    /// The jury's sheets (JSON of `Workshop.Jury`), once anyone scored.
    public var jury: String?

    /// Makes a record.
    public init(
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
public struct BoardRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "board"

    /// The board id (`b_…`), also its sync room.
    public var id: String
    /// Its session.
    public var sessionId: String
    /// Its group's id in the definition.
    public var groupId: String
    /// Its kind (`empathy-map`, `deck`, …).
    public var kind: String

    /// The table's columns.
    public enum Columns {
        public static let sessionId = Column(CodingKeys.sessionId)
    }

    /// Makes a record.
    public init(id: String, sessionId: String, groupId: String, kind: String) {
        self.id = id
        self.sessionId = sessionId
        self.groupId = groupId
        self.kind = kind
    }
}

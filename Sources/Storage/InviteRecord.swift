import GRDB

/// An invite: a person's access to one session, by a random token stored as its SHA-256.
public struct InviteRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "invite"

    /// The invite id (`i_…`), also the person's participant id.
    public var id: String
    /// The session it opens.
    public var sessionId: String
    /// Hex SHA-256 of the token.
    public var tokenHash: String
    /// The person's name.
    public var name: String
    /// `participant`, `juror` or `observer`.
    public var role: String
    /// The group (participants).
    public var groupId: String?
    /// The juror id of the definition (jurors).
    public var jurorId: String?
    /// Creation time, epoch ms.
    public var createdAt: Int64
    /// When it was revoked, epoch ms; nil while valid.
    public var revokedAt: Int64?

    /// The table's columns.
    public enum Columns {
        public static let sessionId = Column(CodingKeys.sessionId)
        public static let tokenHash = Column(CodingKeys.tokenHash)
    }

    /// Makes a record.
    public init(
        id: String, sessionId: String, tokenHash: String, name: String, role: String, groupId: String?,
        jurorId: String?, createdAt: Int64, revokedAt: Int64? = nil
    ) {
        self.id = id
        self.sessionId = sessionId
        self.tokenHash = tokenHash
        self.name = name
        self.role = role
        self.groupId = groupId
        self.jurorId = jurorId
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

package import GRDB
package import Workshop

/// An invite: a person's access to one session, by a random token stored as its SHA-256.
package struct InviteRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "invite"

    /// The invite id (`i_…`), also the person's participant id.
    package var id: String
    /// The session it opens.
    package var sessionId: String
    /// Hex SHA-256 of the token.
    package var tokenHash: String
    /// The person's name.
    package var name: String
    /// Participant, juror or observer.
    package var role: Role
    /// The group (participants).
    package var groupId: String?
    /// The juror id of the definition (jurors).
    package var jurorId: String?
    /// Creation time, epoch ms.
    package var createdAt: Int64
    /// When it was revoked, epoch ms; nil while valid.
    package var revokedAt: Int64?

    /// The table's columns.
    package enum Columns {
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let tokenHash = Column(CodingKeys.tokenHash)
        package static let createdAt = Column(CodingKeys.createdAt)
    }

    /// Makes a record.
    package init(
        id: String, sessionId: String, tokenHash: String, name: String, role: Role, groupId: String?,
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

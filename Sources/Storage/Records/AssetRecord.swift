package import GRDB

/// One upload of an image to a board: who uploaded which content hash where, and its size.
/// The bytes live in the asset folder under their hash; these rows count quotas and tell the
/// collector whom an image belongs to.
package struct AssetRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "asset"

    /// Hex SHA-256 of the bytes.
    package var hash: String
    /// The board it was uploaded to.
    package var boardId: String
    /// The board's session (nil for an ad-hoc board).
    package var sessionId: String?
    /// Who uploaded it (`facilitator` or an invite id).
    package var uploader: String
    /// Its size in bytes.
    package var bytes: Int64
    /// Its media type.
    package var type: String
    /// When, epoch ms.
    package var createdAt: Int64

    /// The table's columns.
    package enum Columns {
        package static let hash = Column(CodingKeys.hash)
        package static let sessionId = Column(CodingKeys.sessionId)
        package static let uploader = Column(CodingKeys.uploader)
    }

    /// Makes a record.
    package init(
        hash: String, boardId: String, sessionId: String?, uploader: String, bytes: Int64, type: String,
        createdAt: Int64
    ) {
        self.hash = hash
        self.boardId = boardId
        self.sessionId = sessionId
        self.uploader = uploader
        self.bytes = bytes
        self.type = type
        self.createdAt = createdAt
    }
}

/// The most one person and one session may upload.
package struct AssetQuota: Sendable, Equatable {
    /// Bytes per person and session.
    package var perPerson: Int64
    /// Bytes per session.
    package var perSession: Int64

    /// Makes a quota.
    package init(perPerson: Int64, perSession: Int64) {
        self.perPerson = perPerson
        self.perSession = perSession
    }
}

package import Foundation

/// The table of contents of a backup, written as `manifest.json`, the archive's last entry (an
/// archive without it was cut short). Instants are epoch milliseconds.
///
/// For example:
///
/// ```json
/// {"format": "atelier-backup", "version": 1, "createdAt": 1767225600000, "atelierVersion": "0.3.0",
///  "database": {"path": "atelier.sqlite", "bytes": 421888, "sha256": "9f86…"},
///  "assets": [{"path": "assets/2c26…", "bytes": 5120, "sha256": "2c26…"}]}
/// ```
package struct BackupManifest: Codable, Equatable, Sendable {
    /// The `format` of every Atelier backup.
    package static let formatName = "atelier-backup"
    /// The version this Atelier writes and reads.
    package static let currentVersion = 1

    /// One file of the backup.
    package struct File: Codable, Equatable, Sendable {
        /// Its path in the archive.
        package var path: String
        /// Its size.
        package var bytes: Int64
        /// Its SHA-256, hex (for an image, also its name).
        package var sha256: String

        /// Makes an entry.
        package init(path: String, bytes: Int64, sha256: String) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// Always ``formatName``.
    package var format: String
    /// The format's version.
    package var version: Int
    /// When the database was copied, epoch ms.
    package var createdAt: Int64
    /// The version of the `atelier` that made it.
    package var atelierVersion: String
    /// The database copy.
    package var database: File
    /// The images, by content hash.
    package var assets: [File]

    /// Makes a manifest of the current format.
    package init(createdAt: Int64, atelierVersion: String, database: File, assets: [File]) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.createdAt = createdAt
        self.atelierVersion = atelierVersion
        self.database = database
        self.assets = assets
    }

    /// The manifest as the archive stores it.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

package import GRDB

/// A key/value setting of the server, such as the facilitator token's hash.
package struct SettingRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "setting"

    /// The setting's name.
    package var key: String
    /// Its value.
    package var value: String

    /// Makes a setting.
    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension AppDatabase {
    /// Reads a setting, nil when absent.
    package func setting(_ key: String) async throws -> String? {
        try await writer.read { db in try SettingRecord.fetchOne(db, key: key)?.value }
    }

    /// Writes a setting, replacing any previous value.
    package func setSetting(_ key: String, to value: String) async throws {
        try await writer.write { db in try SettingRecord(key: key, value: value).save(db) }
    }
}

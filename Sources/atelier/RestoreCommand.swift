import ArgumentParser
import Foundation
import Storage

/// `atelier restore FILE --data-dir DIR`: checks a backup and restores it into a data directory
/// no server uses (``Backup/restore(from:into:replacing:)``).
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a backup and restore it into a data directory.",
        discussion: """
            Checks every entry against the backup's manifest, each image against its hash, the database
            with PRAGMA integrity_check and that every image it lists is there; then restores into DIR,
            which must be new or hold no database and no images (--force deletes them). Refused while a
            server runs on DIR. Exit 1 with a reason when the backup is refused or cannot be restored.
            """)

    @Argument(help: "The backup archive (written by 'atelier backup').") var file: String
    @Option(help: "Data directory to restore into.") var dataDir = "sessions"
    @Flag(help: "Replace the database and images DIR already holds.") var force = false

    func run() throws {
        let manifest: BackupManifest
        do {
            manifest = try Backup.restore(
                from: URL(fileURLWithPath: file), into: URL(fileURLWithPath: dataDir), replacing: force)
        } catch let error as DataDirectoryError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let taken = Date(timeIntervalSince1970: Double(manifest.createdAt) / 1000)
        print(
            "restored \(file) (taken \(taken.ISO8601Format()) by atelier \(manifest.atelierVersion)) into \(dataDir): database \(manifest.database.bytes) bytes, \(manifest.assets.count) images; integrity check ok"
        )
    }
}

import ArgumentParser
import Foundation
import Storage

/// `atelier backup FILE`: copies a data directory's database and images into one archive,
/// while the server runs (``Backup``).
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database and the images of a data directory, while the server runs.",
        discussion: """
            Writes one tar archive: the images (assets/<sha256>), the database (atelier.sqlite, copied by
            SQLite's online backup) and manifest.json (size and SHA-256 of each). Restore it with
            'atelier restore FILE --data-dir DIR'. Exit 1 with a reason when the backup cannot be made.
            """)

    @Argument(help: "The archive to write (e.g. atelier-2026-01-31.tar).") var file: String
    @Option(help: "Data directory of the server (its SQLite database and uploaded assets).") var dataDir = "sessions"
    @Flag(help: "Replace FILE if it exists.") var force = false

    func run() throws {
        let started = ContinuousClock.now
        let manifest: BackupManifest
        do {
            manifest = try Backup.create(
                of: URL(fileURLWithPath: dataDir), to: URL(fileURLWithPath: file), replacing: force,
                atelierVersion: AtelierVersion.current,
                warn: { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) })
        } catch let error as DataDirectoryError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let images = manifest.assets.reduce(Int64(0)) { $0 + $1.bytes }
        print(
            "backed up \(dataDir) into \(file): database \(manifest.database.bytes) bytes, \(manifest.assets.count) images (\(images) bytes) in \(started.duration(to: .now))"
        )
    }
}

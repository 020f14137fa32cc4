package import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Backups of a data directory, taken while the server runs, and their restoration.
///
/// A backup is one POSIX ustar archive (``TarHeader``; `tar tvf FILE` lists it):
///
/// ```
/// assets/<sha256>     every image of <data-dir>/assets/, named by the SHA-256 of its bytes
/// atelier.sqlite      the database, copied by SQLite's online backup (rollback journal mode)
/// manifest.json       size and SHA-256 of each entry (BackupManifest), written last
/// ```
///
/// The database is copied first, in one step of SQLite's backup API, so the copy is the
/// database as one read transaction saw it: every update committed (and so broadcast) before
/// the backup started is in it. The images are copied after it, every file of the folder:
/// an image is immutable (its name is its hash), so a later copy is the same bytes. A row
/// whose file is missing by then belongs to an upload still in flight (its row is committed
/// just before its file is written) or to an image the collector removed (the file first,
/// then its rows): such rows are left out of the copy, as a moment later or earlier, and a
/// warning names them. An image whose bytes do not match its name fails the backup.
/// The archive is written beside `FILE` and renamed into place once complete and on the disk.
///
/// For example:
///
/// ```swift
/// let manifest = try Backup.create(
///     of: URL(fileURLWithPath: "sessions"), to: URL(fileURLWithPath: "atelier.tar"),
///     replacing: false, atelierVersion: "0.3.0", warn: { print($0) })
/// ```
package enum Backup {
    /// The folder of images inside a data directory.
    package static let assetFolder = "assets"
    /// The name of the manifest entry.
    static let manifestName = "manifest.json"

    /// Backs up the data directory into `file`; returns what the archive holds. Throws only
    /// ``DataDirectoryError``.
    package static func create(
        of dataDirectory: URL, to file: URL, replacing: Bool, atelierVersion: String,
        warn: (String) -> Void
    ) throws -> BackupManifest {
        do {
            return try make(
                of: dataDirectory, to: file, replacing: replacing, atelierVersion: atelierVersion, warn: warn)
        } catch let error as DataDirectoryError {
            throw error
        } catch {
            throw DataDirectoryError(.io, "cannot back up into \(file.path): \(error)")
        }
    }

    private static func make(
        of dataDirectory: URL, to file: URL, replacing: Bool, atelierVersion: String,
        warn: (String) -> Void
    ) throws -> BackupManifest {
        let source = dataDirectory.appendingPathComponent(AppDatabase.fileName)
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw DataDirectoryError(.noDatabase, "no database at \(source.path): is --data-dir right?")
        }
        if !replacing, FileManager.default.fileExists(atPath: file.path) {
            throw DataDirectoryError(.exists, "\(file.path) exists; pass --force to replace it")
        }
        let staging = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw DataDirectoryError(.io, "cannot write beside \(file.path): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: staging) }

        let createdAt = Int64(Date().timeIntervalSince1970 * 1000)
        let copy = staging.appendingPathComponent(AppDatabase.fileName)
        try snapshot(source, to: copy)
        let listed = try databaseAssetHashes(copy)

        let archive = staging.appendingPathComponent("archive.tar")
        var writer = try TarWriter(creating: archive)
        var assets: [BackupManifest.File] = []
        var vanished: [String] = []
        do {
            let folder = dataDirectory.appendingPathComponent(assetFolder)
            let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for hash in listed.union(present.filter(isAssetName)).sorted() {
                let path = "\(assetFolder)/\(hash)"
                guard let written = try writer.append(path, contentsOf: folder.appendingPathComponent(hash)) else {
                    if listed.contains(hash) { vanished.append(hash) }
                    continue
                }
                guard written.sha256 == hash else {
                    throw DataDirectoryError(
                        .corrupt,
                        "\(folder.path)/\(hash) does not match its hash (damaged on the disk); move it out of the folder and back up again"
                    )
                }
                assets.append(BackupManifest.File(path: path, bytes: written.bytes, sha256: written.sha256))
            }
            if !vanished.isEmpty {
                warn(
                    "\(vanished.count) image(s) the database lists have no file (an upload in flight or a collected image); their rows are left out: \(vanished.joined(separator: ", "))"
                )
            }
            try seal(copy, forgetting: vanished)
            guard let database = try writer.append(AppDatabase.fileName, contentsOf: copy) else {
                throw DataDirectoryError(.io, "the database copy at \(copy.path) disappeared")
            }
            let manifest = BackupManifest(
                createdAt: createdAt, atelierVersion: atelierVersion,
                database: .init(path: AppDatabase.fileName, bytes: database.bytes, sha256: database.sha256),
                assets: assets)
            try writer.append(manifestName, data: try manifest.encoded())
            try writer.finish()
            guard rename(archive.path, file.path) == 0 else {
                throw DataDirectoryError(.io, "cannot write \(file.path): \(String(cString: strerror(errno)))")
            }
            syncDirectory(file.deletingLastPathComponent())
            return manifest
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Copies the live database with SQLite's online backup, in one step (one read transaction).
    static func snapshot(_ source: URL, to destination: URL) throws {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            let live = try DatabaseQueue(path: source.path, configuration: configuration)
            let copy = try DatabaseQueue(path: destination.path)
            try live.backup(to: copy)
            try copy.close()
            try live.close()
        } catch let error as DatabaseError {
            throw DataDirectoryError(.io, "cannot copy the database \(source.path): \(error.message ?? "\(error)")")
        }
    }

    /// The hashes the copy's `asset` table lists.
    static func databaseAssetHashes(_ database: URL) throws -> Set<String> {
        let queue = try DatabaseQueue(path: database.path)
        defer { try? queue.close() }
        return try queue.read { db in
            guard try db.tableExists(AssetRecord.databaseTableName) else { return [] }
            return try String.fetchSet(db, sql: "SELECT DISTINCT hash FROM asset")
        }
    }

    /// Drops the rows of vanished images, leaves WAL mode (one self-contained file) and runs the
    /// integrity check the restore will run.
    static func seal(_ database: URL, forgetting vanished: [String]) throws {
        let queue = try DatabaseQueue(path: database.path)
        defer { try? queue.close() }
        try queue.writeWithoutTransaction { db in
            if !vanished.isEmpty {
                try AssetRecord.filter(vanished.contains(AssetRecord.Columns.hash)).deleteAll(db)
            }
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard problems == ["ok"] else {
                throw DataDirectoryError(
                    .corrupt,
                    "the live database fails its integrity check: \(problems.prefix(5).joined(separator: "; "))")
            }
        }
    }

    /// Whether a file name is an image's (64 lowercase hex digits).
    static func isAssetName(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Flushes a directory's entries (a rename) to the disk; best effort.
    static func syncDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

package import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Backup {
    /// Checks a backup and restores it into a data directory: a new one, one without a database
    /// and images, or (with `replacing`) one whose database and images are then deleted.
    ///
    /// Never while a server uses the directory: the restore holds the ``DataDirectoryLock`` that
    /// `atelier serve` holds while it runs, and an existing database must open with an exclusive
    /// lock (which fails while any other process has it open, an older server included). The
    /// archive is unpacked into a folder inside the data directory and checked there: every
    /// entry's size and SHA-256 against the manifest, each image's against its name,
    /// `PRAGMA integrity_check`, a schema this version knows, and a file for every image the
    /// database lists. Only then does it replace what was there, by renames. Throws only
    /// ``DataDirectoryError``.
    ///
    /// For example:
    ///
    /// ```swift
    /// let manifest = try Backup.restore(
    ///     from: URL(fileURLWithPath: "atelier.tar"), into: URL(fileURLWithPath: "sessions"), replacing: false)
    /// ```
    package static func restore(from file: URL, into dataDirectory: URL, replacing: Bool) throws -> BackupManifest {
        var reader = try TarReader(file)
        defer { reader.close() }
        let isNew = !FileManager.default.fileExists(atPath: dataDirectory.path)
        let lock = try DataDirectoryLock(directory: dataDirectory)
        do {
            let manifest = try replace(dataDirectory, with: &reader, name: file.path, replacing: replacing)
            lock.release()
            return manifest
        } catch {
            // A directory made for a refused backup is not left behind.
            if isNew { try? FileManager.default.removeItem(at: dataDirectory) }
            throw (error as? DataDirectoryError)
                ?? DataDirectoryError(.io, "cannot restore into \(dataDirectory.path): \(error)")
        }
    }

    /// Checks what `reader` holds, then puts it in place of the directory's database and images.
    private static func replace(
        _ dataDirectory: URL, with reader: inout TarReader, name: String, replacing: Bool
    ) throws -> BackupManifest {
        let database = dataDirectory.appendingPathComponent(AppDatabase.fileName)
        let folder = dataDirectory.appendingPathComponent(assetFolder)
        if !replacing, holdsData(dataDirectory) {
            throw DataDirectoryError(
                .notEmpty,
                "\(dataDirectory.path) already holds a database or images; restore into a new directory, or pass --force to replace them"
            )
        }
        if FileManager.default.fileExists(atPath: database.path) { try ensureUnused(database) }

        let staging = dataDirectory.appendingPathComponent(".restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: staging.appendingPathComponent(assetFolder), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let manifest = try unpack(&reader, into: staging, name: name)
        try check(staging.appendingPathComponent(AppDatabase.fileName), against: manifest, name: name)

        do {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let url = URL(fileURLWithPath: database.path + suffix)
                if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            }
            if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
            try FileManager.default.moveItem(at: staging.appendingPathComponent(AppDatabase.fileName), to: database)
            try FileManager.default.moveItem(at: staging.appendingPathComponent(assetFolder), to: folder)
        } catch {
            throw DataDirectoryError(.io, "cannot put the restored files into \(dataDirectory.path): \(error)")
        }
        syncDirectory(dataDirectory)
        return manifest
    }

    /// Whether the directory holds a database or any file in its asset folder (other files, such
    /// as `sessions/examples/` or the lock file, do not count).
    static func holdsData(_ dataDirectory: URL) -> Bool {
        let database = dataDirectory.appendingPathComponent(AppDatabase.fileName).path
        if ["", "-wal", "-journal"].contains(where: { FileManager.default.fileExists(atPath: database + $0) }) {
            return true
        }
        let folder = dataDirectory.appendingPathComponent(assetFolder).path
        return !((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty
    }

    /// Throws `in-use` when another process has the database open: an exclusive lock on it is
    /// refused at once (in WAL mode every open connection holds a shared lock).
    static func ensureUnused(_ database: URL) throws {
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
        do {
            let queue = try DatabaseQueue(path: database.path, configuration: configuration)
            defer { try? queue.close() }
            try queue.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE; COMMIT") }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            throw DataDirectoryError(
                .inUse, "another process has \(database.path) open (a running server?); stop it first")
        } catch {
            // A damaged database is no reason to refuse replacing it.
        }
    }

    /// Unpacks every entry into `staging`, checking names, sizes and hashes against the manifest.
    static func unpack(_ reader: inout TarReader, into staging: URL, name: String) throws -> BackupManifest {
        var found: [String: BackupManifest.File] = [:]
        var manifestData: Data?
        while let header = try reader.next() {
            guard found[header.name] == nil, !(header.name == manifestName && manifestData != nil) else {
                throw DataDirectoryError(.corrupt, "\(name) is damaged: \(header.name) appears twice")
            }
            if header.name == manifestName {
                manifestData = try reader.data(header, limit: 64 << 20)
                continue
            }
            let isAsset =
                header.name.hasPrefix("\(assetFolder)/")
                && isAssetName(String(header.name.dropFirst(assetFolder.count + 1)))
            guard isAsset || header.name == AppDatabase.fileName else {
                throw DataDirectoryError(.notABackup, "\(name) is not an Atelier backup (it holds \(header.name))")
            }
            let destination = staging.appendingPathComponent(header.name)
            let sha256 = try reader.copy(header, to: destination)
            try? FileManager.default.setAttributes([.modificationDate: header.modified], ofItemAtPath: destination.path)
            found[header.name] = BackupManifest.File(path: header.name, bytes: header.size, sha256: sha256)
        }
        guard let manifestData else {
            throw DataDirectoryError(
                .truncated, "\(name) has no manifest (its last entry): the backup is incomplete")
        }
        guard let manifest = try? JSONDecoder().decode(BackupManifest.self, from: manifestData),
            manifest.format == BackupManifest.formatName
        else { throw DataDirectoryError(.notABackup, "\(name) is not an Atelier backup (its manifest is not one)") }
        guard manifest.database.path == AppDatabase.fileName,
            manifest.assets.allSatisfy({ $0.path.hasPrefix("\(assetFolder)/") })
        else { throw DataDirectoryError(.notABackup, "\(name) is not an Atelier backup (its manifest is not one)") }
        guard manifest.version <= BackupManifest.currentVersion else {
            throw DataDirectoryError(
                .newerSchema,
                "\(name) is a backup of format \(manifest.version), made by a newer Atelier; upgrade first")
        }
        for expected in [manifest.database] + manifest.assets {
            guard let file = found.removeValue(forKey: expected.path) else {
                throw DataDirectoryError(.corrupt, "\(name) is damaged: \(expected.path) is missing")
            }
            guard file == expected else {
                throw DataDirectoryError(
                    .corrupt, "\(name) is damaged: \(expected.path) does not match its checksum in the manifest")
            }
            if expected.path.hasPrefix("\(assetFolder)/"), expected.path != "\(assetFolder)/\(expected.sha256)" {
                throw DataDirectoryError(.corrupt, "\(name) is damaged: \(expected.path) does not match its hash")
            }
        }
        if let extra = found.keys.sorted().first {
            throw DataDirectoryError(.corrupt, "\(name) is damaged: \(extra) is not in its manifest")
        }
        return manifest
    }

    /// Runs the integrity check, checks the schema and that every image the database lists is there.
    static func check(_ database: URL, against manifest: BackupManifest, name: String) throws {
        let present = Set(manifest.assets.map(\.sha256))
        do {
            let queue = try DatabaseQueue(path: database.path)
            defer { try? queue.close() }
            try queue.read { db in
                let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard problems == ["ok"] else {
                    throw DataDirectoryError(
                        .corrupt,
                        "the database in \(name) fails its integrity check: \(problems.prefix(5).joined(separator: "; "))"
                    )
                }
                guard try !AppDatabase.migrator.appliedIdentifiers(db).isEmpty else {
                    throw DataDirectoryError(.notABackup, "the database in \(name) is not an Atelier database")
                }
                guard try !AppDatabase.migrator.hasBeenSuperseded(db) else {
                    throw DataDirectoryError(
                        .newerSchema, "the database in \(name) was made by a newer Atelier; upgrade first")
                }
                guard try db.tableExists(AssetRecord.databaseTableName) else { return }
                let listed = try String.fetchSet(db, sql: "SELECT DISTINCT hash FROM asset")
                if let missing = listed.subtracting(present).sorted().first {
                    throw DataDirectoryError(
                        .missingAsset,
                        "the database in \(name) lists the image \(missing), which the backup does not hold")
                }
            }
        } catch let error as DatabaseError {
            throw DataDirectoryError(
                .corrupt, "the database in \(name) fails its integrity check: \(error.message ?? "\(error)")")
        }
    }
}

import Foundation
import GRDB
import Storage
import Testing

/// `atelier backup` and `atelier restore`, run as an operator would, against the real server:
/// a backup taken under 20 busy writers holds every update broadcast before it started; a
/// damaged, truncated or foreign file is refused with its reason and exit 1; a data directory
/// in use or holding data is never overwritten unasked.
@Suite("Backup and restore", .serialized)
struct BackupTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
    let board = "backup-board"

    @Test("a backup taken while 20 writers are busy restores every update broadcast before it started")
    func backupUnderLoad() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let server = try await TestServer()
        let images = try await uploadImages(to: server)
        let writers = PeerProcess(
            Peers.python,
            [
                Peers.script("Interop/server/durability_peers.py"), "write", server.wsURL, server.token, board,
                "--clients", "20", "--prefix", "b",
            ])
        try writers.start()
        defer { writers.terminate() }
        try await waitUntil("writers receive broadcasts", timeout: .seconds(90)) {
            Self.progress(writers, "received") >= 20_000 || !writers.isRunning
        }
        #expect(writers.isRunning, "writers: \(writers.errors.suffix(2000)); server: \(server.log.suffix(2000))")

        // Everything the writers received so far was broadcast before the backup starts.
        writers.signal(SIGUSR1)
        try await waitUntil("writers mark what they received") {
            writers.jsonLines.contains { $0["event"] as? String == "mark" }
        }
        let mark = try #require(writers.jsonLines.first { $0["event"] as? String == "mark" })
        let broadcast = Set(mark["received"] as? [String] ?? [])
        let sentAtBackup = Self.progress(writers, "sent")
        let archive = scratch.appendingPathComponent("atelier.tar")
        let backup = try await atelier(["backup", archive.path, "--data-dir", server.dataDirectory.path])
        #expect(backup.status == 0, "backup: \(backup.output) \(backup.errors)")
        // The writers were busy during the backup and after it.
        try await waitUntil("writers keep writing after the backup", timeout: .seconds(60)) {
            Self.progress(writers, "sent") > sentAtBackup + 200 || !writers.isRunning
        }
        #expect(writers.isRunning)
        #expect(Self.progress(writers, "sent") > sentAtBackup + 200)
        await server.stop()
        try await waitUntil("writers notice the server stopped", timeout: .seconds(60)) { !writers.isRunning }

        let restored = scratch.appendingPathComponent("restored")
        let restore = try await atelier(["restore", archive.path, "--data-dir", restored.path])
        #expect(restore.status == 0, "restore: \(restore.output) \(restore.errors)")
        #expect(restore.output.contains("integrity check ok"))
        let database = try DatabaseQueue(path: restored.appendingPathComponent("atelier.sqlite").path)
        let problems = try await database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(problems == ["ok"])
        try database.close()

        let again = try await TestServer(dataDirectory: restored)
        let stored = try await readBoard(again)
        let lost = broadcast.subtracting(stored)
        #expect(!broadcast.isEmpty)
        #expect(
            lost.isEmpty,
            "\(lost.count) of \(broadcast.count) updates broadcast before the backup are missing, e.g. \(lost.prefix(5))"
        )
        for (hash, bytes) in images {
            let served = try await HTTP.get(again.baseURL + "/assets/\(hash)", token: again.token)
            #expect(served.status == 200)
            #expect(served.body == bytes)
        }
        print(
            "backup under load: \(broadcast.count) updates broadcast before the backup, \(stored.count) restored, \(images.count) images"
        )
        await again.stop()
    }

    @Test("a missing, foreign, truncated or damaged backup is refused with its reason and exit 1")
    func corruptBackups() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let server = try await TestServer()
        _ = try await API(server: server).post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        _ = try await uploadImages(to: server)
        let archive = scratch.appendingPathComponent("good.tar")
        let backup = try await atelier(["backup", archive.path, "--data-dir", server.dataDirectory.path])
        #expect(backup.status == 0, "backup: \(backup.errors)")
        await server.stop()
        let good = try Data(contentsOf: archive)

        try await expectRefused(scratch.appendingPathComponent("absent.tar"), code: "not-found")
        try await expectRefused(write(Data(), as: "empty.tar"), code: "not-a-backup")
        try await expectRefused(write(Data(repeating: 0x41, count: 4096), as: "text.tar"), code: "not-a-backup")
        // Cut in the database, where the end marker was, before the manifest and inside it.
        let unpacked = try await unpack(archive)
        let manifestSize = try Data(contentsOf: unpacked.appendingPathComponent("manifest.json")).count
        let manifestHeader = good.count - 1024 - (manifestSize + 511) / 512 * 512 - 512
        for length in [good.count / 2, good.count - 1024, manifestHeader, manifestHeader + 600] {
            try await expectRefused(write(good.prefix(length), as: "cut-\(length).tar"), code: "truncated")
        }
        // A byte of the database's last pages, and a byte of the second header.
        var flipped = good
        flipped[manifestHeader - 2048] ^= 0xFF
        try await expectRefused(write(flipped, as: "flipped-data.tar"), code: "corrupt", saying: "checksum")
        flipped = good
        flipped[1024 + 10] ^= 0xFF
        try await expectRefused(write(flipped, as: "flipped-header.tar"), code: "corrupt", saying: "header")

        // Archives whose manifest matches what they hold, so only the deeper checks can refuse them.
        let damaged = try await unpack(archive)
        try damagePage(of: damaged.appendingPathComponent("atelier.sqlite"))
        try await expectRefused(try pack(damaged), code: "corrupt", saying: "integrity")
        let swapped = try await unpack(archive)
        let hashes = try FileManager.default.contentsOfDirectory(
            atPath: swapped.appendingPathComponent("assets").path
        ).sorted()
        try Data("not the image".utf8).write(to: swapped.appendingPathComponent("assets/\(hashes[0])"))
        try await expectRefused(try pack(swapped), code: "corrupt", saying: "does not match its hash")
        let missing = try await unpack(archive)
        try FileManager.default.removeItem(at: missing.appendingPathComponent("assets/\(hashes[1])"))
        try await expectRefused(try pack(missing), code: "missing-asset", saying: hashes[1])

        // The untouched archive, read by the system's tar above, restores.
        let restored = scratch.appendingPathComponent("restored")
        let restore = try await atelier(["restore", archive.path, "--data-dir", restored.path])
        #expect(restore.status == 0, "restore: \(restore.errors)")
    }

    @Test("restore refuses a data directory a server uses or that holds data, unless forced and unused")
    func refusesToOverwrite() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let server = try await TestServer()
        let api = API(server: server)
        _ = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let archive = scratch.appendingPathComponent("one-session.tar")
        let backup = try await atelier(["backup", archive.path, "--data-dir", server.dataDirectory.path])
        #expect(backup.status == 0, "backup: \(backup.errors)")
        let refusedBackup = try await atelier(["backup", archive.path, "--data-dir", server.dataDirectory.path])
        #expect(refusedBackup.status == 1)
        #expect(refusedBackup.errors.contains("[exists]"))
        _ = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)

        // A running server holds the data directory's lock, with or without --force.
        let directory = server.dataDirectory.path
        for force in [[String](), ["--force"]] {
            let run = try await atelier(["restore", archive.path, "--data-dir", directory] + force)
            #expect(run.status == 1)
            #expect(run.errors.contains("[in-use]"), "\(run.errors)")
            #expect(run.errors.contains("pid \(server.pid ?? 0)"), "\(run.errors)")
        }
        await server.stop()

        // Any other process that has the database open (here Python's sqlite3) also stops it.
        let database = server.dataDirectory.appendingPathComponent("atelier.sqlite")
        let holder = PeerProcess(
            Peers.python,
            [
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT COUNT(*) FROM session').fetchall(); print('open', flush=True); sys.stdin.read()",
                database.path,
            ])
        try holder.start()
        try await waitUntil("python opens the database") { holder.output.contains("open") || !holder.isRunning }
        let busy = try await atelier(["restore", archive.path, "--data-dir", directory, "--force"])
        #expect(busy.status == 1)
        #expect(busy.errors.contains("[in-use]"), "\(busy.errors)")
        holder.closeInput()
        try await waitUntil("python closes the database") { !holder.isRunning }

        // Stopped: refused without --force, the database untouched.
        let before = try Data(contentsOf: database)
        let refused = try await atelier(["restore", archive.path, "--data-dir", directory])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("[not-empty]"), "\(refused.errors)")
        #expect(try Data(contentsOf: database) == before)

        // Forced: the data is the backup's (one session, not the two the server had since).
        let forced = try await atelier(["restore", archive.path, "--data-dir", directory, "--force"])
        #expect(forced.status == 0, "\(forced.errors)")
        try await server.start()
        let sessions = try await api.get("/api/v1/sessions")["sessions"] as? [[String: Any]]
        #expect(sessions?.count == 1)
        await server.stop()

        // A folder with other files than a database and images (as sessions/ holds examples/) is not in the way.
        let shared = scratch.appendingPathComponent("shared")
        try FileManager.default.createDirectory(
            at: shared.appendingPathComponent("examples"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: shared.appendingPathComponent("examples/mine.json"))
        let beside = try await atelier(["restore", archive.path, "--data-dir", shared.path])
        #expect(beside.status == 0, "\(beside.errors)")
        #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent("examples/mine.json").path))
    }

    // MARK: - Helpers

    /// Runs `atelier ARGUMENTS…` to completion.
    func atelier(_ arguments: [String]) async throws -> PeerProcess {
        let process = PeerProcess(TestServer.binary.path, arguments)
        try process.start()
        try await waitUntil("atelier \(arguments.first ?? "") finishes", timeout: .seconds(120)) { !process.isRunning }
        return process
    }

    /// Restores `archive` into a new directory and expects exit 1 (not a crash) with one error line
    /// naming `code`, and no directory left behind.
    func expectRefused(
        _ archive: URL, code: String, saying words: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let target = scratch.appendingPathComponent("target-\(UUID().uuidString)")
        let run = try await atelier(["restore", archive.path, "--data-dir", target.path])
        let name = archive.lastPathComponent
        #expect(run.status == 1, "\(name): exit \(run.status): \(run.errors)", sourceLocation: sourceLocation)
        #expect(run.errors.hasPrefix("error: "), "\(name): \(run.errors)", sourceLocation: sourceLocation)
        #expect(run.errors.contains("[\(code)]"), "\(name): \(run.errors)", sourceLocation: sourceLocation)
        #expect(run.errors.split(separator: "\n").count == 1, "\(name): \(run.errors)", sourceLocation: sourceLocation)
        if let words {
            #expect(run.errors.contains(words), "\(name): \(run.errors)", sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: target.path), "\(name)", sourceLocation: sourceLocation)
    }

    /// Uploads two images to the board; their hashes and stored bytes.
    func uploadImages(to server: TestServer) async throws -> [String: Data] {
        var images: [String: Data] = [:]
        for filler in ["first image", "second image"] {
            let reply = try await HTTP.send(
                server.baseURL + "/api/v1/boards/\(board)/assets", method: .POST, token: server.token,
                body: TestImages.png(filler: Data(filler.utf8)), contentType: "image/png")
            #expect(reply.status == 201, "\(reply.text)")
            let hash = try #require((try reply.json() as? [String: Any])?["hash"] as? String)
            images[hash] = try await HTTP.get(server.baseURL + "/assets/\(hash)", token: server.token).body
        }
        return images
    }

    /// The keys of the board's map, as a fresh pycrdt peer syncs them.
    func readBoard(_ server: TestServer) async throws -> Set<String> {
        let state = try await Peers.run(
            Peers.python,
            [Peers.script("Interop/server/durability_peers.py"), "read", server.wsURL, server.token, board])
        let line = try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any]
        return Set(line?["keys"] as? [String] ?? [])
    }

    /// A counter of the writers' last progress line.
    static func progress(_ writers: PeerProcess, _ counter: String) -> Int {
        writers.jsonLines.last { $0["event"] as? String == "progress" }?[counter] as? Int ?? 0
    }

    /// Writes `data` into the scratch folder.
    func write(_ data: Data, as name: String) throws -> URL {
        let url = scratch.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// Unpacks an archive with the system's tar (which must read it) into a new folder.
    func unpack(_ archive: URL) async throws -> URL {
        let folder = scratch.appendingPathComponent("unpacked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await Peers.run("/bin/tar", ["-xf", archive.path, "-C", folder.path])
        return folder
    }

    /// Packs a folder laid out as a backup into an archive whose manifest matches what it holds.
    func pack(_ folder: URL) throws -> URL {
        let archive = scratch.appendingPathComponent("crafted-\(UUID().uuidString).tar")
        var writer = try TarWriter(creating: archive)
        var assets: [BackupManifest.File] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("assets").path)
        for name in names.sorted() {
            let written = try #require(
                try writer.append("assets/\(name)", contentsOf: folder.appendingPathComponent("assets/\(name)")))
            assets.append(.init(path: "assets/\(name)", bytes: written.bytes, sha256: written.sha256))
        }
        let database = try #require(
            try writer.append("atelier.sqlite", contentsOf: folder.appendingPathComponent("atelier.sqlite")))
        let manifest = BackupManifest(
            createdAt: 0, atelierVersion: "test",
            database: .init(path: "atelier.sqlite", bytes: database.bytes, sha256: database.sha256), assets: assets)
        try writer.append("manifest.json", data: try manifest.encoded())
        try writer.finish()
        return archive
    }

    /// Clears the page-type byte of the `setting` table's root page, as a bad sector would.
    func damagePage(of database: URL) throws {
        let queue = try DatabaseQueue(path: database.path)
        let (page, size) = try queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_schema WHERE name = 'setting'") ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            )
        }
        try queue.close()
        let handle = try FileHandle(forUpdating: database)
        try handle.seek(toOffset: UInt64((page - 1) * size))
        try handle.write(contentsOf: Data([0x00]))
        try handle.close()
    }
}

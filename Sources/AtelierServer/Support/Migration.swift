import Crypto
package import Foundation
package import Logging
package import Storage
import YCore

/// `atelier migrate`: copies every row of one store into another (SQLite ↔ PostgreSQL), then
/// reads both back and checks that nothing differs: every board replays to the same document
/// (same JSON, same state vector), every session, invite, audit line, quarantine entry,
/// artifact (signed records byte for byte), upload record and setting is there.
package enum Migration {
    /// What a migration copied and checked.
    package struct Report: Sendable {
        /// Rows of each kind copied.
        package var counts: [String: Int]
        /// Boards whose documents were compared.
        package var boards: Int
        /// Signed records compared byte for byte.
        package var records: Int
        /// Image files checked against their hashes (copied, when the destination is a data directory).
        package var images = 0
    }

    /// Where the image files are: rows travel between stores, files stay in folders (an
    /// `assets/` folder of a data directory, which every node of a cluster shares).
    package struct ImageFolders: Sendable {
        /// The folder holding the source's images: a data directory's `assets/`, or the folder
        /// the nodes of a PostgreSQL deployment share; nil when unknown.
        package var source: URL?
        /// The folder to copy them into (the destination data directory's `assets/`); nil when
        /// the destination is PostgreSQL (the files stay where they are).
        package var destination: URL?

        package init(source: URL?, destination: URL?) {
            self.source = source
            self.destination = destination
        }
    }

    /// The source has images but no folder holds them.
    package struct ImagesNotFound: Error, CustomStringConvertible {
        package var count: Int
        package var description: String {
            "the source has \(count) uploaded images, whose files are not in PostgreSQL: pass --assets-from "
                + "with the folder the nodes share (their data directory's assets/); nothing was copied"
        }
    }

    /// Why the destination does not hold what the source does.
    package struct Mismatch: Error, CustomStringConvertible {
        package var problems: [String]
        package var description: String {
            "the copy differs from the source:\n" + problems.prefix(20).map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Opens a store from `location`: a `postgresql://` URL, or a data directory (SQLite).
    package static func open(_ location: String, logger: Logger) async throws -> any StoreTransfer {
        if location.hasPrefix("postgresql://") || location.hasPrefix("postgres://") {
            return try await PostgresStore.connect(url: location, logger: logger)
        }
        return SQLiteStore(database: try AppDatabase.open(directory: URL(fileURLWithPath: location)))
    }

    /// Closes a store's connections (PostgreSQL).
    package static func close(_ store: any StoreTransfer) async {
        await (store as? any ClusterStore)?.shutdown()
    }

    /// Copies `source` into `destination` (which must hold no session) and verifies the copy;
    /// the image files its rows name are checked in `images.source` against their hashes before
    /// anything is written, and copied into `images.destination`.
    package static func run(
        from source: any StoreTransfer, to destination: any StoreTransfer,
        images: ImageFolders = ImageFolders(source: nil, destination: nil)
    ) async throws -> Report {
        let contents = try await source.contents()
        let hashes = Set(contents.assets.map(\.hash)).sorted()
        if !hashes.isEmpty {
            guard let folder = images.source else { throw ImagesNotFound(count: hashes.count) }
            let problems = hashes.compactMap { imageProblem($0, in: folder) }
            guard problems.isEmpty else { throw Mismatch(problems: problems) }
        }
        try await destination.load(contents)
        let copy = try await destination.contents()
        var report = try verify(contents, copy)
        if let source = images.source, let target = images.destination, !hashes.isEmpty {
            try copyImages(hashes, from: source, to: target)
        }
        report.images = hashes.count
        return report
    }

    /// Why the file of image `hash` in `folder` cannot be used (missing, or not what its hash says).
    static func imageProblem(_ hash: String, in folder: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(hash).path) else {
            return "image \(hash) has no file in \(folder.path)"
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return digest == hash ? nil : "image \(hash) in \(folder.path) does not match its hash"
    }

    /// Copies each image file into `target` (kept when already there and sound), then checks each copy.
    static func copyImages(_ hashes: [String], from source: URL, to target: URL) throws {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for hash in hashes where imageProblem(hash, in: target) != nil {
            let file = target.appendingPathComponent(hash)
            try? FileManager.default.removeItem(at: file)
            try FileManager.default.copyItem(at: source.appendingPathComponent(hash), to: file)
        }
        let problems = hashes.compactMap { imageProblem($0, in: target) }
        guard problems.isEmpty else { throw Mismatch(problems: problems) }
    }

    /// Compares what two stores hold.
    package static func verify(_ source: StoreContents, _ copy: StoreContents) throws -> Report {
        var problems: [String] = []
        for (kind, count) in source.counts.sorted(by: { $0.key < $1.key })
        where kind != "board updates" && kind != "board snapshots" && copy.counts[kind] != count {
            problems.append("\(kind): \(count) in the source, \(copy.counts[kind] ?? 0) in the copy")
        }
        func byId<T>(_ rows: [T], _ key: (T) -> String) -> [String: T] {
            Dictionary(rows.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        }
        let sessions = byId(copy.sessions, \.id)
        for session in source.sessions where sessions[session.id] != session {
            problems.append("session \(session.id) differs")
        }
        let invites = byId(copy.invites, \.id)
        for invite in source.invites where invites[invite.id] != invite {
            problems.append("invite \(invite.id) differs")
        }
        if source.audit.map(\.action) != copy.audit.map(\.action) { problems.append("the audit log differs") }
        let quarantine = byId(copy.quarantine) { "\($0.id ?? 0)" }
        for entry in source.quarantine where quarantine["\(entry.id ?? 0)"] != entry {
            problems.append("quarantine entry \(entry.id ?? 0) differs")
        }
        let artifacts = byId(copy.artifacts) { "\($0.id ?? 0)" }
        var records = 0
        for artifact in source.artifacts {
            guard let copied = artifacts["\(artifact.id ?? 0)"], copied == artifact else {
                problems.append("artifact \(artifact.id ?? 0) (\(artifact.kind.rawValue)) differs")
                continue
            }
            if artifact.kind == .record { records += 1 }
        }
        if Set(source.assets.map { "\($0.hash)/\($0.boardId)/\($0.uploader)" })
            != Set(copy.assets.map { "\($0.hash)/\($0.boardId)/\($0.uploader)" })
        {
            problems.append("upload records differ")
        }
        if Dictionary(source.settings.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            != Dictionary(copy.settings.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        {
            problems.append("settings differ")
        }
        if Set(source.clientBindings.map { "\($0.boardId)/\($0.clientId)/\($0.participant)" })
            != Set(copy.clientBindings.map { "\($0.boardId)/\($0.clientId)/\($0.participant)" })
        {
            problems.append("client bindings differ")
        }
        // Every board replays to the same document.
        let boards = Set(source.boardUpdates.map(\.boardId)).union(source.boardSnapshots.map(\.boardId))
        for board in boards.sorted() {
            do {
                let original = try document(of: board, in: source)
                let copied = try document(of: board, in: copy)
                if original.toJSON() != copied.toJSON() || original.encodeStateVector() != copied.encodeStateVector() {
                    problems.append("board \(board) replays to another document")
                }
            } catch {
                problems.append("board \(board) does not replay: \(error)")
            }
        }
        guard problems.isEmpty else { throw Mismatch(problems: problems) }
        return Report(counts: source.counts, boards: boards.count, records: records)
    }

    /// A board's document as a store's rows replay it.
    static func document(of board: String, in contents: StoreContents) throws -> Doc {
        let doc = Doc(gc: true)
        let snapshot = contents.boardSnapshots.first { $0.boardId == board }
        if let snapshot { try doc.applyUpdate([UInt8](snapshot.data)) }
        let through = snapshot?.throughUpdateId ?? Int64.min
        for update in contents.boardUpdates where update.boardId == board && (update.id ?? 0) > through {
            try doc.applyUpdate([UInt8](update.data))
        }
        return doc
    }
}

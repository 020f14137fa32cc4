import ArgumentParser
import AtelierServer
import Foundation
import Logging

/// `atelier migrate --from SOURCE --to DESTINATION`: moves a deployment between SQLite (a data
/// directory) and PostgreSQL (a URL), then checks the copy against the source.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy everything from one store to another and verify the copy.",
        discussion: """
            SOURCE and DESTINATION are each a data directory (the SQLite database in it) or a
            postgresql://USER[:PASS]@HOST:PORT/DB URL. The destination must hold no session.
            Uploaded images are files, not rows: each is checked against its hash before anything
            is written. Into a data directory they are copied to its assets/ folder (from
            PostgreSQL, name their folder with --assets-from); into PostgreSQL they stay in the
            source's assets/ folder, which you then move to the folder every node shares
            (docs/DEPLOY.md). Stop the servers using the source first.
            """)

    @Option(help: "Where to copy from: a data directory or a postgresql:// URL.") var from: String
    @Option(help: "Where to copy to: a data directory or a postgresql:// URL.") var to: String
    @Option(
        help: ArgumentHelp(
            "The folder of uploaded images when the source is PostgreSQL (the nodes' shared data directory's assets/).",
            valueName: "folder"))
    var assetsFrom: String?

    func run() async throws {
        var logger = Logger(label: "atelier.migrate")
        logger.logLevel = .warning
        let source = try await Migration.open(from, logger: logger)
        let destination = try await Migration.open(to, logger: logger)
        let images = Migration.ImageFolders(
            source: assetsFrom.map { URL(fileURLWithPath: $0) }
                ?? (Self.isDirectory(from) ? URL(fileURLWithPath: from).appendingPathComponent("assets") : nil),
            destination: Self.isDirectory(to) ? URL(fileURLWithPath: to).appendingPathComponent("assets") : nil)
        let report = try await Migration.run(from: source, to: destination, images: images)
        for (kind, count) in report.counts.sorted(by: { $0.key < $1.key }) {
            print("\(kind): \(count)")
        }
        print(
            "verified: \(report.boards) boards replay to the same documents, \(report.records) signed records identical"
        )
        if report.images > 0, let folder = images.destination ?? images.source {
            print(
                images.destination == nil
                    ? "images: \(report.images) files checked in \(folder.path); they stay there: move that folder to the one every node shares (docs/DEPLOY.md)"
                    : "images: \(report.images) files in \(folder.path), each checked against its hash")
        }
        await Migration.close(source)
        await Migration.close(destination)
    }

    /// Whether `location` names a data directory rather than a PostgreSQL URL.
    static func isDirectory(_ location: String) -> Bool {
        !(location.hasPrefix("postgresql://") || location.hasPrefix("postgres://"))
    }
}

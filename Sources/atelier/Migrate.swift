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
            Uploaded images stay in the data directory's assets/ folder, which every node shares
            (docs/DEPLOY.md). Stop the servers using the source first.
            """)

    @Option(help: "Where to copy from: a data directory or a postgresql:// URL.") var from: String
    @Option(help: "Where to copy to: a data directory or a postgresql:// URL.") var to: String

    func run() async throws {
        var logger = Logger(label: "atelier.migrate")
        logger.logLevel = .warning
        let source = try await Migration.open(from, logger: logger)
        let destination = try await Migration.open(to, logger: logger)
        let report = try await Migration.run(from: source, to: destination)
        for (kind, count) in report.counts.sorted(by: { $0.key < $1.key }) {
            print("\(kind): \(count)")
        }
        print(
            "verified: \(report.boards) boards replay to the same documents, \(report.records) signed records identical"
        )
        await Migration.close(source)
        await Migration.close(destination)
    }
}

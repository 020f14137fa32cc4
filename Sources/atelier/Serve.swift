import ArgumentParser
import AtelierServer
import Foundation
import Hummingbird
import Logging
import Storage

/// `atelier serve`: runs the server until SIGTERM or SIGINT, then flushes and stops.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Atelier server.")

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free one).") var port = 8080
    @Option(help: "Data directory (SQLite database and uploaded assets).") var dataDir = "sessions"
    @Option(
        help: ArgumentHelp(
            "PostgreSQL to keep everything in, shared by every node given it (default: SQLite in the data directory).",
            valueName: "postgresql://USER[:PASS]@HOST:PORT/DB"))
    var database: String?
    @Option(help: "Base URL of invite links (default http://HOST:PORT).") var publicURL: String?
    @Option(help: "Folder of the browser app.") var webRoot: String?
    @Option(help: "Folder of Debian's node packages served under /vendor/.") var vendorRoot = "/usr/share/nodejs"
    @Option(help: "Largest sync message accepted, in bytes.") var maxMessageSize = 8 << 20
    @Option(help: "Messages a connection's outbox holds before it is closed with 4408.") var outboxLimit = 1024
    @Option(help: "Seconds a room stays loaded with no connection.") var roomIdleSeconds = 30
    @Option(help: "Seconds an HTTP connection may sit idle between requests.") var httpIdleSeconds = 60
    @Option(help: "Seconds a new connection has to send its first request head.") var headerTimeoutSeconds = 10
    @Option(
        help: "Connections open at once, past which new ones are closed (default: the open-file limit less 512).")
    var maxConnections: Int?
    @Option(
        name: .customLong("trusted-proxy"),
        help: "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable).")
    var trustedProxies: [String] = []
    @Option(help: "MiB of images one person may upload per session.") var assetQuotaPersonMb = 50
    @Option(help: "MiB of images one session may hold.") var assetQuotaSessionMb = 1024
    @Option(help: "MiB one board's document may hold (text, notes, slides; images are uploads), 1 to 1024.")
    var maxBoardMb = 16
    @Option(help: "Seconds an unused image is kept after its upload before it may be collected.")
    var assetGraceSeconds = 86_400
    @Option(help: "Days a session (boards, images, invites, audit, scores) is kept after its sprint ends; 0 keeps it.")
    var retentionDays = 90
    @Option(help: "Days a signed jury record is kept after it was signed (5 years by default); 0 keeps it.")
    var recordRetentionDays = 5 * 365 + 1
    @Option(help: "Bad tokens one address may send per minute before it gets 429.") var badTokenLimit = 20
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel = "info"
    @Flag(help: "Serve a WebSocket echo at /echo (conformance tests).") var echoEndpoint = false
    @Option(
        help: ArgumentHelp(
            "Event loops (threads) to run, 1 to 64 (default: one per core).",
            valueName: "count"))
    var eventLoops: Int?
    @Flag(
        inversion: .prefixedNo,
        help: "Pin each event loop to a CPU when the process has one CPU per loop.")
    var pinEventLoops = true
    @Flag(
        inversion: .prefixedNo,
        help: "Run the server's tasks on its event loops (one set of threads for sockets, tasks and PostgreSQL).")
    var tasksOnEventLoops = true

    func validate() throws {
        if let eventLoops, !(1...64).contains(eventLoops) {
            throw ValidationError("--event-loops must be between 1 and 64 (got \(eventLoops)).")
        }
    }

    func run() async throws {
        // First: NIO's loop count and the executor can only be set before anything uses them.
        if let eventLoops { EventLoops.setCount(eventLoops) }
        let sharedLoops = tasksOnEventLoops && EventLoops.runTasksOnEventLoops()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "atelier")
        let configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: URL(fileURLWithPath: dataDir),
            publicURL: publicURL ?? "http://\(host):\(port)",
            adminToken: ProcessInfo.processInfo.environment["ATELIER_ADMIN_TOKEN"],
            maxMessageSize: maxMessageSize, outboxLimit: outboxLimit,
            roomIdleTimeout: .seconds(roomIdleSeconds),
            webRoot: URL(
                fileURLWithPath: webRoot ?? Self.locate("web-static", installed: "web-static", marker: "index.html")),
            vendorRoot: URL(fileURLWithPath: vendorRoot),
            echoEndpoint: echoEndpoint,
            examplesDirectory: URL(
                fileURLWithPath: Self.locate("sessions/examples", installed: "examples", marker: "cdo-sprint.json")),
            openAPIDocument: URL(fileURLWithPath: Self.locate("docs", installed: ".", marker: "openapi.json"))
                .appendingPathComponent("openapi.json"),
            pinEventLoops: pinEventLoops
        )
        var configured = configuration
        configured.httpIdleTimeout = .seconds(max(1, httpIdleSeconds))
        configured.headerTimeout = .seconds(max(1, headerTimeoutSeconds))
        if let maxConnections { configured.maxConnections = min(max(1, maxConnections), 1 << 30) }
        configured.trustedProxies = trustedProxies
        configured.sharedEventLoops = sharedLoops
        configured.badTokenLimit = max(1, badTokenLimit)
        configured.setAssetQuota(personMiB: assetQuotaPersonMb, sessionMiB: assetQuotaSessionMb)
        configured.assetGrace = .seconds(max(0, assetGraceSeconds))
        configured.setBoardLimit(mebibytes: maxBoardMb)
        configured.setRetention(sessionDays: retentionDays, recordDays: recordRetentionDays)
        configured.databaseURL =
            database
            ?? ProcessInfo.processInfo.environment["ATELIER_DATABASE_URL"].flatMap {
                $0.isEmpty ? nil : $0
            }
        guard configured.databaseURL == nil else {
            // Nodes on one PostgreSQL share their data directory (the images): no lock.
            try await serve(configured, logger: logger)
            return
        }
        // Held while the server runs: a second server or a restore on this directory is refused.
        let lock = try DataDirectoryLock(directory: URL(fileURLWithPath: dataDir))
        try await serve(configured, logger: logger)
        lock.release()
    }

    private func serve(_ configured: ServerConfiguration, logger: Logger) async throws {
        let built = try await buildApplication(configured, logger: logger)
        if let token = built.facilitatorToken.generated {
            // Printed once, on standard output, for the operator (and scripts) to pick up.
            FileHandle.standardOutput.write(Data("facilitator token: \(token)\n".utf8))
        }
        try await built.run()
    }

    /// Where a folder the server reads lives, whatever the working directory: beside the
    /// working directory (a checkout), else in the installed layout next to the executable
    /// (`<prefix>/bin/atelier` reads `<prefix>/share/atelier/<installed>`, as `script/install`
    /// lays it out), else above the executable (`.build/debug/atelier` in a checkout).
    static func locate(_ folder: String, installed: String, marker: String) -> String {
        if FileManager.default.fileExists(atPath: "\(folder)/\(marker)") {
            return URL(fileURLWithPath: folder).path
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let share = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/atelier").appendingPathComponent(installed).standardizedFileURL
        if FileManager.default.fileExists(atPath: share.appendingPathComponent(marker).path) { return share.path }
        var url = executable
        for _ in 0..<5 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent(folder)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                return candidate.path
            }
        }
        return folder
    }
}

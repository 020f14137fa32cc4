package import Foundation
package import Storage
package import Workshop

/// Everything `atelier serve` can be told.
package struct ServerConfiguration: Sendable {
    /// Address to bind.
    package var host: String
    /// Port to bind (0 picks a free one).
    package var port: Int
    /// Data directory: the SQLite database and `assets/`.
    package var dataDirectory: URL
    /// Base of invite links; default `http://HOST:PORT`.
    package var publicURL: String?
    /// The facilitator token from the environment, if set.
    package var adminToken: String?
    /// The largest sync message accepted, in bytes (default 8 MiB).
    package var maxMessageSize: Int
    /// Messages a connection's outbox holds before the connection is closed with 4408.
    package var outboxLimit: Int
    /// How long a stalled connection given up with 4408 may take to read its close frame.
    package var slowCloseGrace: Duration
    /// How long a room stays loaded with no connection.
    package var roomIdleTimeout: Duration
    /// The browser app's folder.
    package var webRoot: URL
    /// Where Debian's node packages live (`/usr/share/nodejs`), served under `/vendor/`.
    package var vendorRoot: URL
    /// Serve a WebSocket echo at `/echo` through the hub's WebSocket configuration (conformance tests).
    package var echoEndpoint: Bool
    /// The committed example session definitions (`sessions/examples` of the repository).
    package var examplesDirectory: URL
    /// Wall time for sessions, phases and timers.
    package var clock: any WallClock
    /// The OpenAPI document served at /api/v1/openapi.json.
    package var openAPIDocument: URL
    /// Pin each event loop to a CPU when the process has one CPU per loop (see `EventLoops`).
    package var pinEventLoops: Bool
    /// The server's sockets live on NIO's singleton loops, which also run its tasks
    /// (``EventLoops/runTasksOnEventLoops()`` succeeded); else on loops of their own.
    package var sharedEventLoops = false
    /// A PostgreSQL URL (`postgresql://USER[:PASS]@HOST:PORT/DB`): every durable thing is kept
    /// there, shared with the other nodes started with the same URL; nil keeps the embedded
    /// SQLite database under ``dataDirectory``.
    package var databaseURL: String?
    /// How long an HTTP connection may sit idle between requests before it is closed.
    package var httpIdleTimeout: Duration = .seconds(60)
    /// How long a new connection may take to send its first request head (else 408).
    package var headerTimeout: Duration = .seconds(10)
    /// Connections open at once (nil: the open-file limit less 512, ``ConnectionCount/defaultLimit``).
    package var maxConnections: Int?
    /// Reverse proxies whose `X-Forwarded-For` names the client (e.g. `127.0.0.1` for nginx on the host).
    package var trustedProxies: [String] = []
    /// Bad tokens one address may send per minute before it gets 429.
    package var badTokenLimit = 20
    /// How much one person and one session may upload.
    package var assetQuota = AssetQuota(perPerson: 50 << 20, perSession: 1 << 30)
    /// Sets the upload quota in MiB (at least 1 each).
    package mutating func setAssetQuota(personMiB: Int, sessionMiB: Int) {
        assetQuota = AssetQuota(
            perPerson: Int64(personMiB.clamped(to: 1...1_000_000)) << 20,
            perSession: Int64(sessionMiB.clamped(to: 1...1_000_000)) << 20)
    }

    /// Bytes one board's document may hold (``RoomLimits/boardBytes``).
    package var boardBytes = RoomLimits().boardBytes
    /// Sets the board size limit in MiB (1 to 1,024).
    package mutating func setBoardLimit(mebibytes: Int) {
        boardBytes = mebibytes.clamped(to: 1...1024) << 20
    }

    /// How long an unused image is kept after its upload before the collector may remove it.
    package var assetGrace: Duration = .seconds(24 * 3600)

    /// How long sessions and signed records are kept (the daily purge applies it).
    package var retention: RetentionRules = .standard

    /// Sets the retention periods, in days (0 keeps that kind for ever).
    package mutating func setRetention(sessionDays: Int, recordDays: Int) {
        retention = RetentionRules(sessionDays: sessionDays, recordDays: recordDays)
    }

    /// The base of invite links without trailing slashes (`http://host/` → `http://host`), so
    /// links never read `//join/…`.
    package static func normalizedPublicURL(_ url: String) -> String {
        var url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// The defaults of the stable contract: 127.0.0.1:8080, `sessions/`.
    package init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        dataDirectory: URL = URL(fileURLWithPath: "sessions"),
        publicURL: String? = nil,
        adminToken: String? = nil,
        maxMessageSize: Int = 8 << 20,
        outboxLimit: Int = 1024,
        slowCloseGrace: Duration = .seconds(30),
        roomIdleTimeout: Duration = .seconds(30),
        webRoot: URL = URL(fileURLWithPath: "web-static"),
        vendorRoot: URL = URL(fileURLWithPath: "/usr/share/nodejs"),
        echoEndpoint: Bool = false,
        examplesDirectory: URL = URL(fileURLWithPath: "sessions/examples"),
        clock: any WallClock = SystemWallClock(),
        openAPIDocument: URL = URL(fileURLWithPath: "docs/openapi.json"),
        pinEventLoops: Bool = true
    ) {
        self.pinEventLoops = pinEventLoops
        self.openAPIDocument = openAPIDocument
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL
        self.adminToken = adminToken
        self.maxMessageSize = maxMessageSize
        self.outboxLimit = outboxLimit
        self.slowCloseGrace = slowCloseGrace
        self.roomIdleTimeout = roomIdleTimeout
        self.webRoot = webRoot
        self.vendorRoot = vendorRoot
        self.echoEndpoint = echoEndpoint
        self.examplesDirectory = examplesDirectory
        self.clock = clock
    }
}

import Foundation
package import Hummingbird
import HummingbirdCore
package import Logging
package import NIOCore
import NIOPosix
import ServiceLifecycle
import Storage
import UnixSignals
import Workshop

/// A built server: the application and its services, and the facilitator token to show the operator.
package struct AtelierApplication {
    /// The Hummingbird application (the HTTP server).
    package let application: any ApplicationProtocol
    /// The services beside it (the phase ticker, the hub).
    let services: [any Service]
    /// The facilitator token (its `generated` value is set on the first start without one).
    package let facilitatorToken: FacilitatorToken
    /// The server's metrics.
    package let metrics: ServerMetrics
    let logger: Logger
    /// The event loops the server's sockets live on; shut down when the server has stopped.
    let eventLoopGroup: MultiThreadedEventLoopGroup
    /// The sockets' session tasks, let finish before the event loops shut down.
    let socketTasks: SocketTasks
    /// Closes the store's connections (PostgreSQL) once every service has stopped.
    var stopStore: @Sendable () async -> Void = {}

    /// Runs until SIGTERM or SIGINT. Services stop in reverse order: the hub first (every socket
    /// is closed with 1001 once what it accepted is durable), then the ticker, then the server.
    package func run() async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [application] + services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await socketTasks.close(within: .seconds(5))
            await stopStore()
            try? await shutDownLoops()
            throw error
        }
        await socketTasks.close(within: .seconds(5))
        await stopStore()
        try await shutDownLoops()
    }

    /// Shuts the server's own loops down; NIO's singleton (which then runs every task) stays.
    private func shutDownLoops() async throws {
        guard eventLoopGroup !== MultiThreadedEventLoopGroup.singleton else { return }
        try await eventLoopGroup.shutdownGracefully()
    }
}

/// Assembles the application: HTTP router, WebSocket router, the hub service and storage.
///
/// For example:
///
/// ```swift
/// let built = try await buildApplication(ServerConfiguration(port: 8080), logger: logger)
/// try await built.application.runService()
/// ```
package func buildApplication(
    _ configuration: ServerConfiguration, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> AtelierApplication {
    // SQLite under the data directory, or PostgreSQL shared with other nodes.
    let store: any AtelierStore
    var configuration = configuration
    var clusterClock: ClusterClock?
    if let url = configuration.databaseURL {
        let shared = try await PostgresStore.connect(url: url, logger: logger)
        let clock = ClusterClock()
        try? await clock.synchronize(with: shared)
        let database = try PostgresStore.Location(url: url).redacted
        logger.notice(
            "keeping everything in PostgreSQL",
            metadata: ["database": "\(database)", "node": "\(shared.nodeId)"])
        store = shared
        if configuration.clock is SystemWallClock {
            configuration.clock = clock
            clusterClock = clock
        }
    } else {
        store = SQLiteStore(database: try AppDatabase.open(directory: configuration.dataDirectory))
    }
    let facilitatorToken = try await FacilitatorToken.resolve(
        environmentToken: configuration.adminToken, store: store, logger: logger)
    let metrics = ServerMetrics()
    let authenticator = Authenticator(facilitatorToken: facilitatorToken, store: store)
    let live = LiveHub(clock: configuration.clock, logger: logger)
    let hub = Hub(
        store: store, metrics: metrics, logger: logger, idleTimeout: configuration.roomIdleTimeout,
        limits: RoomLimits(boardBytes: configuration.boardBytes), onShutdown: { await live.closeAll() })
    let sessions = SessionService(
        store: store, clock: configuration.clock, live: live, rooms: hub,
        publicURL: ServerConfiguration.normalizedPublicURL(
            configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"),
        retention: configuration.retention, logger: logger)
    try await sessions.loadAll()
    await hub.setPolicySource { boardID in await sessions.policy(forBoard: boardID) }
    await hub.setFreshPolicySource { boardID in await sessions.freshPolicy(forBoard: boardID) }
    await hub.setQuarantineObserver { entry, preview in
        guard let sessionID = entry.sessionId else { return }
        let session = try? await sessions.session(sessionID)
        await live.send(
            .quarantine(entry: SessionViews.QuarantineEntry(entry, session: session, preview: preview)), to: sessionID,
            audience: .facilitator)
    }

    let throttle = BadTokenThrottle(
        limit: configuration.badTokenLimit, trustedProxies: Set(configuration.trustedProxies))
    let router = Router(context: AtelierRequestContext.self)
    let routeTable = RouteTable()
    let staticFiles = StaticFiles(webRoot: configuration.webRoot, vendorRoot: configuration.vendorRoot)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(importMapHash: staticFiles.importMap.cspHash))
    router.add(middleware: JSONErrorMiddleware(table: routeTable))
    router.add(middleware: BadTokenMiddleware(throttle: throttle, authenticator: authenticator))
    let signInCookie = SignInCookie(secure: configuration.publicURL?.lowercased().hasPrefix("https://") == true)
    router.add(middleware: JoinCookieMiddleware(cookie: signInCookie, throttle: throttle, authenticator: authenticator))
    SystemController(metrics: metrics).addRoutes(to: router)

    QuarantineController(sessions: sessions, authenticator: authenticator, hub: hub, live: live)
        .addRoutes(to: router)

    let boards = BoardController(sessions: sessions, authenticator: authenticator, hub: hub)
    boards.addRoutes(to: router)
    CheckpointController(sessions: sessions, authenticator: authenticator, hub: hub, boards: boards)
        .addRoutes(to: router)
    PitchController(sessions: sessions, authenticator: authenticator, hub: hub, live: live).addRoutes(to: router)
    FacilitationController(sessions: sessions, authenticator: authenticator, hub: hub, live: live, boards: boards)
        .addRoutes(to: router)
    AssessmentController(sessions: sessions, authenticator: authenticator, hub: hub, live: live)
        .addRoutes(to: router)
    let assetDirectory = configuration.dataDirectory.appendingPathComponent("assets")
    let collector = AssetCollector(
        store: store, directory: assetDirectory, grace: configuration.assetGrace, interval: .seconds(3600),
        logger: logger)
    SessionController(
        sessions: sessions, authenticator: authenticator, hub: hub, live: live, collector: collector,
        examplesDirectory: configuration.examplesDirectory
    ).addRoutes(to: router)
    RosterController(
        sessions: sessions, authenticator: authenticator, hub: hub, live: live, collector: collector,
        assets: assetDirectory
    ).addRoutes(to: router)
    AssetController(
        directory: assetDirectory, sessions: sessions, authenticator: authenticator, hub: hub,
        quota: configuration.assetQuota, collector: collector
    ).addRoutes(to: router)
    SignInController(authenticator: authenticator, cookie: signInCookie).addRoutes(to: router)
    do {
        try OpenAPIController(contentsOf: configuration.openAPIDocument).addRoutes(to: router)
    } catch {
        // The server runs without it; /api/v1/openapi.json then answers 404.
        logger.warning(
            "OpenAPI document not served",
            metadata: ["path": "\(configuration.openAPIDocument.path)", "error": "\(error)"])
    }
    staticFiles.addRoutes(to: router)

    // The route table tells 404 from 405, for the routes above and for paths none matches.
    routeTable.set(router.routes.map { ($0.method, $0.path.description) })
    router.middlewares.add(JSONErrorMiddleware(table: routeTable))

    var endpoints: [any SocketEndpoint] = [
        SyncSocket(
            hub: hub, access: SessionSocketAccess(authenticator: authenticator, sessions: sessions, throttle: throttle),
            throttle: throttle, metrics: metrics,
            maxMessageSize: configuration.maxMessageSize, outboxLimit: configuration.outboxLimit,
            slowCloseGrace: configuration.slowCloseGrace, logger: logger),
        LiveSocket(
            sessions: sessions, authenticator: authenticator, live: live, outboxLimit: configuration.outboxLimit),
    ]
    // Frames up to twice the message limit are read so an oversized message is refused with a
    // reason (1009) by the sync socket rather than silently by the frame decoder.
    var frameLimit = configuration.maxMessageSize * 2
    if configuration.echoEndpoint {
        endpoints.append(EchoSocket())
        frameLimit = max(frameLimit, EchoSocket.maxMessageSize)
    }
    var channelConfiguration = ServerChannel.Configuration()
    channelConfiguration.http1.idleTimeout = TimeAmount(configuration.httpIdleTimeout)
    channelConfiguration.maxFrameSize = frameLimit
    channelConfiguration.headerTimeout = TimeAmount(configuration.headerTimeout)
    channelConfiguration.connections = ConnectionCount(
        limit: configuration.maxConnections ?? ConnectionCount.defaultLimit)

    let eventLoopGroup = await EventLoops.makeGroup(
        pin: configuration.pinEventLoops, shared: configuration.sharedEventLoops, logger: logger)
    let application = Application(
        router: router,
        server: HTTPServerBuilder { [endpoints, channelConfiguration] responder in
            ServerChannel(responder: responder, endpoints: endpoints, configuration: channelConfiguration)
        },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Atelier"),
        onServerRunning: onServerRunning,
        eventLoopGroupProvider: .shared(eventLoopGroup),
        logger: logger
    )
    let purge = RetentionPurge(
        sessions: sessions, collector: collector, rules: configuration.retention, clock: configuration.clock,
        logger: logger)
    var services: [any Service] = [
        PhaseTicker(sessions: sessions, interval: .seconds(1), rounds: metrics.timerRounds), collector, purge, hub,
    ]
    if let cluster = store as? any ClusterStore {
        services.insert(
            ClusterLink(
                store: cluster, hub: hub, sessions: sessions, live: live, clock: clusterClock ?? ClusterClock(),
                logger: logger), at: 0)
    }
    return AtelierApplication(
        application: application, services: services,
        facilitatorToken: facilitatorToken, metrics: metrics, logger: logger, eventLoopGroup: eventLoopGroup,
        socketTasks: channelConfiguration.socketTasks,
        stopStore: { await (store as? any ClusterStore)?.shutdown() })
}

extension TimeAmount {
    /// A Swift duration as NIO's time amount.
    init(_ duration: Duration) {
        self = .nanoseconds(
            duration.components.seconds.saturatingMultiplied(by: 1_000_000_000)
                .saturatingAdding(duration.components.attoseconds / 1_000_000_000))
    }
}

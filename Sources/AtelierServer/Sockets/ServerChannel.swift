import Foundation
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// Atelier's connections: HTTP/1 through Hummingbird's responder, and WebSocket upgrades to
/// Atelier's own socket endpoints (``SocketEndpoint``), served by NIO handlers
/// (``WebSocketPeer``) so that an open socket holds no task.
///
/// Each connection's first request is guarded (``FirstRequestGuard``): a connection that does not
/// send a complete request head within the header timeout gets 408 and is closed; one whose first
/// request the HTTP parser refuses gets 431 or 400. After the first request, Hummingbird's idle
/// timeout and error handling take over.
struct ServerChannel: ServerChildChannel, HTTPChannelHandler {
    /// What became of a connection's first request.
    enum Outcome: Sendable {
        /// Upgraded: the socket's handlers serve it from now on.
        case socket
        /// Plain HTTP.
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// An upgrade refused (a path no endpoint serves, a missing key, a version other than 13):
        /// answered 400.
        case refusedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    struct Value: ServerChildChannelValue {
        let outcome: EventLoopFuture<Outcome>
        let channel: any Channel
    }

    /// Settings of the connections.
    struct Configuration: Sendable {
        /// Hummingbird's HTTP/1 settings (idle timeout, header limits).
        var http1 = HTTP1Channel.Configuration()
        /// The largest WebSocket frame read.
        var maxFrameSize = 1 << 20
        /// Pings and the closing handshake of sockets.
        var socketTiming = WebSocketPeer.Timing()
        /// How long a new connection may take to send its first request head.
        var headerTimeout: TimeAmount = .seconds(10)
        /// The sockets' session tasks.
        var socketTasks = SocketTasks()
        /// The connections open, and how many may be.
        var connections = ConnectionCount(limit: ConnectionCount.defaultLimit)
    }

    /// A connection past the limit, closed at once.
    struct TooManyConnections: Error {}

    let responder: HTTPChannelHandler.Responder
    let endpoints: [any SocketEndpoint]
    let configuration: Configuration

    init(
        responder: @escaping HTTPChannelHandler.Responder, endpoints: [any SocketEndpoint], configuration: Configuration
    ) {
        self.responder = Self.redirectingLateUpgrades(responder)
        self.endpoints = endpoints
        self.configuration = configuration
    }

    /// NIO keeps each connection's receive buffer for its next read, sized by the allocator's
    /// guess: 2 KiB by default, held by every idle socket. Sync messages are small; the guess
    /// still grows (doubling) when reads fill the buffer. (docs/BENCHMARKS.md, "Memory per
    /// connection")
    static var receiveAllocator: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let connections = configuration.connections
        guard connections.admit() else {
            logger.debug("connection refused: too many open", metadata: ["limit": "\(connections.limit)"])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(TooManyConnections())
        }
        channel.closeFuture.whenComplete { _ in connections.release() }
        try? channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.receiveAllocator)
        return channel.eventLoop.makeCompletedFuture {
            let attempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            // The session the upgrade decision made, installed once the 101 is sent.
            let chosen = NIOLoopBoundBox<(any SocketSession)?>(nil, eventLoop: channel.eventLoop)
            let endpoints = self.endpoints
            let timing = configuration.socketTiming
            let tasks = configuration.socketTasks
            let webSocket = NIOTypedWebSocketServerUpgrader<Outcome>(
                maxFrameSize: configuration.maxFrameSize,
                shouldUpgrade: { channel, head in
                    chosen.value = Self.session(for: head, channel: channel, endpoints: endpoints)
                    return channel.eventLoop.makeSucceededFuture(chosen.value == nil ? nil : HTTPHeaders())
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let session = chosen.value else {
                            throw NIOWebSocketUpgradeError.unsupportedWebSocketTarget
                        }
                        chosen.value = nil
                        try channel.pipeline.syncOperations.addHandler(
                            WebSocketPeer(session: session, timing: timing, tasks: tasks))
                        return .socket
                    }
                })
            // Any upgrade asked for is noted before NIO checks its headers, so one it refuses (no
            // key, a version other than 13, a path no endpoint serves) is answered 400.
            let upgrader = NotedUpgrader(inner: webSocket) { attempted.value = true }
            let http1 = configuration.http1
            let upgrades = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        // A body that trickles in closes the connection (a slow-loris).
                        if let decoder = try? pipeline.context(
                            handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
                        {
                            try pipeline.addHandler(SlowBodyGuard(logger: logger), position: .after(decoder.handler))
                        }
                        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try pipeline.addHandlers(http1.additionalChannelHandlers())
                        try pipeline.addHandler(
                            HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .init($0) }, logger: logger)
                        )
                        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                        return attempted.value ? .refusedUpgrade(asyncChannel) : .http(asyncChannel)
                    }
                })
            var pipelineConfiguration = NIOUpgradableHTTPServerPipelineConfiguration<Outcome>(
                upgradeConfiguration: upgrades)
            pipelineConfiguration.enablePipelining = false  // HTTP is pipelined by NIOAsyncChannel
            pipelineConfiguration.enableErrorHandling = false  // Hummingbird handles them
            pipelineConfiguration.enableResponseHeaderValidation = false  // HTTPTypes validates
            pipelineConfiguration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
            pipelineConfiguration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
            pipelineConfiguration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
            let outcome = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: pipelineConfiguration)
            let pipeline = channel.pipeline.syncOperations
            if let decoder = try? pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self) {
                try pipeline.addHandler(
                    FirstRequestGuard(headerTimeout: configuration.headerTimeout), position: .after(decoder.handler))
            }
            return Value(outcome: outcome, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.outcome.get() {
            case .socket:
                return
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refusedUpgrade(let http):
                try await http.executeThenClose { _, outbound in
                    let head = HTTPResponse(
                        status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
                    try await outbound.write(contentsOf: [.head(head), .end(nil)])
                }
            }
        } catch let error as ChannelError where error == .inputClosed {
            logger.trace("connection closed before its first request")
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// The session of the endpoint that serves `head`'s path, if any.
    private static func session(
        for head: HTTPRequestHead, channel: any Channel, endpoints: [any SocketEndpoint]
    ) -> (any SocketSession)? {
        guard head.method == .GET else { return nil }
        let request = SocketRequest(head: head, remoteAddress: channel.remoteAddress)
        for endpoint in endpoints {
            if let session = endpoint.session(for: request, channel: channel) { return session }
        }
        return nil
    }

    /// NIO upgrades only a connection's first request; a later request asking for an upgrade is
    /// sent back to the same URI on a new connection (307 and close), as Hummingbird does.
    private static func redirectingLateUpgrades(_ responder: @escaping Responder) -> Responder {
        struct RedirectClose: Error {}
        return { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                try await responder(request, writer, channel)
                return
            }
            var location = request.uri.path
            if let query = request.uri.query { location += "?\(query)" }
            let response = HTTPResponse(
                status: .temporaryRedirect, headerFields: [.connection: "close", .location: location])
            try await writer.writeResponse(response)
            throw RedirectClose()
        }
    }
}

/// A WebSocket upgrader that notes each upgrade asked for (on the channel's loop) before its
/// inner upgrader checks the request.
private struct NotedUpgrader<Inner: NIOTypedHTTPServerProtocolUpgrader>: NIOTypedHTTPServerProtocolUpgrader {
    let inner: Inner
    let noted: @Sendable () -> Void

    var supportedProtocol: String { inner.supportedProtocol }
    var requiredUpgradeHeaders: [String] { inner.requiredUpgradeHeaders }

    func buildUpgradeResponse(
        channel: any Channel, upgradeRequest: HTTPRequestHead, initialResponseHeaders: HTTPHeaders
    ) -> EventLoopFuture<HTTPHeaders> {
        noted()
        return inner.buildUpgradeResponse(
            channel: channel, upgradeRequest: upgradeRequest, initialResponseHeaders: initialResponseHeaders)
    }

    func upgrade(channel: any Channel, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<Inner.UpgradeResult> {
        inner.upgrade(channel: channel, upgradeRequest: upgradeRequest)
    }
}

extension SocketRequest {
    /// The request of an upgrade head.
    init(head: HTTPRequestHead, remoteAddress: SocketAddress?) {
        let uri = head.uri[...]
        let mark = uri.firstIndex(of: "?")
        let query = mark.map { uri[uri.index(after: $0)...] } ?? ""
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let equals = pair.firstIndex(of: "=")
            let name = equals.map { pair[..<$0] } ?? pair
            let value = equals.map { pair[pair.index(after: $0)...] } ?? ""
            let key = name.removingPercentEncoding ?? String(name)
            if parameters[key] == nil { parameters[key] = value.removingPercentEncoding ?? String(value) }
        }
        self.init(
            path: String(uri[..<(mark ?? uri.endIndex)]), query: parameters, remoteAddress: remoteAddress,
            forwardedFor: head.headers.first(name: "X-Forwarded-For"))
    }
}

import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Sits right after the HTTP request decoder until the first request head has passed, then
/// removes itself.
final class FirstRequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let headerTimeout: TimeAmount
    private var timeout: Scheduled<Void>?
    private var sawHead = false

    init(headerTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: headerTimeout) {
            let (handler, context) = loopBound.value
            guard !handler.sawHead else { return }
            handler.answer(context, .requestTimeout)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        sawHead = true
        timeout?.cancel()
        context.fireChannelRead(data)
        // The request is on its way; an upgrade to WebSocket must not find an HTTP handler here.
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !sawHead, let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        sawHead = true
        timeout?.cancel()
        answer(context, parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // On graceful shutdown a connection that has not even sent a request is closed.
        if event is ChannelShouldQuiesceEvent, !sawHead {
            sawHead = true
            timeout?.cancel()
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Answers with an empty response of `status` and closes the connection.
    private func answer(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus) {
        sawHead = true
        let head = HTTPResponseHead(
            version: .http1_1, status: status, headers: ["Connection": "close", "Content-Length": "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}

/// Closes a connection whose request body arrives too slowly: after `grace`, a body must have
/// come at `minimumRate` bytes a second on average (a slow-loris sends a head announcing a
/// large body, then a byte now and then, and would hold the connection for as long as it
/// likes: the idle timeout never fires while bytes trickle in).
///
/// Installed on HTTP connections (not WebSockets) right after the request decoder; it looks
/// at the parts going by and passes every one on. The check runs only while a body is on its
/// way: a request without one costs nothing.
final class SlowBodyGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let grace: TimeAmount
    private let minimumRate: Int
    private let logger: Logger
    private var started: NIODeadline?
    private var received = 0
    private var check: Scheduled<Void>?

    init(grace: TimeAmount = .seconds(15), minimumRate: Int = 512, logger: Logger) {
        self.grace = grace
        self.minimumRate = minimumRate
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            stop()
            let length = head.headers.first(name: "content-length").flatMap(Int.init) ?? 0
            if length > 0 || head.headers.contains(name: "transfer-encoding") { start(context) }
        case .body(let buffer):
            if started == nil { start(context) }  // the connection's first request passed before this guard
            received += buffer.readableBytes
        case .end:
            stop()
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    private func start(_ context: ChannelHandlerContext) {
        started = .now()
        received = 0
        schedule(context, in: grace)
    }

    private func stop() {
        check?.cancel()
        check = nil
        started = nil
        received = 0
    }

    private func schedule(_ context: ChannelHandlerContext, in delay: TimeAmount) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(in: delay) {
            let (handler, context) = loopBound.value
            handler.verify(context)
        }
    }

    /// Past the grace, the body must have averaged `minimumRate` since it began; checked again every two seconds.
    private func verify(_ context: ChannelHandlerContext) {
        guard let started else { return }
        let elapsed = NIODeadline.now() - started
        let seconds = Double(elapsed.nanoseconds) / 1e9
        if Double(received) < Double(minimumRate) * seconds {
            logger.debug(
                "request body too slow; closing the connection",
                metadata: ["bytes": "\(received)", "seconds": "\(Int(seconds))"])
            stop()
            context.close(promise: nil)
            return
        }
        schedule(context, in: .seconds(2))
    }
}

/// Counts the open connections and refuses those past `limit`, which stays under the process's
/// open-file limit: a flood of connections (held open, or opened faster than they time out)
/// must not leave the server without descriptors for its database, its logs or the next
/// connection once the flood passes.
final class ConnectionCount: Sendable {
    /// The most connections open at once.
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// What the open-file limit leaves for connections: all but 512 descriptors (the database,
    /// its log, uploads being written, the listening sockets), and at least 64.
    static var defaultLimit: Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return 16_384 }
        // RLIM_INFINITY is all ones: clamped, it leaves a limit no machine reaches.
        return max(64, Int(clamping: min(limits.rlim_cur, 1 << 30)) - 512)
    }

    /// Counts one more connection, or says no (and counts nothing) when `limit` are open.
    func admit() -> Bool {
        guard open.wrappingAdd(1, ordering: .relaxed).newValue > limit else { return true }
        open.subtract(1, ordering: .relaxed)
        return false
    }

    /// A connection closed.
    func release() {
        open.subtract(1, ordering: .relaxed)
    }

    /// Connections open now.
    var count: Int { open.load(ordering: .relaxed) }
}

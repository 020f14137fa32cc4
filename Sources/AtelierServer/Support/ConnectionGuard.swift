import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// The HTTP/WebSocket child channel with a guard on each connection's first request, which the
/// stock channel leaves unguarded until its upgrade decision: a connection that does not send
/// a complete request head within the header timeout gets 408 and is closed; one whose first
/// request the HTTP parser refuses (a header over the limit, Content-Length with chunked, bad
/// syntax) gets 431 or 400 and is closed; an idle one is closed when the server shuts down.
/// After the first request, Hummingbird's own idle timeout and error handling take over.
struct GuardedChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let headerTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        // NIO keeps each connection's receive buffer for its next read, sized by the
        // allocator's guess: 2 KiB by default, held by every idle socket. Sync messages are
        // small; the guess still grows (doubling) when reads fill the buffer.
        // (docs/BENCHMARKS.md, "Memory per connection")
        try? channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.receiveAllocator)
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let guardHandler = FirstRequestGuard(headerTimeout: headerTimeout)
            let pipeline = channel.pipeline.syncOperations
            if let decoder = try? pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self) {
                try pipeline.addHandler(guardHandler, position: .after(decoder.handler))
            }
            return value
        }
    }

    static var receiveAllocator: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

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

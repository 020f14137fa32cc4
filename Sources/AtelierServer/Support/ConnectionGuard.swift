import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

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

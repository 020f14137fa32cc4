import Hummingbird
import NIOCore
import Prometheus

/// `/healthz` and `/metrics`.
struct SystemController: Sendable {
    let metrics: ServerMetrics

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/healthz", use: health)
        router.get("/metrics", use: prometheus)
        // The WebSocket routes, asked without an upgrade, say so.
        for path in ["/sync/{boardId}", "/live/{sessionId}", "/echo"] {
            router.get(RouterPath(path)) { _, _ -> Response in
                throw APIError(
                    .init(code: 426, reasonPhrase: "Upgrade Required"), code: "upgrade_required",
                    "this is a WebSocket endpoint: connect with a WebSocket client")
            }
        }
    }

    @Sendable func health(_ request: Request, context: some RequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }

    @Sendable func prometheus(_ request: Request, context: some RequestContext) async throws -> Response {
        var bytes: [UInt8] = []
        metrics.registry.emit(into: &bytes)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

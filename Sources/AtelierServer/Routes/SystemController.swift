import Hummingbird
import NIOCore
import Prometheus

/// `/healthz` and `/metrics`.
struct SystemController: Sendable {
    let metrics: ServerMetrics

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/healthz", use: health)
        router.get("/metrics", use: prometheus)
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

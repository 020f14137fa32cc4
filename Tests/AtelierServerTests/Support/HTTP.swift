import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A minimal HTTP client for tests, over AsyncHTTPClient.
enum HTTP {
    struct Reply {
        let status: Int
        let body: Data
        let headers: [(String, String)]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> Any { try JSONSerialization.jsonObject(with: body) }
        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// The tests' client: `HTTPClient.shared`'s settings, except that it lets go of an idle
    /// connection after 20 s, before the server closes it (its idle timeout is 60 s; the shared
    /// client keeps idle connections 600 s): a request could be written on a
    /// connection the server was closing that very moment, which ends in
    /// `remoteConnectionClosed` (seen once, in a fresh-clone run where a test took 188 s).
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: {
            var configuration = HTTPClient.Configuration.singletonConfiguration  // as `HTTPClient.shared`
            configuration.connectionPool.idleTimeout = .seconds(20)
            return configuration
        }())

    static func get(_ url: String, token: String? = nil) async throws -> Reply {
        try await send(url, method: .GET, token: token)
    }

    static func send(
        _ url: String, method: HTTPMethod, token: String? = nil, body: Data? = nil,
        contentType: String = "application/json", headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(data: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(
            status: Int(response.status.code), body: Data(buffer.readableBytesView),
            headers: response.headers.map { ($0.name, $0.value) })
    }
}

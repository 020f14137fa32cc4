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
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(
            status: Int(response.status.code), body: Data(buffer.readableBytesView),
            headers: response.headers.map { ($0.name, $0.value) })
    }
}

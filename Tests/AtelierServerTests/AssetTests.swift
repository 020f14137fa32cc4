import Foundation
import Testing

/// Image uploads: the type is checked from the bytes, SVG is refused, 10 MiB at most, rights
/// follow the board; a stored image is served by its hash.
@Suite("Assets")
struct AssetTests {
    /// A 1×1 PNG.
    static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")!

    struct Setup {
        let server: TestServer
        let board: String
        let member: String
        let outsider: String
    }

    func setup(arguments: [String] = []) async throws -> Setup {
        let server = try await TestServer(arguments: arguments)
        let created = try await API(server: server).post(
            "/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let groups = try #require(created["groups"] as? [[String: Any]])
        let boards = try #require(groups.first { $0["id"] as? String == "g1" }?["boards"] as? [[String: Any]])
        // The SWOT board is writable in every phase.
        let board = try #require(boards.first { $0["kind"] as? String == "swot" }?["id"] as? String)
        let invites = try #require(created["invites"] as? [[String: Any]])
        let member = try #require(invites.first { $0["group"] as? String == "g1" }?["token"] as? String)
        let outsider = try #require(invites.first { $0["group"] as? String == "g2" }?["token"] as? String)
        return Setup(server: server, board: board, member: member, outsider: outsider)
    }

    func upload(_ setup: Setup, _ body: Data, type: String, token: String) async throws -> HTTP.Reply {
        try await HTTP.send(
            setup.server.baseURL + "/api/v1/boards/\(setup.board)/assets", method: .POST, token: token, body: body,
            contentType: type)
    }

    @Test("a PNG is stored by its hash and served to its board's readers, privately cached, with nosniff and a CSP")
    func storesAndServes() async throws {
        let setup = try await setup()
        let reply = try await upload(setup, Self.png, type: "image/png", token: setup.member)
        #expect(reply.status == 201)
        let body = try #require(try reply.json() as? [String: Any])
        let url = try #require(body["url"] as? String)
        #expect((body["hash"] as? String)?.count == 64)
        let served = try await HTTP.get(setup.server.baseURL + url, token: setup.member)
        #expect(served.status == 200)
        #expect(served.body == Self.png)
        #expect(served.header("Content-Type") == "image/png")
        #expect(served.header("X-Content-Type-Options") == "nosniff")
        #expect(served.header("Cache-Control") == "private, max-age=86400")
        #expect(served.header("Content-Security-Policy") == "default-src 'none'; sandbox")
        let stored = setup.server.dataDirectory.appendingPathComponent("assets").appendingPathComponent(
            body["hash"] as? String ?? "")
        #expect(FileManager.default.fileExists(atPath: stored.path))
    }

    @Test("a renamed non-image, an SVG with script, an oversized file and an outsider are refused with clear errors")
    func refusals() async throws {
        let setup = try await setup()
        let text = try await upload(
            setup, Data("just text, named photo.png".utf8), type: "image/png", token: setup.member)
        #expect(text.status == 415)
        #expect(text.text.contains("not_an_image"))
        let svg = Data(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8)
        let svgReply = try await upload(setup, svg, type: "image/svg+xml", token: setup.member)
        #expect(svgReply.status == 415)
        #expect(svgReply.text.contains("svg_refused"))
        var big = Self.png
        big.append(Data(count: 10 << 20))
        let bigReply = try await upload(setup, big, type: "image/png", token: setup.member)
        #expect(bigReply.status == 413)
        let outsider = try await upload(setup, Self.png, type: "image/png", token: setup.outsider)
        #expect(outsider.status == 403)
        for reply in [text, svgReply, bigReply, outsider] {
            let error = (try? reply.json() as? [String: Any])?["error"] as? [String: Any]
            #expect((error?["message"] as? String)?.isEmpty == false, "\(reply.text)")
        }
        let noToken = try await HTTP.send(
            setup.server.baseURL + "/api/v1/boards/\(setup.board)/assets", method: .POST, body: Self.png,
            contentType: "image/png")
        #expect(noToken.status == 401)
        let traversal = try await HTTP.get(setup.server.baseURL + "/assets/..%2F..%2Fatelier.sqlite")
        #expect(traversal.status == 404)
    }
}

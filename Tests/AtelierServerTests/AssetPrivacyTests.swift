import Crypto
import Foundation
import Testing
import YCore
import YSync

@testable import AtelierServer

/// Images and privacy (issue 16): an upload loses its metadata (decoded by Pillow: same
/// pixels, no GPS, no EXIF but the orientation, no XMP, text or comment), a broken file is
/// refused, and an image is served only to whoever may read a board that uses it, by the
/// bearer token, `?token=` or the `atelier_token` cookie the browser signs in with.
@Suite("Images and privacy", .serialized)
struct AssetPrivacyTests {
    /// A server with two sessions made from the example.
    struct Setup {
        let server: TestServer
        /// g1's and g2's SWOT boards (writable in every phase).
        let g1Board: String
        let g2Board: String
        let g1: String
        let g2: String
        let juror: String
        let observer: String
        let g1InviteID: String
        /// A participant of the other session.
        let stranger: String
    }

    func setup() async throws -> Setup {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let other = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        func swot(_ group: String) throws -> String {
            let groups = created["groups"] as? [[String: Any]] ?? []
            let boards = groups.first { $0["id"] as? String == group }?["boards"] as? [[String: Any]] ?? []
            return try #require(boards.first { $0["kind"] as? String == "swot" }?["id"] as? String)
        }
        func invite(_ session: [String: Any], role: String, group: String? = nil) throws -> [String: Any] {
            try #require(
                (session["invites"] as? [[String: Any]])?.first {
                    $0["role"] as? String == role && (group == nil || $0["group"] as? String == group)
                })
        }
        let g1 = try invite(created, role: "participant", group: "g1")
        return Setup(
            server: server, g1Board: try swot("g1"), g2Board: try swot("g2"),
            g1: try #require(g1["token"] as? String),
            g2: try #require(try invite(created, role: "participant", group: "g2")["token"] as? String),
            juror: try #require(try invite(created, role: "juror")["token"] as? String),
            observer: try #require(try invite(created, role: "observer")["token"] as? String),
            g1InviteID: try #require(g1["id"] as? String),
            stranger: try #require(try invite(other, role: "participant", group: "g1")["token"] as? String))
    }

    func upload(_ setup: Setup, _ body: Data, type: String, board: String? = nil, token: String) async throws
        -> HTTP.Reply
    {
        try await HTTP.send(
            "\(setup.server.baseURL)/api/v1/boards/\(board ?? setup.g1Board)/assets", method: .POST, token: token,
            body: body, contentType: type)
    }

    func hash(of reply: HTTP.Reply) throws -> String {
        try #require((try? reply.json() as? [String: Any])?["hash"] as? String, "\(reply.status): \(reply.text)")
    }

    func get(_ setup: Setup, _ hash: String, token: String? = nil, headers: [String: String] = [:]) async throws
        -> HTTP.Reply
    {
        try await HTTP.send("\(setup.server.baseURL)/assets/\(hash)", method: .GET, token: token, headers: headers)
    }

    static func errorCode(_ reply: HTTP.Reply) -> String? {
        ((try? reply.json() as? [String: Any])?["error"] as? [String: Any])?["code"] as? String
    }

    /// What Pillow reads in each file (`Tests/Fixtures/images/inspect_image.py`), by path.
    static func inspect(_ files: [URL]) async throws -> [String: [String: Any]] {
        let output = try await Peers.run(
            Peers.python, [Peers.script("Fixtures/images/inspect_image.py")] + files.map(\.path))
        var result: [String: [String: Any]] = [:]
        for line in output.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            result[object["file"] as? String ?? ""] = object
        }
        return result
    }

    @Test("a JPEG with GPS EXIF, a PNG and a WebP with metadata chunks, and a GIF come back without it, same pixels")
    func uploadsLoseTheirMetadata() async throws {
        let setup = try await setup()
        let scratch = setup.server.dataDirectory.appendingPathComponent("pillow")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var pairs: [(name: String, original: URL, served: URL)] = []
        for (name, type) in ImageMetadataTests.fixtures {
            let original = TestServer.packageRoot.appendingPathComponent("Tests/Fixtures/images/\(name)")
            let bytes = try Data(contentsOf: original)
            let reply = try await upload(setup, bytes, type: type.mediaType, token: setup.g1)
            #expect(reply.status == 201, "\(name): \(reply.text)")
            let hash = try hash(of: reply)
            let served = try await get(setup, hash, token: setup.g1)
            #expect(served.status == 200)
            #expect(served.header("Content-Type") == type.mediaType)
            // The hash is of the stripped bytes, which are what is stored and served.
            #expect(SHA256.hash(data: served.body).map { String(format: "%02x", $0) }.joined() == hash)
            #expect(served.body.count < bytes.count, "\(name)")
            #expect(served.body.range(of: Data("Secret".utf8)) == nil, "\(name) still carries metadata")
            let stored = setup.server.dataDirectory.appendingPathComponent("assets/\(hash)")
            #expect(try Data(contentsOf: stored) == served.body)
            let copy = scratch.appendingPathComponent("served-\(name)")
            try served.body.write(to: copy)
            pairs.append((name, original, copy))
        }
        let seen = try await Self.inspect(pairs.flatMap { [$0.original, $0.served] })
        for (name, original, served) in pairs {
            let before = try #require(seen[original.path], "Pillow did not read \(name)")
            let after = try #require(seen[served.path], "Pillow did not read the served \(name)")
            #expect(after["format"] as? String == before["format"] as? String, "\(name)")
            #expect(after["size"] as? [Int] == before["size"] as? [Int], "\(name)")
            #expect(after["frames"] as? [String] == before["frames"] as? [String], "\(name): the pixels changed")
            #expect((after["frames"] as? [String])?.isEmpty == false)
            #expect(after["gps"] as? Bool == false, "\(name) keeps its GPS position")
            #expect(Set(after["exifTags"] as? [Int] ?? [-1]).isSubset(of: [0x0112]), "\(name): \(after)")
            #expect(after["orientation"] as? Int == before["orientation"] as? Int, "\(name): orientation lost")
            #expect(Set(after["metadataKeys"] as? [String] ?? ["?"]).isSubset(of: ["exif"]), "\(name): \(after)")
            #expect(after["icc"] as? Bool == before["icc"] as? Bool, "\(name): colour profile lost")
            #expect(after["loop"] as? Int == before["loop"] as? Int, "\(name): looping lost")
        }
        #expect((seen[pairs[0].original.path]?["gps"] as? Bool) == true, "the JPEG fixture has no GPS to strip")
    }

    @Test("a truncated JPEG, a PNG with a lying chunk length and a WebP with a huge RIFF size get 415 malformed_image")
    func malformedUploads() async throws {
        let setup = try await setup()
        func fixture(_ name: String) throws -> Data {
            try Data(contentsOf: TestServer.packageRoot.appendingPathComponent("Tests/Fixtures/images/\(name)"))
        }
        let jpeg = try fixture("gps.jpg")
        var png = try fixture("meta.png")
        png.replaceSubrange(33..<37, with: [0x7F, 0xFF, 0xFF, 0xF0])  // iCCP's length
        var webp = try fixture("meta.webp")
        webp.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0xFF])
        for (what, body, type) in [
            ("truncated JPEG", jpeg.prefix(jpeg.count / 2), "JPEG"), ("lying PNG", png, "PNG"),
            ("huge WebP", webp, "WebP"),
        ] {
            let reply = try await upload(setup, Data(body), type: "image/\(type.lowercased())", token: setup.g1)
            #expect(reply.status == 415, "\(what): \(reply.status) \(reply.text)")
            #expect(Self.errorCode(reply) == "malformed_image", "\(what): \(reply.text)")
            let message = ((try? reply.json() as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
            #expect(message?.contains("the \(type) image is") == true, "\(what): \(reply.text)")
        }
        let stored =
            (try? FileManager.default.contentsOfDirectory(
                atPath: setup.server.dataDirectory.appendingPathComponent("assets").path)) ?? []
        #expect(stored.isEmpty, "\(stored)")
        #expect(try await HTTP.get("\(setup.server.baseURL)/healthz").status == 200)
    }

    @Test("a stranger with the URL gets 401, another session 403, another group 403; the board's readers get 200")
    func whoGetsAnImage() async throws {
        let setup = try await setup()
        let hash = try hash(
            of: try await upload(setup, AssetTests.png, type: "image/png", token: setup.g1))
        let stranger = try await get(setup, hash)
        #expect(stranger.status == 401)
        #expect(Self.errorCode(stranger) == "missing_token")
        let badToken = try await get(setup, hash, token: "not-a-token")
        #expect(badToken.status == 401)
        #expect(Self.errorCode(badToken) == "bad_token")
        let badCookie = try await get(setup, hash, headers: ["Cookie": "atelier_token=not-a-token"])
        #expect(badCookie.status == 401)
        for (who, token) in [
            ("a participant of another session", setup.stranger), ("a participant of another group", setup.g2),
            ("an observer outside the pitch", setup.observer),
        ] {
            let reply = try await get(setup, hash, token: token)
            #expect(reply.status == 403, "\(who): \(reply.status)")
            #expect(Self.errorCode(reply) == "forbidden", "\(who): \(reply.text)")
        }
        let byHeader = try await get(setup, hash, token: setup.g1)
        let byQuery = try await HTTP.get("\(setup.server.baseURL)/assets/\(hash)?token=\(setup.g1)")
        let byCookie = try await get(setup, hash, headers: ["Cookie": "theme=dark; atelier_token=\(setup.g1)"])
        for (who, reply) in [
            ("the uploader's bearer token", byHeader), ("?token=", byQuery), ("the cookie", byCookie),
            ("the facilitator", try await get(setup, hash, token: setup.server.token)),
            ("a juror", try await get(setup, hash, token: setup.juror)),
        ] {
            #expect(reply.status == 200, "\(who): \(reply.status) \(reply.text)")
            #expect(reply.body == AssetTests.png, "\(who)")
            #expect(reply.header("Cache-Control") == "private, max-age=86400", "\(who)")
            #expect(reply.header("X-Content-Type-Options") == "nosniff", "\(who)")
            #expect(reply.header("Content-Security-Policy") == "default-src 'none'; sandbox", "\(who)")
            #expect(reply.header("Cross-Origin-Resource-Policy") == "same-origin", "\(who)")
        }
        // An unknown image is 404 for a signed-in reader, 401 without a credential.
        let unknown = String(repeating: "ab", count: 32)
        #expect(try await get(setup, unknown, token: setup.g1).status == 404)
        #expect(try await get(setup, unknown).status == 401)
        // A revoked invite's token (and cookie) stops working at once.
        _ = try await API(server: setup.server).post(
            "/api/v1/sessions/\(try sessionID(setup))/invites/\(setup.g1InviteID)/revoke")
        #expect(try await get(setup, hash, token: setup.g1).status == 401)
        #expect(try await get(setup, hash, headers: ["Cookie": "atelier_token=\(setup.g1)"]).status == 401)
    }

    @Test("an image placed by its hash on a board the reader may read is served to them")
    func placedOnAnotherBoard() async throws {
        let setup = try await setup()
        let hash = try hash(
            of: try await upload(setup, AssetTests.png, type: "image/png", token: setup.server.token))
        #expect(try await get(setup, hash, token: setup.g2).status == 403)
        // g2 places it on their own board, as the browser places an image.
        let socket = try await TestSocket("\(setup.server.wsURL)/sync/\(setup.g2Board)?token=\(setup.g2)")
        try await socket.send(
            .update(
                YjsUpdates.make(clientID: 41) { doc in
                    doc.getMap("items").set("img", .map([("type", "image"), ("asset", .value(.string(hash)))]))
                }))
        try await waitUntil("the image is on g2's board") {
            let export = try await API(server: setup.server).get("/api/v1/boards/\(setup.g2Board)/export.json")
            return (export["items"] as? [String: Any])?["img"] != nil
        }
        await socket.close()
        #expect(try await get(setup, hash, token: setup.g2).status == 200)
        #expect(try await get(setup, hash, token: setup.stranger).status == 403)
    }

    @Test(
        "sign-in and /join/{token} set the HttpOnly SameSite=Strict cookie, a bad join token gets none, sign-out clears it"
    )
    func signInCookie() async throws {
        let setup = try await setup()
        let hash = try hash(
            of: try await upload(setup, AssetTests.png, type: "image/png", token: setup.g1))
        let signIn = try await HTTP.send("\(setup.server.baseURL)/api/v1/sign-in", method: .POST, token: setup.g1)
        #expect(signIn.status == 204)
        let cookie = try #require(Cookie(signIn.header("Set-Cookie")))
        #expect(cookie.name == "atelier_token")
        #expect(cookie.value == setup.g1)
        #expect(cookie.attributes == ["httponly", "max-age=2592000", "path=/", "samesite=strict"])
        #expect(
            try await get(setup, hash, headers: ["Cookie": "atelier_token=\(cookie.value)"]).status == 200)
        // The cookie is a credential for images only.
        let me = try await HTTP.send(
            "\(setup.server.baseURL)/api/v1/me", method: .GET, headers: ["Cookie": "atelier_token=\(cookie.value)"])
        #expect(me.status == 401)
        #expect(try await HTTP.send("\(setup.server.baseURL)/api/v1/sign-in", method: .POST).status == 401)

        let join = try await HTTP.get("\(setup.server.baseURL)/join/\(setup.g1)")
        #expect(join.status == 200)
        #expect(join.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(Cookie(join.header("Set-Cookie"))?.value == setup.g1)
        #expect(join.header("Cache-Control") == "private, no-cache")
        let badJoin = try await HTTP.get("\(setup.server.baseURL)/join/not-a-token")
        #expect(badJoin.status == 200)
        #expect(badJoin.header("Set-Cookie") == nil)

        let signOut = try await HTTP.send("\(setup.server.baseURL)/api/v1/sign-out", method: .POST)
        #expect(signOut.status == 204)
        let cleared = try #require(Cookie(signOut.header("Set-Cookie")))
        #expect(cleared.name == "atelier_token" && cleared.value.isEmpty)
        #expect(cleared.attributes.contains("max-age=0"))
    }

    @Test("behind https the cookie is Secure; a facilitator token with any characters survives the cookie")
    func secureCookieAndOddToken() async throws {
        let token = "odd token; with=signs, % and \"quotes\" é"
        let server = try await TestServer(arguments: ["--public-url", "https://atelier.example"], adminToken: token)
        // An ad-hoc board (outside any session): the facilitator's alone.
        let upload = try await HTTP.send(
            "\(server.baseURL)/api/v1/boards/adhoc-images/assets", method: .POST, token: token, body: AssetTests.png,
            contentType: "image/png")
        let hash = try hash(of: upload)
        let signIn = try await HTTP.send("\(server.baseURL)/api/v1/sign-in", method: .POST, token: token)
        #expect(signIn.status == 204)
        let cookie = try #require(Cookie(signIn.header("Set-Cookie")))
        #expect(cookie.attributes.contains("secure"))
        #expect(cookie.value.allSatisfy { $0.isASCII && !" ;,\"".contains($0) }, "\(cookie.value)")
        let served = try await HTTP.send(
            "\(server.baseURL)/assets/\(hash)", method: .GET, headers: ["Cookie": "atelier_token=\(cookie.value)"])
        #expect(served.status == 200)
    }

    private func sessionID(_ setup: Setup) async throws -> String {
        let sessions = try await API(server: setup.server).get("/api/v1/sessions")
        let list = try #require(sessions["sessions"] as? [[String: Any]])
        for session in list {
            let id = session["id"] as? String ?? ""
            let invites = try await API(server: setup.server).get("/api/v1/sessions/\(id)/invites")
            if (invites["invites"] as? [[String: Any]])?.contains(where: { $0["id"] as? String == setup.g1InviteID })
                == true
            {
                return id
            }
        }
        throw TestFailure("no session has invite \(setup.g1InviteID)")
    }
}

/// A `Set-Cookie` header read back: name, value, and its attributes lower-cased and sorted.
private struct Cookie {
    let name: String
    let value: String
    let attributes: [String]

    init?(_ header: String?) {
        guard let header else { return nil }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, let equals = first.firstIndex(of: "=") else { return nil }
        name = String(first[..<equals])
        value = String(first[first.index(after: equals)...])
        attributes = parts.dropFirst().map { $0.lowercased() }.sorted()
    }
}

import Foundation
import NIOHTTP1
import TestProcesses
import Testing

/// Leaks and headers (issue 10, "Leaks and headers"): links, logs, policies, throttling,
/// the admin token and a full disk.
@Suite("Hygiene", .serialized)
struct HygieneTests {
    @Test("a public URL with a trailing slash gives invite links without '//'")
    func publicURLNormalised() async throws {
        let server = try await TestServer(arguments: ["--public-url", "http://atelier.example/"])
        let created = try await API(server: server).post(
            "/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let urls = (created["invites"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
        #expect(!urls.isEmpty)
        #expect(urls.allSatisfy { $0.hasPrefix("http://atelier.example/join/") })
    }

    @Test("pages and reports carry a Content-Security-Policy that forbids framing")
    func contentSecurityPolicy() async throws {
        let server = try await TestServer()
        let created = try await API(server: server).post(
            "/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        for path in [
            "/", "/boards/b_x", "/join/abc", "/api/v1/sessions/\(id)/groups/g1/report.html?token=\(server.token)",
        ] {
            let reply = try await HTTP.get(server.baseURL + path)
            #expect(reply.status == 200, "\(path)")
            let policy = reply.header("content-security-policy") ?? ""
            #expect(policy.contains("frame-ancestors 'none'"), "\(path): \(policy)")
            #expect(!policy.contains("'unsafe-inline'") || !policy.contains("script-src 'unsafe-inline'"), "\(path)")
            #expect(reply.header("x-content-type-options") == "nosniff", "\(path)")
        }
    }

    @Test("repeated bad tokens from one address get 429 with Retry-After; good tokens are never slowed")
    func badTokensAreThrottled() async throws {
        let server = try await TestServer(arguments: ["--trusted-proxy", "127.0.0.1"])
        var statuses: [Int] = []
        for attempt in 0..<30 {
            statuses.append(try await HTTP.get("\(server.baseURL)/api/v1/me", token: "guess-\(attempt)").status)
        }
        #expect(statuses.prefix(20).allSatisfy { $0 == 401 })
        #expect(statuses.suffix(10).allSatisfy { $0 == 429 })
        let throttled = try await HTTP.get("\(server.baseURL)/api/v1/me", token: "guess-more")
        #expect(throttled.status == 429)
        #expect(Int(throttled.header("retry-after") ?? "") ?? 0 >= 1)
        // The facilitator, from the same address, is not slowed.
        #expect(try await HTTP.get("\(server.baseURL)/api/v1/me", token: server.token).status == 200)
        // Behind the trusted proxy, another client's address has its own count.
        let other = try await HTTP.send(
            "\(server.baseURL)/api/v1/me", method: .GET, token: "guess-other", headers: ["X-Forwarded-For": "10.0.0.7"])
        #expect(other.status == 401)
    }

    @Test("a facilitator token shorter than 32 characters is refused at start, with the reason")
    func shortAdminTokenRefused() async throws {
        let server = try await TestServer(adminToken: "too-short", waitForHealth: false)
        let status = try await server.waitForExit(timeout: .seconds(60))
        #expect(status != 0)
        #expect(server.log.contains("at least 32"))
    }

    @Test("no token issued in a whole session's run reaches the log")
    func tokensNeverLogged() async throws {
        let server = try await TestServer(arguments: ["--log-level", "debug"])
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        let invites = created["invites"] as? [[String: Any]] ?? []
        let tokens = invites.compactMap { $0["token"] as? String } + [server.token]
        let board = try #require(
            ((created["groups"] as? [[String: Any]])?.first?["boards"] as? [[String: Any]])?.first?["id"] as? String)
        for token in tokens.prefix(6) {
            _ = try await HTTP.get("\(server.baseURL)/join/\(token)")
            _ = try await HTTP.get("\(server.baseURL)//join/\(token)")
            _ = try await HTTP.get("\(server.baseURL)/join//\(token)")
            _ = try await HTTP.get("\(server.baseURL)/?token=\(token)")
            _ = try await HTTP.get("\(server.baseURL)/api/v1/sessions/\(id)/results.csv?token=\(token)")
            _ = try await HTTP.get("\(server.baseURL)/api/v1/me", token: token)
            let socket = try await TestSocket("\(server.wsURL)/sync/\(board)?token=\(token)")
            await socket.close()
            let live = try await TestSocket("\(server.wsURL)/live/\(id)?token=\(token)")
            await live.close()
        }
        let reissued = try await api.post(
            "/api/v1/sessions/\(id)/invites/\(invites[0]["id"] as? String ?? "")/reissue")
        let fresh = ((reissued["invite"] as? [String: Any])?["token"] as? String) ?? ""
        _ = try await HTTP.get("\(server.baseURL)/join/\(fresh)")
        await server.stop()
        let log = server.log
        #expect(log.contains("request"), "the log is empty: nothing was checked")
        for token in tokens + [fresh] { #expect(!log.contains(token), "a token reached the log") }
    }

    @Test("a full disk answers 507 with its code, and leaves no partial file", .enabled(if: Tmpfs.available))
    func fullDisk() async throws {
        let mount = try Tmpfs(megabytes: 3)
        defer { mount.unmount() }
        let server = try await TestServer(dataDirectory: mount.url.appendingPathComponent("data"))
        let created = try await API(server: server).post(
            "/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let board = try #require(
            ((created["groups"] as? [[String: Any]])?.first?["boards"] as? [[String: Any]])?.first?["id"] as? String)
        // Fill the disk, leaving less than an image's size.
        let filler = mount.url.appendingPathComponent("filler")
        FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        let chunk = Data(repeating: 0, count: 64 << 10)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        try? handle.close()
        let png = TestImages.png(
            filler: Data((0..<(600 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }))
        let reply = try await HTTP.send(
            "\(server.baseURL)/api/v1/boards/\(board)/assets", method: .POST, token: server.token, body: png,
            contentType: "image/png")
        #expect(reply.status == 507, "\(reply.status): \(reply.text)")
        #expect(reply.text.contains("disk-full"))
        let assets =
            (try? FileManager.default.contentsOfDirectory(
                atPath: server.dataDirectory.appendingPathComponent("assets").path)) ?? []
        #expect(assets.isEmpty, "partial files: \(assets)")
        #expect(try await HTTP.get("\(server.baseURL)/healthz").status == 200)
    }
}

/// A small tmpfs mounted for a test (a real full disk); needs root and the mount capability.
struct Tmpfs {
    let url: URL

    /// Whether this machine lets the tests mount one.
    static let available: Bool = {
        guard getuid() == 0, let probe = try? Tmpfs(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    init(megabytes: Int) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let mount = ChildProcess(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", url.path],
            output: .discarded)
        try mount.start()
        guard mount.waitUntilExit() == 0 else { throw TestFailure("mount failed") }
    }

    func unmount() {
        let umount = ChildProcess("/bin/umount", ["-l", url.path], output: .discarded)
        if (try? umount.start()) != nil { _ = umount.waitUntilExit() }
        try? FileManager.default.removeItem(at: url)
    }
}

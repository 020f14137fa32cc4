import Foundation
import TestProcesses
import Testing

/// docs/DEPLOY.md's nginx configuration, as written there, in front of two real nodes on one
/// PostgreSQL: WebSockets pass through, a client goes on through the other node when one is
/// killed, and nginx's log holds no token.
@Suite("Deployment behind nginx", .serialized, .enabled(if: ClusterSupport.available && NginxSupport.available))
struct DeployTests {
    @Test(
        "nginx as DEPLOY.md sets it up: clients reach a board through it, carry on when a node dies, and no token is logged"
    )
    func nginxInFront() async throws {
        let nodes = try await ClusterSupport.nodes(2, arguments: ["--trusted-proxy", "127.0.0.1"])
        let nginx = try NginxSupport(upstreams: nodes.map(\.port))
        try nginx.start()
        defer { nginx.stop() }
        try await waitUntil("nginx answers /healthz") {
            (try? await HTTP.get("http://127.0.0.1:\(nginx.port)/healthz").status) == 200
        }
        let base = "ws://127.0.0.1:\(nginx.port)"
        let token = nodes[0].token
        let board = "deploy-\(UInt32.random(in: 0...UInt32.max))"
        var names: [String] = []
        func peer(_ name: String) async throws {
            names.append(name)
            let output = try await Peers.run(
                Peers.python,
                [
                    Peers.script("Interop/server/pycrdt_peer.py"), base, token, board, name,
                    names.joined(separator: ","),
                ])
            #expect(output.contains(#""event": "converged""#) || output.contains(#""event":"converged""#), "\(output)")
        }
        try await peer("before1")
        try await peer("before2")
        await nodes[0].kill()
        // Every new connection now lands on the surviving node, and finds what was written before.
        for name in ["after1", "after2", "after3"] { try await peer(name) }
        try await nodes[0].start()
        for name in ["back1", "back2"] { try await peer(name) }

        // An invite link carries its token in the path: the log keeps `/join/[redacted]`.
        let join = try await HTTP.get("http://127.0.0.1:\(nginx.port)/join/\(token)")
        #expect(join.status == 200)

        let log = try String(contentsOf: nginx.accessLog, encoding: .utf8)
        #expect(log.contains("/join/[redacted]"), "\(log)")
        #expect(log.contains("/sync/\(board)"), "the access log records the WebSocket requests: \(log)")
        #expect(!log.contains("token="), "no token in nginx's log")
        #expect(!log.contains(token), "no token in nginx's log")
    }
}

/// Debian's nginx, run as a child process with docs/DEPLOY.md's server block (TLS left out:
/// a loopback port instead of 443).
final class NginxSupport: @unchecked Sendable {
    static let binary = "/usr/sbin/nginx"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let port: Int
    let directory: URL
    var accessLog: URL { directory.appendingPathComponent("atelier.log") }
    private var process: ChildProcess?

    init(upstreams: [Int]) throws {
        port = try TestServer.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Workers may run as `nobody`: they write temporary files and the log here.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        let deploy = try String(
            contentsOf: Peers.root.appendingPathComponent("docs/DEPLOY.md"), encoding: .utf8)
        var block = try #require(Self.nginxBlock(in: deploy), "docs/DEPLOY.md has an nginx block")
        block = block.replacingOccurrences(of: "server 127.0.0.1:8081", with: "server 127.0.0.1:\(upstreams[0])")
        block = block.replacingOccurrences(of: "server 127.0.0.1:8082", with: "server 127.0.0.1:\(upstreams[1])")
        block = block.replacingOccurrences(of: "listen 443 ssl http2;", with: "listen 127.0.0.1:\(port);")
        block = block.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("ssl_certificate") }.joined(separator: "\n")
        block = block.replacingOccurrences(of: "/var/log/nginx/atelier.log", with: accessLog.path)
        block = block.replacingOccurrences(
            of: "/var/log/nginx/atelier-error.log", with: directory.appendingPathComponent("atelier-error.log").path)
        let d = directory.path
        let configuration = """
            pid \(d)/nginx.pid;
            error_log \(d)/error.log;
            events { worker_connections 1024; }
            http {
                client_body_temp_path \(d)/body;
                proxy_temp_path \(d)/proxy;
                fastcgi_temp_path \(d)/fastcgi;
                uwsgi_temp_path \(d)/uwsgi;
                scgi_temp_path \(d)/scgi;
                access_log off;
            \(block)
            }
            """
        try configuration.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
    }

    /// The first ```nginx fenced block of a Markdown text.
    static func nginxBlock(in markdown: String) -> String? {
        guard let start = markdown.range(of: "```nginx\n"),
            let end = markdown.range(of: "\n```", range: start.upperBound..<markdown.endIndex)
        else { return nil }
        return String(markdown[start.upperBound..<end.lowerBound])
    }

    func start() throws {
        let process = ChildProcess(
            Self.binary,
            ["-p", directory.path, "-c", directory.appendingPathComponent("nginx.conf").path, "-g", "daemon off;"],
            output: .discarded)
        try process.start()
        self.process = process
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.signal(SIGTERM)
        _ = process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

import Foundation
import TestProcesses
import Testing

/// One binary, from anywhere: installed with `script/install` and started from `/`, the server
/// serves its pages, examples and OpenAPI document; `atelier --version` prints the version.
@Suite("Installed binary", .serialized)
struct InstallTests {
    @Test("started from / with only the installed files, it serves the pages, the examples and the OpenAPI document")
    func servesFromAnywhere() async throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atelier-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let install = try await Peers.run(
            "/bin/bash",
            [
                TestServer.packageRoot.appendingPathComponent("script/install").path, "--prefix", prefix.path,
                "--binary", TestServer.binary.path,
            ])
        #expect(install.contains("installed"))
        let port = try TestServer.freePort()
        let data = prefix.appendingPathComponent("data")
        let process = ChildProcess(
            prefix.appendingPathComponent("bin/atelier").path,
            ["serve", "--port", "\(port)", "--data-dir", data.path, "--log-level", "warning"],
            environment: ["ATELIER_ADMIN_TOKEN": "install-test-token-0123456789abcdefghij", "PATH": "/usr/bin:/bin"],
            directory: "/", output: .discarded)
        try process.start()
        defer {
            process.signal(SIGTERM)
            _ = process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        try await waitUntil("the installed server answers") { (try? await HTTP.get("\(base)/healthz").status) == 200 }
        let token = "install-test-token-0123456789abcdefghij"
        let page = try await HTTP.get("\(base)/")
        #expect(page.status == 200 && page.text.contains("<main>"))
        #expect(try await HTTP.get("\(base)/app.js").status == 200)
        let examples = try await HTTP.get("\(base)/api/v1/examples", token: token)
        #expect(examples.text.contains("cdo-sprint"))
        let document = try await HTTP.get("\(base)/api/v1/openapi.json")
        #expect(document.status == 200 && document.text.contains("\"openapi\""))
    }

    @Test("atelier --version prints the version")
    func version() async throws {
        let output = try await Peers.run(TestServer.binary.path, ["--version"])
        #expect(
            output.trimmingCharacters(in: .whitespacesAndNewlines).range(
                of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
    }
}

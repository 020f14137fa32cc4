import Foundation
import Testing

/// The web app in headless Chromium against the real server.
@Suite("Browser", .serialized)
struct BrowserTests {
    /// Where browser tests leave their screenshots (ignored by git).
    static let screenshots = TestServer.packageRoot.appendingPathComponent("test-output/screenshots")

    @Test("the facilitator console creates a session and advances the phase; a participant's page follows live")
    func consoleWalk() async throws {
        let server = try await TestServer()
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let output = try await Peers.run(
            Peers.python,
            [
                Peers.script("Browser/console_walk.py"), "--url", server.baseURL, "--facilitator-token", server.token,
                "--screenshots", Self.screenshots.path, "--timeout", "60",
            ], timeout: .seconds(240))
        let line = try #require(output.split(separator: "\n").last.map(String.init))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(report["phaseBefore"] as? String == "empathize")
        #expect(report["phaseAfter"] as? String == "define")
        #expect(report["participantSaw"] as? String == "define")
        for name in ["console.png", "participant.png"] {
            #expect(FileManager.default.fileExists(atPath: Self.screenshots.appendingPathComponent(name).path))
        }
    }

    @Test("a pitch on the stage view (warning, overtime) and a juror's Q&A and score sheet in the juror console")
    func pitchStage() async throws {
        let server = try await TestServer()
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let output = try await Peers.run(
            Peers.python,
            [
                Peers.script("Browser/pitch_stage.py"), "--url", server.baseURL, "--facilitator-token", server.token,
                "--screenshots", Self.screenshots.path,
            ], timeout: .seconds(300))
        #expect(!output.isEmpty)
        for name in ["stage-warning.png", "stage-overtime.png", "juror.png"] {
            #expect(FileManager.default.fileExists(atPath: Self.screenshots.appendingPathComponent(name).path))
        }
    }

    @Test(
        "a jury's record from keyboard-filled sheets to a French PDF; the assessment's pages on a French phone; a problem statement approved live"
    )
    func juryRecord() async throws {
        let server = try await TestServer()
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let output = try await Peers.run(
            Peers.python,
            [
                Peers.script("Browser/jury_record.py"), "--url", server.baseURL, "--facilitator-token", server.token,
                "--screenshots", Self.screenshots.path,
            ], timeout: .seconds(300))
        let line = try #require(output.split(separator: "\n").last.map(String.init))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let checks = try #require(report["checks"] as? [String: Bool])
        for name in [
            "qaShortcuts", "keyboardSheet", "serverSheet", "overridesShown", "unsignedInWords", "closed",
            "readOnlyAfterClose", "pdfSections", "pdfFrench", "published", "ownResult", "phone",
            "phone.deliberation", "phone.results", "phone.record", "problemSaved", "problemApprovedLive",
            "phone.problem", "phone.problemList",
        ] {
            #expect(checks[name] == true, "\(name): \(line)")
        }
        #expect(checks.keys.contains { $0.hasPrefix("axe.") })
        #expect(report["ok"] as? Bool == true, "\(line)")
        #expect(FileManager.default.fileExists(atPath: Self.screenshots.appendingPathComponent("jury-record.pdf").path))
    }

    @Test("the pitch views' pure rules (node --test)")
    func pitchRules() async throws {
        let output = try await Peers.run(Peers.node, ["--test", Peers.script("Browser/pitch_test.mjs")])
        #expect(output.contains("# fail 0"))
    }

    @Test("the clients' clock-offset estimator lands within half the round trip (node --test, mock clock)")
    func clockOffsetEstimator() async throws {
        let output = try await Peers.run(Peers.node, ["--test", Peers.script("Browser/clock_test.mjs")])
        #expect(output.contains("# fail 0"))
        #expect(!output.contains("# pass 0"))
    }
}

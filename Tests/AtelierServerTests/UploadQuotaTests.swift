import Foundation
import NIOHTTP1
import Testing
import YCore
import YSync

/// Uploads are bounded (issue 10): a quota per person and per session, counted so parallel
/// uploads cannot overshoot it, and images no board uses are collected after a grace period.
@Suite("Upload quotas and collection", .serialized)
struct UploadQuotaTests {
    /// A PNG of about `kib` KiB whose bytes depend on `seed` (each one a distinct image).
    static func png(kib: Int, seed: Int) -> Data {
        TestImages.png(
            filler: Data((0..<(kib << 10)).map { UInt8(truncatingIfNeeded: ($0 &+ seed) &* 2_654_435_761 >> 11) }))
    }

    @Test("a person's uploads stop at the quota, even in parallel, with a clear error; others still upload")
    func quotaPerPerson() async throws {
        let setup = try await AssetTests().setup(arguments: ["--asset-quota-person-mb", "1"])
        let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for seed in 0..<8 {
                tasks.addTask {
                    try await AssetTests().upload(
                        setup, Self.png(kib: 300, seed: seed), type: "image/png", token: setup.member
                    )
                    .status
                }
            }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 3, "\(statuses)")
        #expect(statuses.filter { $0 == 413 }.count == 5, "\(statuses)")
        let refused = try await AssetTests().upload(
            setup, Self.png(kib: 300, seed: 99), type: "image/png", token: setup.member)
        #expect(refused.text.contains("quota-exceeded"))
        // The facilitator has a quota of their own.
        #expect(
            try await AssetTests().upload(
                setup, Self.png(kib: 300, seed: 100), type: "image/png", token: setup.server.token
            ).status == 201)
        // The same image again counts once.
        #expect(
            try await AssetTests().upload(setup, Self.png(kib: 300, seed: 0), type: "image/png", token: setup.member)
                .status == 201)
    }

    @Test("an image no board uses is collected after the grace period; one on a board is kept")
    func collection() async throws {
        let setup = try await AssetTests().setup(arguments: ["--asset-grace-seconds", "0"])
        let used =
            try #require(
                try await AssetTests().upload(setup, Self.png(kib: 10, seed: 1), type: "image/png", token: setup.member)
                    .json() as? [String: Any])["hash"] as? String
        let unused =
            try #require(
                try await AssetTests().upload(setup, Self.png(kib: 10, seed: 2), type: "image/png", token: setup.member)
                    .json() as? [String: Any])["hash"] as? String
        // The first one goes on the board, as the browser places an image.
        let socket = try await TestSocket("\(setup.server.wsURL)/sync/\(setup.board)?token=\(setup.member)")
        try await socket.send(
            .update(
                YjsUpdates.make(clientID: 31) { doc in
                    doc.getMap("items").set("img", .map([("type", "image"), ("asset", .value(.string(used ?? "")))]))
                }))
        try await waitUntil("the image is on the board") {
            let export = try await API(server: setup.server).get("/api/v1/boards/\(setup.board)/export.json")
            return (export["items"] as? [String: Any])?["img"] != nil
        }
        await socket.close()
        let result = try await API(server: setup.server).post("/api/v1/assets/collect")
        #expect(result["removed"] as? Int == 1, "\(result)")
        #expect(try await HTTP.get("\(setup.server.baseURL)/assets/\(used ?? "")", token: setup.member).status == 200)
        #expect(try await HTTP.get("\(setup.server.baseURL)/assets/\(unused ?? "")", token: setup.member).status == 404)
        // Only the facilitator collects.
        let denied = try await HTTP.send(
            "\(setup.server.baseURL)/api/v1/assets/collect", method: .POST, token: setup.member)
        #expect(denied.status == 403)
    }
}

import Foundation
import GRDB
import NIOHTTP1
import Testing

/// No number from any role or any definition can take the server down (issue 10): every
/// numeric field of the API and of a definition, fed extreme values, answers 4xx (or is
/// accepted and harmless), and a session stored before the limits that breaks them loads safe.
@Suite("Extreme numbers", .serialized)
struct NumericInputTests {
    /// JSON number literals at and beyond every boundary a field could trip on.
    static let extremes = [
        "1e300", "-1e300", "9.3e18", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "1e16", "144115188075855872", "1e-300", "-1", "0", "0.5", "2.5", "1e999",
        "123456789012345678901234567890",
    ]

    @Test("every numeric field of the API, at extreme values, answers 4xx and the server stays up")
    func apiFields() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        let invites = created["invites"] as? [[String: Any]] ?? []
        let juror = try #require(invites.first { $0["role"] as? String == "juror" }?["token"] as? String)
        let presenter = try #require(
            invites.first { $0["group"] as? String == "g1" && $0["role"] as? String == "participant" }?["token"]
                as? String)
        let base = "/api/v1/sessions/\(id)/groups/g1"
        let entry = try await api.post("\(base)/qa", ["kind": "question", "text": "Why?"], token: juror, expect: 201)
        let entryID = try #require(entry["id"] as? String)
        _ = try await api.post(
            "/api/v1/sessions/\(id)/phase", ["action": "goto", "phase": "pitch", "override": true, "reason": "t"])
        _ = try await api.post("\(base)/pitch/start", token: juror)
        for literal in Self.extremes {
            let probes: [(HTTPMethod, String, String, String)] = [
                (.PATCH, "\(base)/qa/\(entryID)", #"{"answeredAt": \#(literal)}"#, juror),
                (.POST, "\(base)/pitch/slide", #"{"slide": \#(literal)}"#, presenter),
                (.PUT, "\(base)/scores", #"{"scores": {"a14-problem": {"score": \#(literal)}}}"#, juror),
                (.POST, "/api/v1/sessions/\(id)/phase", #"{"action": "goto", "phase": \#(literal)}"#, server.token),
                (
                    .POST, "/api/v1/sessions/\(id)/timers", #"{"label": "Crazy 8", "seconds": \#(literal)}"#,
                    server.token
                ),
            ]
            for (method, path, body, token) in probes {
                let reply = try await HTTP.send(
                    server.baseURL + path, method: method, token: token, body: Data(body.utf8))
                #expect(reply.status < 500, "\(method) \(path) \(body) → \(reply.status): \(reply.text)")
                if literal == "1e300" || literal == "9.3e18" || literal == "-1e300" {
                    #expect(reply.status >= 400, "\(method) \(path) \(body) accepted")
                }
                // A number the field cannot hold is refused naming the field.
                if literal == "1e300" || literal == "0.5",
                    let field = ["answeredAt", "slide", "seconds"].first(where: { body.contains($0) })
                {
                    #expect(reply.text.contains(#"field \"\#(field)\""#), "\(body) → \(reply.text)")
                }
            }
            #expect(try await HTTP.get("\(server.baseURL)/healthz").status == 200, "after \(literal)")
        }
        #expect(server.isRunning)
    }

    @Test("a text longer than 10,000 characters in any request is refused naming the field, and nothing is stored")
    func longTexts() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        let invites = created["invites"] as? [[String: Any]] ?? []
        let juror = try #require(invites.first { $0["role"] as? String == "juror" }?["token"] as? String)
        let long = String(repeating: "é", count: 10_001)
        let probes: [(String, [String: Any], String, String)] = [
            (
                "/api/v1/sessions/\(id)/phase",
                ["action": "goto", "phase": "define", "override": true, "reason": long],
                server.token, "reason"
            ),
            ("/api/v1/sessions/\(id)/groups/g1/conflict", ["reason": long], juror, "reason"),
            (
                "/api/v1/sessions/\(id)/groups/g2/pitch/extra-time", ["seconds": 60, "reason": long], server.token,
                "reason"
            ),
        ]
        for (path, body, token, field) in probes {
            let reply = try await HTTP.send(
                server.baseURL + path, method: .POST, token: token,
                body: try JSONSerialization.data(withJSONObject: body))
            #expect(reply.status == 422 && reply.text.contains(#"field \"\#(field)\""#), "\(path) → \(reply.status)")
        }
        // Nor a control or text-direction character (the record would show the text turned around).
        for bad in ["Motif\u{0}", "\u{202E}fitoM", "Mo\u{1B}[31mtif"] {
            let reply = try await HTTP.send(
                server.baseURL + "/api/v1/sessions/\(id)/groups/g1/conflict", method: .POST, token: juror,
                body: try JSONSerialization.data(withJSONObject: ["reason": bad]))
            #expect(reply.status == 422 && reply.text.contains(#"field \"reason\""#), "\(reply.text)")
        }
        let audit = try await api.get("/api/v1/sessions/\(id)/audit")
        #expect(
            !(audit["entries"] as? [[String: Any]] ?? []).contains { ($0["reason"] as? String)?.count ?? 0 > 10_000 })
    }

    @Test("a body with a name given twice or a trailing comma is refused as bad JSON, and nothing is stored")
    func ambiguousBodies() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        let invites = created["invites"] as? [[String: Any]] ?? []
        let juror = try #require(invites.first { $0["role"] as? String == "juror" }?["token"] as? String)
        let path = "\(server.baseURL)/api/v1/sessions/\(id)/groups/g1/scores"
        for body in [
            #"{"scores": {"a14-problem": {"score": 1}, "a14-problem": {"score": 4}}}"#,
            #"{"scores": {"a14-problem": {"score": 1}}, "scores": {"a14-problem": {"score": "x"}}}"#,
            #"{"scores": {"a14-problem": {"score": 1,},},}"#,
        ] {
            let reply = try await HTTP.send(path, method: .PUT, token: juror, body: Data(body.utf8))
            #expect(reply.status == 400 && reply.text.contains("bad_json"), "\(body) → \(reply.status) \(reply.text)")
        }
        // Not JSON at all: the answer says where.
        let outOfRange = try await HTTP.send(
            path, method: .PUT, token: juror, body: Data(#"{"scores": {"a14-problem": {"score": 1e400}}}"#.utf8))
        #expect(outOfRange.status == 400 && outOfRange.text.contains("bad number at byte"), "\(outOfRange.text)")
        let sheet = try await HTTP.get(path, token: juror)
        #expect(!sheet.text.contains("a14-problem"), "\(sheet.text)")
        let valid = try await HTTP.send(
            path, method: .PUT, token: juror, body: Data(#"{"scores": {"a14-problem": {"score": 4}}}"#.utf8))
        #expect(valid.status == 200, "\(valid.text)")
    }

    @Test("definitions with extreme numbers are refused naming the field, or accepted and harmless (seeded)")
    func definitionFields() async throws {
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        print("NumericInputTests.definitionFields seed=\(seed)")
        var random = SplitMix64(seed: seed)
        let server = try await TestServer()
        let paths: [[String]] = [
            ["phases", "0", "timeBoxMinutes"], ["phases", "6", "timeBoxMinutes"], ["phaseWarningsSeconds", "0"],
            ["pitch", "limitSeconds"], ["pitch", "qaLimitSeconds"], ["pitch", "warningsSeconds", "0"], ["slideLimit"],
            ["scale", "min"], ["scale", "max"], ["scale", "step"], ["rubric", "0", "weight"], ["phases", "0", "day"],
        ]
        // The findings of the pentest, one by one: each is refused naming its field.
        let findings: [([String], String, String)] = [
            (["phases", "0", "timeBoxMinutes"], "144115188075855872", "phases[0].timeBoxMinutes"),
            (["phaseWarningsSeconds", "0"], "9223372036854775806", "phaseWarningsSeconds[0]"),
            (["pitch", "limitSeconds"], "10000000000000000", "pitch.limitSeconds"),
        ]
        for (path, literal, field) in findings {
            let definition = try Self.set(try API.exampleDefinition(), path, to: literal)
            let reply = try await HTTP.send(
                "\(server.baseURL)/api/v1/sessions", method: .POST, token: server.token,
                body: try Self.encode(definition))
            #expect(
                reply.status == 422 && reply.text.contains(field), "\(field)=\(literal): \(reply.status) \(reply.text)")
        }
        var accepted: [String] = []
        for round in 0..<40 {
            var definition = try API.exampleDefinition()
            var touched: [String] = []
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let path = paths[Int(random.next() % UInt64(paths.count))]
                let literal = Self.extremes[Int(random.next() % UInt64(Self.extremes.count))]
                definition = try Self.set(definition, path, to: literal)
                touched.append("\(path.joined(separator: "."))=\(literal)")
            }
            let reply = try await HTTP.send(
                "\(server.baseURL)/api/v1/sessions", method: .POST, token: server.token,
                body: try Self.encode(definition))
            #expect(
                reply.status == 201 || reply.status == 422 || reply.status == 400,
                "round \(round) \(touched): \(reply.status)")
            if reply.status == 201, let id = (try reply.json() as? [String: Any])?["id"] as? String {
                accepted.append(id)
                #expect(
                    try await HTTP.get("\(server.baseURL)/api/v1/sessions/\(id)/groups/g1/pitch", token: server.token)
                        .status == 200)
            } else if reply.status == 422 {
                #expect(reply.text.contains("invalid_definition"), "round \(round): \(reply.text)")
            }
        }
        // A few rounds of the sessions' clock over what was accepted.
        try await Self.waitForClockRounds(2, of: server)
        #expect(try await HTTP.get("\(server.baseURL)/healthz").status == 200)
        #expect(server.isRunning, "seed \(seed)")
        await server.stop()
        try await server.start()
        #expect(try await HTTP.get("\(server.baseURL)/healthz").status == 200, "seed \(seed): restart")
    }

    @Test("a session stored before the limits with values that break them loads safely, with a warning")
    func storedSessionBreakingLimits() async throws {
        let server = try await TestServer()
        let created = try await API(server: server).post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let id = try #require(created["id"] as? String)
        await server.stop()
        let database = try DatabaseQueue(path: server.dataDirectory.appendingPathComponent("atelier.sqlite").path)
        try await database.write { db in
            let definition = try String.fetchOne(
                db, sql: "SELECT definition FROM session WHERE id = ?", arguments: [id])
            var object =
                try JSONSerialization.jsonObject(with: Data((definition ?? "{}").utf8)) as? [String: Any] ?? [:]
            var phases = object["phases"] as? [[String: Any]] ?? []
            phases[0]["timeBoxMinutes"] = 1 << 57
            object["phases"] = phases
            object["phaseWarningsSeconds"] = [Int.max]
            object["pitch"] = ["limitSeconds": 10_000_000_000_000_000, "qaLimitSeconds": 600, "warningsSeconds": [60]]
            let broken = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            try db.execute(sql: "UPDATE session SET definition = ? WHERE id = ?", arguments: [broken, id])
        }
        try await server.start()
        let api = API(server: server)
        _ = try await api.get("/api/v1/sessions/\(id)")
        _ = try await api.get("/api/v1/sessions/\(id)/groups/g1/pitch")
        try await Self.waitForClockRounds(2, of: server)
        #expect(try await HTTP.get("\(server.baseURL)/healthz").status == 200)
        #expect(server.log.contains("breaks today's limits"))
    }

    /// Waits until the server's clock has run `count` more rounds over its sessions
    /// (`atelier_timer_rounds_total`), each round checking every session's deadlines.
    static func waitForClockRounds(_ count: Double, of server: TestServer) async throws {
        func rounds() async throws -> Double {
            let text = try await HTTP.get("\(server.baseURL)/metrics").text
            let line = text.split(separator: "\n").first { $0.hasPrefix("atelier_timer_rounds_total ") }
            return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        }
        let start = try await rounds()
        try await waitUntil("the clock runs \(Int(count)) more rounds") { try await rounds() >= start + count }
    }

    /// Sets a value in nested JSON by path (object keys, array indexes) to a raw number literal.
    static func set(_ object: [String: Any], _ path: [String], to literal: String) throws -> [String: Any] {
        func assign(_ value: Any, _ path: ArraySlice<String>) -> Any {
            guard let key = path.first else { return RawNumber(literal: literal) }
            if var array = value as? [Any], let index = Int(key) {
                while array.count <= index { array.append(0) }
                array[index] = assign(array[index], path.dropFirst())
                return array
            }
            var dictionary = value as? [String: Any] ?? [:]
            dictionary[key] = assign(dictionary[key] ?? [String: Any](), path.dropFirst())
            return dictionary
        }
        return assign(object, path[...]) as? [String: Any] ?? object
    }

    /// JSON with raw number literals spliced in where ``RawNumber`` stands.
    static func encode(_ object: [String: Any]) throws -> Data {
        var literals: [String] = []
        func replace(_ value: Any) -> Any {
            if let raw = value as? RawNumber {
                literals.append(raw.literal)
                return "@@raw\(literals.count - 1)@@"
            }
            if let array = value as? [Any] { return array.map(replace) }
            if let dictionary = value as? [String: Any] { return dictionary.mapValues(replace) }
            return value
        }
        var text = String(decoding: try JSONSerialization.data(withJSONObject: replace(object)), as: UTF8.self)
        for (index, literal) in literals.enumerated() {
            text = text.replacingOccurrences(of: "\"@@raw\(index)@@\"", with: literal)
        }
        return Data(text.utf8)
    }
}

/// A number written as its literal.
struct RawNumber {
    let literal: String
}

/// A small seeded generator (SplitMix64), so a failing run replays from its printed seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

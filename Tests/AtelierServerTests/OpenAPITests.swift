import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AtelierServer

/// `/api/v1/openapi.json` stays true to the routes: it is served by the real server as
/// `docs/openapi.json` holds it, and it documents exactly the routes of the role × route matrix
/// (``RouteTable``), with every status the matrix and the bad-input probes expect.
@Suite("OpenAPI document", .serialized)
struct OpenAPITests {
    /// The document as the running server serves it (no token needed).
    private func served() async throws -> (reply: HTTP.Reply, document: [String: Any]) {
        let server = try await TestServer()
        let reply = try await HTTP.get(server.baseURL + "/api/v1/openapi.json")
        try #require(reply.status == 200, "GET /api/v1/openapi.json → \(reply.status): \(reply.text)")
        let document = try #require(try reply.json() as? [String: Any], "the document is not a JSON object")
        return (reply, document)
    }

    @Test("the server serves docs/openapi.json as JSON, an OpenAPI 3.1 document")
    func servesTheDocument() async throws {
        let (reply, document) = try await served()
        #expect(reply.header("content-type")?.hasPrefix("application/json") == true)
        let file = try Data(contentsOf: TestServer.packageRoot.appendingPathComponent("docs/openapi.json"))
        #expect(reply.body == file, "the served document differs from docs/openapi.json")
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let components = try #require(document["components"] as? [String: Any])
        let schemes = components["securitySchemes"] as? [String: Any]
        #expect((schemes?["bearer"] as? [String: Any])?["scheme"] as? String == "bearer")
        // The error envelope: {"error": {"code", "message"}}, both required.
        let error = try #require((components["schemas"] as? [String: Any])?["Error"] as? [String: Any])
        #expect(error["required"] as? [String] == ["error"])
        let detail = try #require((error["properties"] as? [String: Any])?["error"] as? [String: Any])
        #expect(Set(detail["required"] as? [String] ?? []) == ["code", "message"])
    }

    @Test("the controller serves the file it was given, and refuses a missing or broken one at start")
    func controllerThroughTheRouter() async throws {
        let url = TestServer.packageRoot.appendingPathComponent("docs/openapi.json")
        let file = try Data(contentsOf: url)
        let router = Router()
        try OpenAPIController(contentsOf: url).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(Data(response.body.readableBytesView) == file)
            }
        }
        #expect(throws: OpenAPIDocumentError.self) {
            try OpenAPIController(contentsOf: url.deletingLastPathComponent().appendingPathComponent("missing.json"))
        }
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString).json")
        try Data("[1, 2".utf8).write(to: broken)
        defer { try? FileManager.default.removeItem(at: broken) }
        #expect(throws: OpenAPIDocumentError.self) { try OpenAPIController(contentsOf: broken) }
    }

    @Test("every route of the matrix is documented, and every documented route is in the matrix")
    func routesMatchTheMatrix() async throws {
        let (_, document) = try await served()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        let documented = Set(
            paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
        let tested = Set(RouteTable.routes.map { "\($0.method) \($0.path)" })
        #expect(
            tested.subtracting(documented).isEmpty,
            "in the matrix, not in the document: \(tested.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(tested).isEmpty,
            "in the document, not in the matrix: \(documented.subtracting(tested).sorted())")
    }

    @Test("each route documents the statuses the matrix expects, and its security")
    func statusesAndSecurity() async throws {
        let (_, document) = try await served()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let globalSecurity = document["security"] as? [[String: Any]] ?? []
        for row in RouteTable.routes {
            guard let operation = paths[row.path]?[row.method.lowercased()] as? [String: Any] else { continue }
            let responses = operation["responses"] as? [String: Any] ?? [:]
            let expected = Set(row.expected.map { row.kind == .webSocket ? 101 : $0 })
            for status in expected {
                #expect(responses["\(status)"] != nil, "\(row.method) \(row.path) does not document \(status)")
            }
            // A route open without a token says `security: []`; the others need the bearer token,
            // except WebSockets, which take it as a required `token` query parameter.
            let security = operation["security"] as? [[String: Any]] ?? globalSecurity
            let open = row.expected[MatrixRole.allCases.firstIndex(of: .noToken)!] < 400
            let parameters = operation["parameters"] as? [[String: Any]] ?? []
            let tokenInQuery = parameters.contains {
                $0["name"] as? String == "token" && $0["in"] as? String == "query" && $0["required"] as? Bool == true
            }
            switch (row.kind, open) {
            case (.http, true), (.webSocket, true):
                #expect(security.isEmpty, "\(row.method) \(row.path) is open: its security must be []")
            case (.http, false):
                #expect(
                    security.contains { $0["bearer"] != nil }, "\(row.method) \(row.path) needs the bearer token")
            case (.webSocket, false):
                #expect(
                    security.isEmpty && tokenInQuery, "\(row.method) \(row.path) takes a required ?token= instead")
            }
            for parameter in Self.placeholders(row.path) {
                let names = parameters.compactMap { $0["name"] as? String }
                #expect(names.contains(parameter), "\(row.method) \(row.path) does not describe {\(parameter)}")
            }
        }
        // The bad-input probes' errors are documented on their routes (405 is documented once,
        // in components.responses.MethodNotAllowed, for every route).
        let responses = (document["components"] as? [String: Any])?["responses"] as? [String: Any]
        #expect(responses?["MethodNotAllowed"] != nil)
        for probe in RouteTable.badInput where probe.kind == .http && probe.status >= 400 && probe.status != 405 {
            guard
                let row = RouteTable.routes.first(where: {
                    $0.method == probe.method && Self.matches($0.path, probe.path)
                }),
                let operation = paths[row.path]?[row.method.lowercased()] as? [String: Any]
            else { continue }
            let documented = operation["responses"] as? [String: Any] ?? [:]
            #expect(
                documented["\(probe.status)"] != nil,
                "\(probe.what): \(row.method) \(row.path) does not document \(probe.status)")
        }
    }

    /// The `{names}` of a path template.
    static func placeholders(_ template: String) -> [String] {
        template.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map {
            String($0.dropFirst().dropLast())
        }
    }

    /// Whether a probe's path (with fixture placeholders or literal ids) fits a route template.
    static func matches(_ template: String, _ path: String) -> Bool {
        let a = template.split(separator: "/", omittingEmptySubsequences: false)
        let b = (path.split(separator: "?").first ?? "").split(separator: "/", omittingEmptySubsequences: false)
        guard a.count == b.count, !template.hasPrefix("/{") else { return false }
        return zip(a, b).allSatisfy { $0 == $1 || $0.hasPrefix("{") }
    }
}

/// The request bodies the document describes are the ones the server reads: for every JSON body
/// with a closed list of fields, the server is sent an unknown field, and the list its 422
/// `unknown_field` names must be the document's, field for field.
@Suite("OpenAPI request bodies")
struct OpenAPIRequestBodyTests {
    /// Operations whose body the server does not read as a closed list of fields (the session
    /// definition is validated as a whole), or that no role's request reaches the body of.
    static let notProbed: Set<String> = ["POST /api/v1/sessions"]

    @Test("each documented body lists exactly the fields the server accepts")
    func fieldsMatchTheServer() async throws {
        let server = try await TestServer()
        let api = API(server: server)
        let created = try await api.post("/api/v1/sessions", try API.exampleDefinition(), expect: 201)
        let session = try #require(created["id"] as? String)
        let invites = created["invites"] as? [[String: Any]] ?? []
        let group = try #require((created["groups"] as? [[String: Any]])?.first { $0["id"] as? String == "g1" })
        func token(_ role: String) -> String {
            invites.first { $0["role"] as? String == role }?["token"] as? String ?? ""
        }
        // An ideas board: the vote routes refuse other kinds (409) before they read the body.
        let board = try #require(
            (group["boards"] as? [[String: Any]])?.first { $0["kind"] as? String == "ideas" }?["id"] as? String)
        let checkpoint = try await api.post(
            "/api/v1/boards/\(board)/checkpoints", ["label": "probe"], expect: 201)
        let values: [String: String] = [
            "id": session, "sessionId": session, "gid": "g1", "groupId": "g1", "boardId": board,
            "cid": (group["candidates"] as? [[String: Any]])?.first?["id"] as? String ?? "",
            "inviteId": invites.first?["id"] as? String ?? "", "entryId": "e1", "qid": "1",
            "cpId": try #require(checkpoint["id"] as? String),
        ]
        let document =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: TestServer.packageRoot.appendingPathComponent("docs/openapi.json")))
            as? [String: Any] ?? [:]
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var probed: Set<String> = []
        var unprobed: Set<String> = []
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in item {
                guard let operation = operation as? [String: Any],
                    let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any],
                    var schema = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any]
                else { continue }
                if let reference = schema["$ref"] as? String {
                    schema = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any] ?? [:]
                }
                guard schema["additionalProperties"] as? Bool == false else { continue }
                let name = "\(method.uppercased()) \(path)"
                let documented = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
                var url = server.baseURL + path
                for (key, value) in values { url = url.replacingOccurrences(of: "{\(key)}", with: value) }
                var allowed: Set<String>?
                var answers: [String] = []
                for caller in [server.token, token("juror"), token("participant")] where allowed == nil {
                    let reply = try await HTTP.send(
                        url, method: .init(rawValue: method.uppercased()), token: caller,
                        body: Data(#"{"zzNotAField": 1}"#.utf8))
                    answers.append("\(reply.status)")
                    let error = (try? reply.json() as? [String: Any])?["error"] as? [String: Any]
                    guard reply.status == 422, error?["code"] as? String == "unknown_field",
                        let message = error?["message"] as? String,
                        let list = message.range(of: "allowed: ").map({ message[$0.upperBound...] })
                    else { continue }
                    allowed = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                }
                guard let allowed else {
                    unprobed.insert(name)
                    #expect(Self.notProbed.contains(name), "\(name): no unknown_field answer (\(answers))")
                    continue
                }
                probed.insert(name)
                #expect(
                    documented == allowed,
                    """
                    \(name): documented only \(documented.subtracting(allowed).sorted()), \
                    accepted but undocumented \(allowed.subtracting(documented).sorted())
                    """)
            }
        }
        #expect(unprobed == Self.notProbed, "probed: \(probed.count)")
        #expect(probed.count >= 25, "only \(probed.count) bodies probed")
    }
}

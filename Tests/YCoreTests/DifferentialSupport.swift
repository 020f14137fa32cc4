// Support for the differential tests: finding Node/Yjs and pycrdt, running the generator and
// checker scripts of Tests/Interop/ycore, and reading their JSON-lines output.
//
// The scripts describe their file formats in their header comments. Everything here compares
// JSON by value: objects are order-insensitive, numbers compare as doubles (pycrdt returns
// every number as a float; Yjs prints integers without a fraction).

import Foundation
import TestProcesses
import Testing

// MARK: - Configuration

/// Settings read from the environment, shared by every differential test of one process.
enum DiffConfig {
    /// `YCORE_DIFF_SEED`, or a random seed (printed, so a failure can be replayed).
    static let seed: UInt32 = {
        if let s = ProcessInfo.processInfo.environment["YCORE_DIFF_SEED"], let v = UInt32(s) { return v }
        return UInt32.random(in: 0...UInt32.max)
    }()

    /// Scenarios per generator (`YCORE_DIFF_COUNT`, default 1,000: 2,000 in all).
    static let count: Int = env("YCORE_DIFF_COUNT").flatMap(Int.init) ?? 1000

    /// Fuzz cases (`YCORE_FUZZ_COUNT`, default 2,000).
    static let fuzzCount: Int = env("YCORE_FUZZ_COUNT").flatMap(Int.init) ?? 2000

    /// `YCORE_DIFF_ONLY=K` runs scenario (or fuzz case) K of the seed only.
    static let only: Int? = env("YCORE_DIFF_ONLY").flatMap(Int.init)

    /// `YCORE_DIFF_KEEP=1` keeps the scenario and state files (their folder is printed).
    static let keep: Bool = env("YCORE_DIFF_KEEP") == "1"

    /// `ATELIER_SKIP_INTEROP=1` turns these tests off (they fail without Node or pycrdt otherwise).
    static let skipInterop: Bool = env("ATELIER_SKIP_INTEROP") == "1"

    /// YCore's encoded full state must equal Yjs's byte for byte (`YCORE_DIFF_BYTES=0` only
    /// counts the differences).
    static let strictBytes: Bool = env("YCORE_DIFF_BYTES") != "0"

    /// Prints the seed once per process (evaluated lazily by the first test that runs).
    static let announce: Void = {
        print("seed=\(seed)  (replay: \(replay()))")
    }()

    static func env(_ name: String) -> String? {
        let v = ProcessInfo.processInfo.environment[name]
        return (v?.isEmpty ?? true) ? nil : v
    }

    /// The command line that replays a failure.
    static func replay(_ index: Int? = nil, filter: String = "Differential") -> String {
        var s = "YCORE_DIFF_SEED=\(seed)"
        if let index { s += " YCORE_DIFF_ONLY=\(index)" }
        return s + " swift test --filter \(filter)"
    }
}

// MARK: - Locating the tools

/// Paths of the interop scripts and of the programs that run them.
struct InteropTools {
    let scripts: URL
    let repo: URL

    init(file: String = #filePath) {
        // Resolve symlinks: the test target may be compiled through a linked folder.
        let here = URL(fileURLWithPath: file).resolvingSymlinksInPath()
        repo = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        scripts = repo.appendingPathComponent("Tests/Interop/ycore")
    }

    /// `/usr/bin/node`, else `node` on PATH.
    var node: String? {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/node") { return "/usr/bin/node" }
        return Self.which("node")
    }

    /// `ATELIER_PYTHON`, else the repository's `.venv/bin/python`, else `python3` on PATH.
    var python: String? {
        if let p = DiffConfig.env("ATELIER_PYTHON") { return p }
        let venv = repo.appendingPathComponent(".venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return Self.which("python3")
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Node with Debian's Yjs, or a message saying what is missing.
    func requireNode() throws -> String {
        guard let node else {
            throw InteropMissing(
                "node not found (looked at /usr/bin/node and PATH). Install it with "
                    + "`apt-get install -y nodejs node-yjs node-lib0`, or set ATELIER_SKIP_INTEROP=1 to skip.")
        }
        let r = try run(node, ["-e", "require('yjs')"], timeout: 60)
        guard r.status == 0 else {
            throw InteropMissing(
                "Yjs is not loadable by \(node) with NODE_PATH=/usr/share/nodejs: \(r.stderr.prefix(400)). "
                    + "Install it with `apt-get install -y node-yjs node-lib0`, or set ATELIER_SKIP_INTEROP=1 to skip.")
        }
        return node
    }

    /// A Python that can import pycrdt, or a message saying what is missing.
    func requirePython() throws -> String {
        guard let python else {
            throw InteropMissing(
                "no Python found for pycrdt (ATELIER_PYTHON, \(repo.path)/.venv/bin/python, python3). "
                    + "Create the venv with `python3 -m venv .venv && .venv/bin/pip install pycrdt`, or set ATELIER_SKIP_INTEROP=1 to skip."
            )
        }
        let r = try run(python, ["-c", "import pycrdt"], timeout: 60)
        guard r.status == 0 else {
            throw InteropMissing(
                "\(python) cannot import pycrdt: \(r.stderr.prefix(400)). "
                    + "Install it with `\(python) -m pip install pycrdt` (or point ATELIER_PYTHON at a Python that has it), "
                    + "or set ATELIER_SKIP_INTEROP=1 to skip.")
        }
        return python
    }

    /// Runs a program with NODE_PATH set for Debian's Node packages; output goes through files
    /// (no pipe can fill up), and the program is killed after `timeout` seconds.
    func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> ProcessResult {
        let tmp = FileManager.default.temporaryDirectory
            .appendingPathComponent("ycore-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let outURL = tmp.appendingPathComponent("stdout")
        let errURL = tmp.appendingPathComponent("stderr")
        var env = ProcessInfo.processInfo.environment
        env["NODE_PATH"] = ["/usr/share/nodejs", env["NODE_PATH"]].compactMap { $0 }.joined(separator: ":")
        let p = ChildProcess(
            executable, arguments, environment: env, directory: scripts.path,
            output: .init(standardOutput: outURL.path, standardError: .file(errURL.path)))
        try p.start()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning {
            if Date() > deadline {
                p.signal(SIGTERM)
                _ = p.waitUntilExit()
                throw InteropMissing(
                    "\(executable) \(arguments.joined(separator: " ")) timed out after \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        return ProcessResult(
            status: p.status,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// A required interop tool is missing or failed.
struct InteropMissing: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - JSON values

/// JSON data compared by value, the way JavaScript compares it: strings and object keys by
/// their code units (Swift's `String ==` would make "é" and "e\u{301}" equal), objects ignore
/// key order, numbers compare as doubles.
///
/// Parsed by the small parser below rather than `JSONDecoder`, which keys objects by Swift
/// `String` and so merges keys that are canonically equivalent.
enum DJSON: Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([DJSON])
    case object([(String, DJSON)])

    static func == (a: DJSON, b: DJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            let ym = Dictionary(y.map { (Array($0.0.utf8), $0.1) }, uniquingKeysWith: { a, _ in a })
            for (k, v) in x {
                guard let w = ym[Array(k.utf8)], w == v else { return false }
            }
            return true
        default: return false
        }
    }

    /// The member `key` of an object (compared by UTF-8 bytes).
    subscript(key: String) -> DJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0.utf8.elementsEqual(key.utf8) }?.1
    }

    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    var doubleValue: Double? { if case .number(let d) = self { return d } else { return nil } }
    var intValue: Int? { doubleValue.map { Int($0) } }
    var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    var arrayValue: [DJSON]? { if case .array(let a) = self { return a } else { return nil } }
    var objectValue: [(String, DJSON)]? { if case .object(let o) = self { return o } else { return nil } }

    /// `{client: clock}` as written by the generators.
    var stateVector: [String: Int]? {
        guard let o = objectValue else { return nil }
        var out: [String: Int] = [:]
        for (k, v) in o {
            guard let n = v.intValue else { return nil }
            out[k] = n
        }
        return out
    }

    /// Parses JSON text.
    static func parse(_ text: String) throws -> DJSON { try parse(Array(text.utf8)) }

    static func parse(_ bytes: [UInt8]) throws -> DJSON {
        var p = DJSONParser(bytes: bytes)
        let v = try p.value()
        p.skipSpace()
        guard p.pos == bytes.count else { throw p.error("trailing characters") }
        return v
    }

    /// Canonical JSON text (keys sorted by code point), for messages.
    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d):
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .string(let s): return Self.quote(s)
        case .array(let a): return "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o):
            return "{"
                + o.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) }
                .map { Self.quote($0.0) + ":" + $0.1.description }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if c.value < 0x20 || (c.properties.generalCategory == .nonspacingMark) {
                    out += String(format: "\\u%04x", c.value)  // make combining marks visible
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// Where two values first differ, as a path and both sides (short, for messages).
    static func firstDifference(_ a: DJSON, _ b: DJSON, path: String = "$") -> String? {
        if a == b { return nil }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            let xm = Dictionary(x.map { (Array($0.0.utf8), $0) }, uniquingKeysWith: { a, _ in a })
            let ym = Dictionary(y.map { (Array($0.0.utf8), $0) }, uniquingKeysWith: { a, _ in a })
            for k in Set(xm.keys).union(ym.keys).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let name = Self.quote(String(decoding: k, as: UTF8.self))
                guard let xv = xm[k]?.1 else {
                    return "\(path)[\(name)]: missing on the left, right has \(ym[k]!.1.short)"
                }
                guard let yv = ym[k]?.1 else { return "\(path)[\(name)]: left has \(xv.short), missing on the right" }
                if let d = firstDifference(xv, yv, path: "\(path)[\(name)]") { return d }
            }
        case (.array(let x), .array(let y)):
            for i in 0..<min(x.count, y.count) {
                if let d = firstDifference(x[i], y[i], path: "\(path)[\(i)]") { return d }
            }
            return "\(path): \(x.count) elements vs \(y.count)"
        default: break
        }
        return "\(path): \(a.short) vs \(b.short)"
    }

    var short: String {
        let s = description
        return s.count > 300 ? String(s.prefix(300)) + "…" : s
    }
}

/// A strict JSON parser over UTF-8 bytes. Lone surrogates in `\u` escapes become U+FFFD.
struct DJSONParser {
    let bytes: [UInt8]
    var pos = 0

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    func error(_ what: String) -> ParseError { ParseError(description: "JSON: \(what) at byte \(pos)") }

    mutating func skipSpace() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0a || bytes[pos] == 0x0d || bytes[pos] == 0x09 {
            pos += 1
        }
    }

    mutating func value() throws -> DJSON {
        skipSpace()
        guard pos < bytes.count else { throw error("unexpected end") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var pairs: [(String, DJSON)] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                return .object(pairs)
            }
            while true {
                skipSpace()
                let k = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                pairs.append((k, try value()))
                skipSpace()
                guard pos < bytes.count else { throw error("unexpected end in object") }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return .object(pairs)
            }
        case UInt8(ascii: "["):
            pos += 1
            var items: [DJSON] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                return .array(items)
            }
            while true {
                items.append(try value())
                skipSpace()
                guard pos < bytes.count else { throw error("unexpected end in array") }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            let start = pos
            while pos < bytes.count, "+-0123456789.eE".utf8.contains(bytes[pos]) { pos += 1 }
            guard pos > start, let d = Double(String(decoding: bytes[start..<pos], as: UTF8.self)) else {
                throw error("bad value")
            }
            return .number(d)
        }
    }

    mutating func expect(_ b: UInt8) throws {
        guard pos < bytes.count, bytes[pos] == b else { throw error("expected '\(Character(Unicode.Scalar(b)))'") }
        pos += 1
    }

    mutating func literal(_ s: String) throws {
        for b in s.utf8 { try expect(b) }
    }

    mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[pos..<pos + 4], as: UTF8.self), radix: 16)
        else {
            throw error("bad \\u escape")
        }
        pos += 4
        return v
    }

    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error("unterminated string") }
            let b = bytes[pos]
            pos += 1
            if b == UInt8(ascii: "\"") { break }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                continue
            }
            guard pos < bytes.count else { throw error("unterminated escape") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), pos + 6 <= bytes.count,
                    bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                {
                    let save = pos
                    pos += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        pos = save
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Generator output

/// One scenario of gen_yjs.cjs / gen_pycrdt.py.
struct DiffScenario {
    struct Mid {
        let at: Int
        let json: DJSON
        let sv: [String: Int]
    }

    let gen: String
    let seed: String
    let index: Int
    let peers: Int
    let dropped: Int
    let gc: Bool
    /// Whether the receiver types its roots (getText…) before applying; Yjs cleans up text
    /// formatting after remote transactions only on typed roots.
    let typedRoots: Bool
    let rootKinds: [String: String]
    let schedule: [String]
    let mid: Mid?
    var json: DJSON
    var sv: [String: Int]
    let view: DJSON
    /// The reference's encoded state: Yjs's own `encodeStateAsUpdate` after the schedule (for
    /// pycrdt scenarios, filled in from check_yjs.cjs --annotate).
    var state: String
    /// Whether `state` is Yjs's (false for a pycrdt scenario Yjs itself fails on).
    var stateIsYjs: Bool
    let fullSv: [String: Int]?
    /// Yjs's update-level functions on the schedule (for pycrdt scenarios, from --annotate).
    var fns: UpdateFunctions?
    /// The peers' edits and syncs (gen_yjs.cjs only; see DifferentialLocalReplay.swift).
    let local: DJSON?

    var label: String { "\(gen) seed=\(seed) index=\(index)" }

    init(_ j: DJSON) throws {
        func need<T>(_ v: T?, _ name: String) throws -> T {
            guard let v else { throw DJSONParser.ParseError(description: "scenario: missing or bad \(name)") }
            return v
        }
        gen = try need(j["gen"]?.stringValue, "gen")
        seed = try need(j["seed"]?.stringValue, "seed")
        index = try need(j["index"]?.intValue, "index")
        peers = j["peers"]?.intValue ?? 0
        dropped = j["dropped"]?.intValue ?? 0
        gc = try need(j["gc"]?.boolValue, "gc")
        typedRoots = j["typedRoots"]?.boolValue ?? true
        rootKinds = Dictionary(
            uniqueKeysWithValues: try need(j["rootKinds"]?.objectValue, "rootKinds").map {
                ($0.0, $0.1.stringValue ?? "")
            })
        schedule = try need(j["schedule"]?.arrayValue, "schedule").map { try need($0.stringValue, "schedule entry") }
        if let m = j["mid"], case .object = m {
            mid = Mid(
                at: try need(m["at"]?.intValue, "mid.at"), json: try need(m["json"], "mid.json"),
                sv: try need(m["sv"]?.stateVector, "mid.sv"))
        } else {
            mid = nil
        }
        json = try need(j["json"], "json")
        sv = try need(j["sv"]?.stateVector, "sv")
        view = try need(j["view"], "view")
        state = try need(j["state"]?.stringValue, "state")
        stateIsYjs = gen == "yjs"
        fullSv = j["fullSv"]?.stateVector
        if let f = j["fns"], case .object = f { fns = try UpdateFunctions(f) } else { fns = nil }
        local = j["local"]
    }
}

/// What Yjs's update-level functions make of a schedule (`updateFunctions` in common.cjs).
struct UpdateFunctions {
    let merged: String
    let mergedJson: DJSON
    let mergedSv: [String: Int]
    let midAt: Int
    let midSv: String
    let diff: String
    /// What Yjs reaches applying `diff` to the mid state.
    let midDiffJson: DJSON?
    let midDiffSv: [String: Int]?
    /// What Yjs reaches applying the final state to a fresh document.
    let freshJson: DJSON?
    let freshSv: [String: Int]?
    let svFromState: String

    init(_ j: DJSON) throws {
        guard let merged = j["merged"]?.stringValue, let mergedJson = j["mergedJson"],
            let mergedSv = j["mergedSv"]?.stateVector, let midAt = j["midAt"]?.intValue,
            let midSv = j["midSv"]?.stringValue, let diff = j["diff"]?.stringValue,
            let svFromState = j["svFromState"]?.stringValue
        else { throw DJSONParser.ParseError(description: "fns: missing fields") }
        self.merged = merged
        self.mergedJson = mergedJson
        self.mergedSv = mergedSv
        self.midAt = midAt
        self.midSv = midSv
        self.diff = diff
        self.midDiffJson = j["midDiffJson"]
        self.midDiffSv = j["midDiffSv"]?.stateVector
        self.freshJson = j["freshJson"]
        self.freshSv = j["freshSv"]?.stateVector
        self.svFromState = svFromState
    }
}

/// What Yjs reaches on a scenario's schedule (check_yjs.cjs --annotate); `error` when Yjs
/// itself throws on it.
struct YjsVerdict {
    let index: Int
    let error: String?
    let json: DJSON
    let sv: [String: Int]
    let state: String
    let fns: UpdateFunctions?

    init(_ j: DJSON) throws {
        guard let index = j["index"]?.intValue else {
            throw DJSONParser.ParseError(description: "annotation: no index")
        }
        self.index = index
        if let error = j["error"]?.stringValue {
            self.error = error
            json = .null
            sv = [:]
            state = ""
            fns = nil
            return
        }
        guard let json = j["json"], let sv = j["sv"]?.stateVector, let state = j["state"]?.stringValue
        else { throw DJSONParser.ParseError(description: "annotation: missing fields") }
        error = nil
        self.json = json
        self.sv = sv
        self.state = state
        if let f = j["fns"], case .object = f { fns = try UpdateFunctions(f) } else { fns = nil }
    }
}

/// One case of gen_fuzz.cjs.
struct FuzzCase {
    struct Outcome {
        let outcome: String
        let error: String?
        let json: DJSON?
        let sv: [String: Int]?
    }

    let seed: String
    let index: Int
    let mutation: String
    let rootKinds: [String: String]
    let gc: Bool
    let base: String
    let update: String
    let yjs: Outcome

    init(_ j: DJSON) throws {
        guard let seed = j["seed"]?.stringValue, let index = j["index"]?.intValue,
            let mutation = j["mutation"]?.stringValue, let kinds = j["rootKinds"]?.objectValue,
            let gc = j["gc"]?.boolValue, let base = j["base"]?.stringValue, let update = j["update"]?.stringValue,
            let y = j["yjs"], let outcome = y["outcome"]?.stringValue
        else { throw DJSONParser.ParseError(description: "fuzz case: missing fields") }
        self.seed = seed
        self.index = index
        self.mutation = mutation
        self.rootKinds = Dictionary(uniqueKeysWithValues: kinds.map { ($0.0, $0.1.stringValue ?? "") })
        self.gc = gc
        self.base = base
        self.update = update
        self.yjs = Outcome(outcome: outcome, error: y["error"]?.stringValue, json: y["json"], sv: y["sv"]?.stateVector)
    }
}

/// One line of check_yjs.cjs / check_pycrdt.py `--states` output.
struct CheckResult {
    let id: String
    let ok: Bool
    let json: DJSON?
    let view: DJSON?
    let sv: [String: Int]?
    let error: String?

    init(_ j: DJSON) throws {
        guard let id = j["id"]?.stringValue, let ok = j["ok"]?.boolValue else {
            throw DJSONParser.ParseError(description: "check result: missing id/ok")
        }
        self.id = id
        self.ok = ok
        json = j["json"]
        view = j["view"]
        sv = j["sv"]?.stateVector
        error = j["error"]?.stringValue
    }
}

/// Reads a JSON-lines file, one value a line.
func readJSONLines<T>(_ url: URL, _ make: (DJSON) throws -> T) throws -> [T] {
    let data = [UInt8](try Data(contentsOf: url))
    var out: [T] = []
    var start = 0
    while start < data.count {
        let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.count
        if end > start {
            out.append(try make(try DJSON.parse(Array(data[start..<end]))))
        }
        start = end + 1
    }
    return out
}

/// Writes objects as JSON lines.
func writeJSONLines(_ lines: [[String: Any]], to url: URL) throws {
    var data = Data()
    for l in lines {
        data.append(try JSONSerialization.data(withJSONObject: l, options: []))
        data.append(UInt8(ascii: "\n"))
    }
    try data.write(to: url)
}

func bytes(base64 s: String) -> [UInt8] {
    Data(base64Encoded: s).map { [UInt8]($0) } ?? []
}

func base64(_ b: [UInt8]) -> String { Data(b).base64EncodedString() }

/// Decodes a v1 state vector independently of YCore (varuint count, then client/clock pairs).
func decodeStateVectorIndependently(_ b: [UInt8]) -> [String: Int]? {
    var pos = 0
    func varUInt() -> UInt64? {
        var n: UInt64 = 0
        var shift: UInt64 = 0
        while pos < b.count {
            let x = b[pos]
            pos += 1
            n |= UInt64(x & 0x7f) << shift
            if x < 0x80 { return n }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
    guard let count = varUInt() else { return nil }
    var out: [String: Int] = [:]
    for _ in 0..<count {
        guard let client = varUInt(), let clock = varUInt() else { return nil }
        out[String(client)] = Int(clock)
    }
    return pos == b.count ? out : nil
}

/// `[UInt64: Int]` with string keys, as the generators write state vectors.
func stringKeyed(_ sv: [UInt64: Int]) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: sv.map { (String($0.key), $0.value) })
}

// MARK: - Failure bookkeeping

/// Failures grouped by class: every class is counted, the first few of each are detailed.
final class FailureLog {
    private(set) var byClass: [String: [String]] = [:]
    private(set) var counts: [String: Int] = [:]
    private(set) var failedScenarios = Set<String>()
    let detailLimit: Int
    /// Where byte mismatches are saved for compare_updates.cjs (kept after the test).
    let artifacts: URL
    private var saved = 0

    init(detailLimit: Int = 3, name: String) {
        self.detailLimit = detailLimit
        artifacts = FileManager.default.temporaryDirectory.appendingPathComponent("ycore-diff-failures/\(name)")
    }

    /// Saves YCore's and Yjs's bytes (first few mismatches only); returns a command comparing them.
    func saveMismatch(_ name: String, ycore: [UInt8], yjs: [UInt8], tools: InteropTools) -> String {
        guard saved < 10 else { return "" }
        saved += 1
        try? FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let a = artifacts.appendingPathComponent("\(name)-ycore.b64")
        let b = artifacts.appendingPathComponent("\(name)-yjs.b64")
        try? Data(base64(ycore).utf8).write(to: a)
        try? Data(base64(yjs).utf8).write(to: b)
        return
            "; compare: NODE_PATH=/usr/share/nodejs node \(tools.scripts.path)/compare_updates.cjs \(a.path) \(b.path)"
    }

    func add(_ cls: String, scenario: String, _ detail: @autoclosure () -> String) {
        counts[cls, default: 0] += 1
        failedScenarios.insert(scenario)
        if byClass[cls, default: []].count < detailLimit {
            byClass[cls, default: []].append(detail())
        }
    }

    var isEmpty: Bool { counts.isEmpty }

    var summary: String {
        counts.keys.sorted().map { "\($0): \(counts[$0]!)" }.joined(separator: ", ")
    }

    /// Records one issue per failure class (with the first examples) for Swift Testing.
    func report(header: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for cls in counts.keys.sorted() {
            let examples = byClass[cls, default: []].joined(separator: "\n  ---\n  ")
            Issue.record(
                "\(header)\n[\(cls)] \(counts[cls]!) failure(s); first examples:\n  \(examples)",
                sourceLocation: sourceLocation)
        }
    }
}

/// Remembers which case is running, in a file, so that a crash can be traced to its seed, and
/// aborts the process with a message if one case runs for too long (a hang is a failure too).
final class ProgressWatchdog: @unchecked Sendable {
    // `lock` guards `current` and `since`; the watchdog thread reads them once a second.
    private let lock = NSLock()
    private var current = ""
    private var since = Date()
    private var finished = false
    let file: URL
    let limit: TimeInterval

    init(name: String, limit: TimeInterval = 600) {
        self.file = FileManager.default.temporaryDirectory.appendingPathComponent("ycore-\(name)-progress.txt")
        self.limit = limit
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                guard let self else { return }
                self.lock.lock()
                let (label, start, done) = (self.current, self.since, self.finished)
                self.lock.unlock()
                if done { return }
                if !label.isEmpty, Date().timeIntervalSince(start) > self.limit {
                    FileHandle.standardError.write(
                        Data(
                            "\nYCore differential: \(label) has run for more than \(Int(self.limit)) s — treating it as a hang. Replay: \(DiffConfig.replay())\n"
                                .utf8))
                    exit(3)
                }
            }
        }
        thread.start()
    }

    func enter(_ label: String) {
        lock.lock()
        current = label
        since = Date()
        lock.unlock()
        try? Data((label + "\n").utf8).write(to: file)
    }

    func finish() {
        lock.lock()
        finished = true
        current = ""
        lock.unlock()
        try? FileManager.default.removeItem(at: file)
    }
}

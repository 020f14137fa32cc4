// ycore-bench: YCore doing the same work as the Yjs / yrs baselines in ../shared/bench/baselines,
// one measurement per process, printed as `RESULT {json}` like the baselines do.
// `script/bench-ycore` runs this beside the baselines and prints the comparison table.
//
//   swift run -c release ycore-bench trace TRACE.json[.gz] [--client-id 1] [--out FILE]
//       replay the trace into Y.Text "text", one transaction per patch (apply_ms); encode the
//       full state (encode_ms, update_v1_bytes; --out saves it); decode it into a fresh
//       document (decode_ms); check the final text.
//   swift run -c release ycore-bench load UPDATE.bin [--repeat N] | --self-test
//       decode one saved update into a fresh document: decode_ms and the memory it holds
//       (malloc_delta_kib: glibc mallinfo2 uordblks+hblkhd after minus before; rss_delta_kib:
//       VmRSS after minus before; the update bytes themselves are loaded before measuring).
//   swift run -c release ycore-bench server DUMP [--trace TRACE] [--no-listener]
//       a server document applying keystroke updates one at a time (us_per_update); DUMP is
//       bench_server_replay_yjs.cjs --dump output (u32 LE length + bytes, repeated).
//   swift run -c release ycore-bench map [--mode independent|synced] [--n 10000] [--clients 10] [--no-listener]
//       10 client documents set Y.Map keys; one server document applies every update (as
//       bench_map_yjs.cjs / bench_map_pycrdt.py do).

import Foundation
import YCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Helpers

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("ycore-bench: " + message + "\n").utf8))
    exit(2)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
}

/// VmRSS of this process in KiB.
func rssKiB() -> Int { procStatus("VmRSS:") }

/// VmHWM (peak RSS) of this process in KiB.
func hwmKiB() -> Int { procStatus("VmHWM:") }

func procStatus(_ field: String) -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in s.split(separator: "\n") where line.hasPrefix(field) {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

/// Bytes in use through glibc malloc: `uordblks + hblkhd` of `mallinfo2()`, as
/// trace_common.malloc_in_use measures the Python baselines. Swift's Glibc module does not
/// export mallinfo2, so it is looked up with dlsym; its 80-byte struct result comes back through
/// a caller-provided buffer (the x86-64 System V "sret" convention: buffer address in the first
/// argument register, returned again). Elsewhere this returns -1 and only RSS is reported.
func mallocInUse() -> Int {
    #if os(Linux) && arch(x86_64)
        typealias MallInfo2 = @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallinfo2") else { return -1 }
        let f = unsafeBitCast(sym, to: MallInfo2.self)
        // arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost
        var fields = [Int](repeating: 0, count: 10)
        fields.withUnsafeMutableBytes { _ = f($0.baseAddress!) }
        return fields[7] + fields[4]
    #else
        return -1
    #endif
}

func emit(_ fields: [String: Any]) {
    var all = fields
    all["lib"] = "ycore"
    let data = try! JSONSerialization.data(withJSONObject: all, options: [.sortedKeys])
    print("RESULT " + String(decoding: data, as: UTF8.self))
}

func option(_ args: [String], _ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

/// Reads a file, gunzipping it (through `gzip -dc`) when it ends in `.gz`.
func readMaybeGzip(_ path: String) -> Data {
    guard path.hasSuffix(".gz") else {
        guard let d = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        return d
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "exec gzip -dc \"$0\"", path]
    let pipe = Pipe()
    p.standardOutput = pipe
    do { try p.run() } catch { fail("cannot run gzip: \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { fail("gzip -dc \(path) failed") }
    return data
}

/// An editing trace: patches `[pos, delCount, insText]` (positions as the baselines use them).
struct Trace {
    var patches: [(pos: Int, del: Int, ins: String)] = []
    var endContent = ""

    init(path: String) {
        let data = readMaybeGzip(path)
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let txns = root["txns"] as? [[String: Any]], let end = root["endContent"] as? String
        else { fail("\(path) is not an editing trace") }
        endContent = end
        for t in txns {
            for case let p as [Any] in (t["patches"] as? [Any] ?? []) {
                guard p.count == 3, let pos = (p[0] as? NSNumber)?.intValue, let del = (p[1] as? NSNumber)?.intValue,
                    let ins = p[2] as? String
                else { fail("bad patch in \(path)") }
                patches.append((pos, del, ins))
            }
        }
    }
}

// MARK: - Commands

/// Replay, encode, decode (bench_yjs.cjs / bench_pycrdt.py).
func runTrace(_ args: [String]) {
    guard let path = args.first else { fail("trace: missing TRACE") }
    let trace = Trace(path: path)
    let clientID = UInt64(option(args, "--client-id") ?? "1") ?? 1
    let doc = Doc(clientID: clientID)
    let text = doc.getText("text")
    let t0 = now()
    for p in trace.patches {
        doc.transact { txn in
            if p.del > 0 { text.delete(at: p.pos, length: p.del, in: txn) }
            if !p.ins.isEmpty { text.insert(at: p.pos, p.ins, in: txn) }
        }
    }
    let t1 = now()
    let s = text.toString()
    let t2 = now()
    guard s == trace.endContent else { fail("final text mismatch after replay") }
    let update: [UInt8]
    do { update = try doc.encodeStateAsUpdate() } catch { fail("encodeStateAsUpdate: \(error)") }
    let t3 = now()
    if let out = option(args, "--out") {
        _ = FileManager.default.createFile(atPath: out, contents: Data(update))
    }
    let t4 = now()
    let d2 = Doc()
    do { try d2.applyUpdate(update) } catch { fail("applyUpdate(full state): \(error)") }
    let t5 = now()
    let s2 = d2.getText("text").toString()
    let t6 = now()
    guard s2 == trace.endContent else { fail("final text mismatch after decode") }
    emit([
        "mode": "apply", "txn": "per-op", "ops": trace.patches.count, "apply_ms": t1 - t0, "tostring_ms": t2 - t1,
        "text_len": s.utf16.count, "encode_ms": t3 - t2, "update_v1_bytes": update.count,
        "state_vector_bytes": doc.encodeStateVector().count, "decode_ms": t5 - t4, "decode_tostring_ms": t6 - t5,
        "hwm_kib": hwmKiB(), "ok": true,
    ])
}

/// Decode a saved update and measure the memory the document holds (bench_*.py --load).
func runLoad(_ args: [String]) {
    if args.first == "--self-test" {  // the malloc measure sees a known allocation
        let m0 = mallocInUse()
        let block = [UInt8](repeating: 1, count: 10 << 20)
        let m1 = mallocInUse()
        emit([
            "mode": "malloc-self-test", "expected_kib": 10240, "malloc_delta_kib": (m1 - m0) / 1024,
            "check": block.count,
        ])
        return
    }
    guard let path = args.first, let data = FileManager.default.contents(atPath: path) else {
        fail("load: missing UPDATE")
    }
    let update = [UInt8](data)
    if let i = args.firstIndex(of: "--repeat"), i + 1 < args.count, let n = Int(args[i + 1]) {
        // For profiling: decode n times into fresh documents; print the fastest and the median.
        var times: [Double] = []
        for _ in 0..<n {
            let t0 = now()
            let doc = Doc()
            do { try doc.applyUpdate(update) } catch { fail("applyUpdate: \(error)") }
            times.append(now() - t0)
            withExtendedLifetime(doc) {}
        }
        times.sort()
        emit(["mode": "load-repeat", "runs": n, "decode_ms_min": times[0], "decode_ms_median": times[n / 2]])
        return
    }
    let r0 = rssKiB()
    let m0 = mallocInUse()
    let t0 = now()
    let doc = Doc()
    do { try doc.applyUpdate(update) } catch { fail("applyUpdate: \(error)") }
    let t1 = now()
    let s = doc.getText("text").toString()
    let t2 = now()
    let m1 = mallocInUse()
    let r1 = rssKiB()
    emit([
        "mode": "load", "update_bytes": update.count, "decode_ms": t1 - t0, "tostring_ms": t2 - t1,
        "text_len": s.utf16.count, "malloc_delta_kib": (m1 - m0) / 1024, "rss_delta_kib": r1 - r0,
        "rss_kib": r1, "hwm_kib": hwmKiB(),
    ])
    withExtendedLifetime(doc) {}
}

/// A server document applying the keystroke updates of a dump one by one.
func runServer(_ args: [String]) {
    guard let path = args.first, let data = FileManager.default.contents(atPath: path) else {
        fail("server: missing DUMP")
    }
    let bytes = [UInt8](data)
    var updates: [[UInt8]] = []
    var i = 0
    while i + 4 <= bytes.count {
        let n = Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24
        i += 4
        guard i + n <= bytes.count else { fail("truncated dump") }
        updates.append(Array(bytes[i..<i + n]))
        i += n
    }
    let listener = !args.contains("--no-listener")
    let server = Doc(clientID: 1000)
    var outBytes = 0
    if listener { server.onUpdate { u, _ in outBytes += u.count } }
    let t0 = now()
    for u in updates {
        do { try server.applyUpdate(u) } catch { fail("applyUpdate: \(error)") }
    }
    let t1 = now()
    let s = server.getText("text").toString()
    var ok: Any = NSNull()
    if let tracePath = option(args, "--trace") {
        let trace = Trace(path: tracePath)
        guard s == trace.endContent else { fail("server text mismatch") }
        ok = true
    }
    emit([
        "updates": updates.count, "in_bytes": updates.reduce(0) { $0 + $1.count }, "listener": listener,
        "server_apply_ms": t1 - t0, "us_per_update": (t1 - t0) * 1000 / Double(max(1, updates.count)),
        "out_bytes": outBytes, "text_len": s.utf16.count, "ok": ok,
    ])
}

/// 10 clients × Y.Map sets applied at one server document (bench_map_yjs.cjs).
func runMap(_ args: [String]) {
    let mode = option(args, "--mode") ?? "independent"
    let n = Int(option(args, "--n") ?? "10000") ?? 10000
    let c = Int(option(args, "--clients") ?? "10") ?? 10
    let listener = !args.contains("--no-listener")
    let server = Doc(clientID: 1000)
    var srvOut = 0
    var srvOutBytes = 0
    if listener {
        server.onUpdate { u, _ in
            srvOut += 1
            srvOutBytes += u.count
        }
    }
    final class Box { var pending: [[UInt8]] = [] }
    let box = Box()
    var clients: [Doc] = []
    var maps: [YMap] = []
    for k in 0..<c {
        let d = Doc(clientID: UInt64(k + 1))
        d.onUpdate { u, origin in if origin != "remote" { box.pending.append(u) } }
        clients.append(d)
        maps.append(d.getMap("map"))
    }
    var tClient = 0.0
    var tServer = 0.0
    var tBroadcast = 0.0
    var updBytes = 0
    for i in 0..<n {
        let k = i % c
        let t0 = now()
        maps[k].set("k\(i % 37)", .value(.string("v\(i)")))
        guard let u = box.pending.popLast() else { fail("no update emitted") }
        let t1 = now()
        tClient += t1 - t0
        updBytes += u.count
        do { try server.applyUpdate(u, origin: "remote") } catch { fail("applyUpdate: \(error)") }
        let t2 = now()
        tServer += t2 - t1
        if mode == "synced" {
            for o in 0..<c where o != k {
                do { try clients[o].applyUpdate(u, origin: "remote") } catch { fail("applyUpdate: \(error)") }
            }
            tBroadcast += now() - t2
        }
    }
    let state = (try? server.encodeStateAsUpdate()) ?? []
    emit([
        "mode": mode, "listener": listener, "n": n, "clients": c,
        "server_total_ms": tServer, "server_us_per_update": tServer * 1000 / Double(n),
        "client_total_ms": tClient, "client_us_per_update": tClient * 1000 / Double(n),
        "broadcast_apply_us_per_recv": mode == "synced" ? tBroadcast * 1000 / Double(n * (c - 1)) : NSNull(),
        "avg_update_bytes": Double(updBytes) / Double(n), "server_emitted": srvOut, "server_emitted_bytes": srvOutBytes,
        "final_keys": server.getMap("map").count, "final_state_v1_bytes": state.count,
    ])
}

// MARK: - Main

let argv = Array(CommandLine.arguments.dropFirst())
switch argv.first {
case "trace": runTrace(Array(argv.dropFirst()))
case "load": runLoad(Array(argv.dropFirst()))
case "server": runServer(Array(argv.dropFirst()))
case "map": runMap(Array(argv.dropFirst()))
default:
    print(
        """
        usage: ycore-bench trace TRACE.json[.gz] [--client-id N] [--out FILE]
               ycore-bench load UPDATE.bin [--repeat N]
               ycore-bench server DUMP [--trace TRACE] [--no-listener]
               ycore-bench map [--mode independent|synced] [--n N] [--clients C] [--no-listener]
        Run by script/bench-ycore beside the Yjs / yrs baselines.
        """)
    exit(argv.isEmpty ? 0 : 2)
}

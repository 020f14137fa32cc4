// YCore as an editing peer: the local edits and syncs of a gen_yjs.cjs scenario (its `local`
// op log) replayed through YCore's own API must emit the same updates as Yjs's peers did,
// byte for byte (compared by length and FNV-1a).
//
// An op names its target by a path from a root (map keys, list indexes) and carries its
// arguments as the generator passed them to Yjs: values with `{"$type": …}` for a new empty
// nested type (filled by later ops), `{"$binary": base64}`, `{"$negzero": true}`.

import Foundation
import YCore

/// A shared type an op can act on.
private enum Target {
    case map(YMap)
    case array(YArray)
    case text(YText)
    case fragment(YXmlFragment)
    case element(YXmlElement)

    init?(_ v: YValue) {
        switch v {
        case .map(let m): self = .map(m)
        case .array(let a): self = .array(a)
        case .text(let t): self = .text(t)
        case .xmlText(let x): self = .text(x.text)
        case .xmlFragment(let f): self = .fragment(f)
        case .xmlElement(let e): self = .element(e)
        default: return nil
        }
    }
}

/// Why an op could not be replayed.
struct ReplayError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// FNV-1a (32 bits), as gen_yjs.cjs hashes updates.
func fnv1a(_ bytes: [UInt8]) -> UInt32 {
    var h: UInt32 = 0x811c_9dc5
    for b in bytes {
        h ^= UInt32(b)
        h = h &* 0x0100_0193
    }
    return h
}

/// A plain value of the op log as YCore's `AnyValue`.
func anyValue(_ j: DJSON) throws -> AnyValue {
    switch j {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .number(let d): return .number(d)
    case .string(let s): return .string(s)
    case .array(let a): return .array(try a.map { try anyValue($0) })
    case .object(let pairs):
        if pairs.count == 1, pairs[0].0 == "$binary", let s = pairs[0].1.stringValue {
            return .binary(bytes(base64: s))
        }
        if pairs.count == 1, pairs[0].0 == "$negzero" { return .number(-0.0) }
        if pairs.contains(where: { $0.0 == "$type" || $0.0 == "$doc" }) {
            throw ReplayError("a shared type inside a JSON value")
        }
        return .object(try pairs.map { ($0.0, try anyValue($0.1)) })
    }
}

/// A value of the op log as a `YInput` (new empty nested types included).
func yInput(_ j: DJSON) throws -> YInput {
    if let kind = j["$type"]?.stringValue {
        switch kind {
        case "map": return .map([])
        case "array": return .array([])
        case "text": return .text("")
        case "xmltext": return .xmlText("")
        case "xmlelement": return .xmlElement(name: j["name"]?.stringValue ?? "UNDEFINED", attributes: [], children: [])
        default: throw ReplayError("unknown $type \(kind)")
        }
    }
    if j["$doc"] != nil { throw ReplayError("subdocuments cannot be created through YCore's API") }
    return .value(try anyValue(j))
}

func attributes(_ j: DJSON?) throws -> [String: AnyValue]? {
    guard let j else { return nil }
    guard let pairs = j.objectValue else { throw ReplayError("attributes are not an object") }
    var out: [String: AnyValue] = [:]
    for (k, v) in pairs { out[k] = try anyValue(v) }
    return out
}

/// Replays the op log of a scenario; returns nil when it matches, else what differs.
func replayLocal(_ local: DJSON, rootKinds: [String: String]) -> String? {
    guard let peerList = local["peers"]?.arrayValue, let steps = local["steps"]?.arrayValue else {
        return "malformed op log"
    }
    var emitted: [[UInt8]] = []
    var typed = Set<Int>()
    let peers: [Doc] = peerList.map { p in
        let d = Doc(clientID: UInt64(p["id"]?.doubleValue ?? 0), gc: p["gc"]?.boolValue ?? true)
        d.onUpdate { u, _ in emitted.append(u) }
        return d
    }

    func root(_ doc: Doc, _ name: String) throws -> Target {
        switch rootKinds[name] {
        case "map": return .map(doc.getMap(name))
        case "array": return .array(doc.getArray(name))
        case "text": return .text(doc.getText(name))
        case "xml": return .fragment(doc.getXmlFragment(name))
        default: throw ReplayError("unknown root \(name)")
        }
    }

    func resolve(_ doc: Doc, _ path: [DJSON]) throws -> Target {
        guard let name = path.first?.stringValue else { throw ReplayError("path without a root") }
        var t = try root(doc, name)
        for step in path.dropFirst() {
            let v: YValue?
            switch (t, step) {
            case (.map(let m), .string(let k)): v = m.get(k)
            case (.array(let a), .number(let i)): v = a.get(Int(i))
            case (.fragment(let f), .number(let i)): v = Int(i) < f.count ? f.children[Int(i)] : nil
            case (.element(let e), .number(let i)): v = Int(i) < e.fragment.count ? e.fragment.children[Int(i)] : nil
            default: v = nil
            }
            guard let v, let next = Target(v) else { throw ReplayError("path \(path) does not resolve at \(step)") }
            t = next
        }
        return t
    }

    func apply(_ op: DJSON, _ doc: Doc, _ txn: Transaction) throws {
        guard let path = op["path"]?.arrayValue, let name = op["op"]?.stringValue else { throw ReplayError("bad op") }
        let target = try resolve(doc, path)
        let index = op["index"]?.intValue ?? 0
        let length = op["length"]?.intValue ?? 0
        switch (name, target) {
        case ("set", .map(let m)):
            m.set(op["key"]?.stringValue ?? "", try yInput(op["value"] ?? .null), in: txn)
        case ("mapDelete", .map(let m)):
            m.delete(op["key"]?.stringValue ?? "", in: txn)
        case ("insert", .array(let a)):
            try a.insert(at: index, try (op["values"]?.arrayValue ?? []).map { try yInput($0) }, in: txn)
        case ("insert", .fragment(let f)):
            try f.insert(at: index, try (op["values"]?.arrayValue ?? []).map { try yInput($0) }, in: txn)
        case ("insert", .element(let e)):
            try e.fragment.insert(at: index, try (op["values"]?.arrayValue ?? []).map { try yInput($0) }, in: txn)
        case ("delete", .array(let a)):
            try a.delete(at: index, length: length, in: txn)
        case ("delete", .fragment(let f)):
            try f.delete(at: index, length: length, in: txn)
        case ("delete", .element(let e)):
            try e.fragment.delete(at: index, length: length, in: txn)
        case ("textInsert", .text(let t)):
            t.insert(at: index, op["text"]?.stringValue ?? "", attributes: try attributes(op["attrs"]), in: txn)
        case ("textDelete", .text(let t)):
            t.delete(at: index, length: length, in: txn)
        case ("format", .text(let t)):
            t.format(at: index, length: length, attributes: try attributes(op["attrs"]) ?? [:], in: txn)
        case ("embed", .text(let t)):
            t.insertEmbed(
                at: index, .value(try anyValue(op["embed"] ?? .null)), attributes: try attributes(op["attrs"]) ?? [:],
                in: txn)
        case ("embedMap", .text(let t)):
            // As Yjs's peer did: embed an empty map, then set its entry (after the formatting
            // items the embed may bring).
            t.insertEmbed(at: index, .map([]), in: txn)
            var pos = 0
            var embedded: YMap? = nil
            for d in t.toDelta() {
                if case .value(.string(let str)) = d.insert {
                    pos += str.utf16.count
                    continue
                }
                if pos == index, case .map(let m) = d.insert {
                    embedded = m
                    break
                }
                pos += 1
            }
            guard let embedded else { throw ReplayError("embedded map not found at \(index)") }
            embedded.set(op["key"]?.stringValue ?? "", try yInput(op["value"] ?? .null), in: txn)
        case ("setAttribute", .element(let e)):
            e.setAttribute(op["name"]?.stringValue ?? "", op["value"]?.stringValue ?? "", in: txn)
        default:
            throw ReplayError("op \(name) on \(target) is not supported")
        }
    }

    for (n, step) in steps.enumerated() {
        emitted = []
        let what: String
        if let sync = step["sync"]?.arrayValue, sync.count == 2, let s = sync[0].intValue, let d = sync[1].intValue {
            what = "sync peer \(s) → peer \(d)"
            do {
                let update = try peers[s].encodeStateAsUpdate(from: peers[d].encodeStateVector())
                try peers[d].applyUpdate(update, origin: "sync")
            } catch {
                return "step \(n) (\(what)): \(error)"
            }
        } else if let p = step["peer"]?.intValue, let ops = step["ops"]?.arrayValue {
            what = "peer \(p) transaction: " + ops.map { $0.description }.joined(separator: "; ")
            if !typed.contains(p) {  // Yjs's peers get their four roots at their first edit
                typed.insert(p)
                for name in rootKinds.keys.sorted() { _ = try? root(peers[p], name) }
            }
            var failure: Error? = nil
            peers[p].transact(origin: "local") { txn in
                for op in ops where failure == nil {
                    do { try apply(op, peers[p], txn) } catch { failure = error }
                }
            }
            if let failure { return "step \(n) (\(String(what.prefix(600)))): YCore's API failed: \(failure)" }
        } else {
            return "step \(n): malformed"
        }
        let want = (step["emitted"]?.arrayValue ?? []).map { e -> String in
            let a = e.arrayValue ?? []
            return "\(a.first?.intValue ?? -1)/\(a.count > 1 ? UInt32(a[1].doubleValue ?? 0) : 0)"
        }
        let got = emitted.map { "\($0.count)/\(fnv1a($0))" }
        if got != want {
            return "step \(n) (\(String(what.prefix(600)))): YCore emitted \(got) (length/FNV-1a), Yjs \(want); "
                + "first YCore update: \(emitted.first.map(base64) ?? "none")"
        }
    }
    return nil
}

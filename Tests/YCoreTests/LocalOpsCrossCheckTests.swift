import Foundation
import Testing
import YCore

/// Seeded random local edits (text inserts, deletes and formatting, several per transaction)
/// made through Yjs and through YCore's API must emit the same update per transaction.
@Suite(
    "Random local edits against Yjs", .enabled(if: TestSupport.hasNode, "node and Debian's yjs are required"),
    .ownThreads)
struct LocalOpsCrossCheckTests {
    static let script = #"""
        const Y = require('yjs')
        let seed = Number(process.argv[1])
        const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
        const pick = a => a[Math.floor(rand() * a.length)]
        const TEXTS = ['a', 'bc', 'hello ', 'é', 'e\u0301', '😀', '中文', '\n', 'x😀y']
        const FORMATS = [{ bold: true }, { italic: true }, { bold: null }, { color: '#f00' }, { size: 12 }]
        const d = new Y.Doc(); d.clientID = 7
        const t = d.getText('t')
        const ups = []
        d.on('update', u => ups.push(Buffer.from(u).toString('hex')))
        const txns = []
        for (let i = 0; i < 300; i++) {
          const ops = []
          const n = 1 + Math.floor(rand() * 3)
          d.transact(() => {
            for (let k = 0; k < n; k++) {
              const r = rand()
              const len = t.length
              if (r < 0.55 || len === 0) {
                const pos = Math.floor(rand() * (len + 1)); const s = pick(TEXTS)
                // Yjs mutates the attribute objects it is given: record a copy made before.
                const attrs = rand() < 0.2 ? structuredClone(pick(FORMATS)) : null
                ops.push(['i', pos, s, attrs && structuredClone(attrs)])
                if (attrs) t.insert(pos, s, attrs); else t.insert(pos, s)
              } else if (r < 0.85) {
                const pos = Math.floor(rand() * len); const del = 1 + Math.floor(rand() * Math.min(4, len - pos))
                t.delete(pos, del); ops.push(['d', pos, del])
              } else {
                const pos = Math.floor(rand() * len); const l = 1 + Math.floor(rand() * Math.min(6, len - pos))
                const attrs = structuredClone(pick(FORMATS)); ops.push(['f', pos, l, structuredClone(attrs)]); t.format(pos, l, attrs)
              }
            }
          })
          txns.push(ops)
        }
        console.log(JSON.stringify({ txns, ups, state: Buffer.from(Y.encodeStateAsUpdate(d)).toString('hex'), delta: t.toDelta() }))
        """#

    static func attributes(_ any: Any?) -> [String: AnyValue]? {
        guard let dict = any as? [String: Any] else { return nil }
        var out: [String: AnyValue] = [:]
        for (k, v) in dict {
            if v is NSNull {
                out[k] = .null
            } else if let s = v as? String {
                out[k] = .string(s)
            } else if let n = v as? NSNumber {
                // The generator's only boolean attributes are bold and italic.
                out[k] = (k == "bold" || k == "italic") ? .bool(n.boolValue) : .number(n.doubleValue)
            }
        }
        return out
    }

    @Test(arguments: Array(1...16))
    func sameUpdatesAsYjs(seed: Int) throws {
        print("LocalOpsCrossCheckTests seed=\(seed)")
        let (data, status) = try TestSupport.run(
            "/usr/bin/node", ["-e", Self.script, String(seed)], environment: ["NODE_PATH": "/usr/share/nodejs"])
        try #require(status == 0)
        let obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let txns = obj["txns"] as! [[[Any]]]
        let ups = obj["ups"] as! [String]
        let doc = Doc(clientID: 7)
        let t = doc.getText("t")
        var mine: [String] = []
        doc.onUpdate { u, _ in mine.append(TestSupport.hex(u)) }
        for ops in txns {
            doc.transact { txn in
                for op in ops {
                    switch op[0] as! String {
                    case "i":
                        t.insert(
                            at: (op[1] as! NSNumber).intValue, op[2] as! String, attributes: Self.attributes(op[3]),
                            in: txn)
                    case "d":
                        t.delete(at: (op[1] as! NSNumber).intValue, length: (op[2] as! NSNumber).intValue, in: txn)
                    default:
                        t.format(
                            at: (op[1] as! NSNumber).intValue, length: (op[2] as! NSNumber).intValue,
                            attributes: Self.attributes(op[3]) ?? [:], in: txn)
                    }
                }
            }
        }
        #expect(mine.count == ups.count)
        if let i = mine.indices.first(where: { $0 < ups.count && mine[$0] != ups[$0] }) {
            Issue.record("seed \(seed): update \(i) differs: \(mine[i]) vs \(ups[i])")
        }
        #expect(TestSupport.hex(try doc.encodeStateAsUpdate()) == obj["state"] as! String)
    }

    static let listScript = #"""
        const Y = require('yjs')
        let seed = Number(process.argv[1])
        const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
        const pick = a => a[Math.floor(rand() * a.length)]
        const KEYS = ['a', 'b', 'é', 'e\u0301', '😀', 'k']
        const d = new Y.Doc(); d.clientID = 9
        const a = d.getArray('a'); const m = d.getMap('m')
        const ups = []
        d.on('update', u => ups.push(Buffer.from(u).toString('hex')))
        const txns = []
        for (let i = 0; i < 300; i++) {
          const ops = []
          d.transact(() => {
            for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
              const r = rand()
              if (r < 0.35 || a.length === 0) {
                const pos = Math.floor(rand() * (a.length + 1)); const n = 1 + Math.floor(rand() * 3)
                const vals = []; for (let j = 0; j < n; j++) vals.push(Math.floor(rand() * 100))
                if (rand() < 0.2) { a.insert(pos, [new Y.Map()]); ops.push(['im', pos]) } else { a.insert(pos, vals); ops.push(['i', pos, vals]) }
              } else if (r < 0.55) {
                const pos = Math.floor(rand() * a.length); const n = 1 + Math.floor(rand() * Math.min(3, a.length - pos))
                a.delete(pos, n); ops.push(['d', pos, n])
              } else if (r < 0.65) {
                const vals = [Math.floor(rand() * 100)]; a.push(vals); ops.push(['p', vals])
              } else if (r < 0.9) {
                const key = pick(KEYS); const v = rand() < 0.5 ? Math.floor(rand() * 1000) : pick(KEYS)
                m.set(key, v); ops.push(['s', key, v])
              } else {
                const key = pick(KEYS); m.delete(key); ops.push(['x', key])
              }
            }
          })
          txns.push(ops)
        }
        console.log(JSON.stringify({ txns, ups, state: Buffer.from(Y.encodeStateAsUpdate(d)).toString('hex') }))
        """#

    static func value(_ v: Any) -> YInput {
        if let s = v as? String { return .value(.string(s)) }
        return .value(.number((v as! NSNumber).doubleValue))
    }

    @Test(arguments: Array(1...8))
    func arraysAndMapsMatchYjs(seed: Int) throws {
        print("LocalOpsCrossCheckTests arrays/maps seed=\(seed)")
        let (data, status) = try TestSupport.run(
            "/usr/bin/node", ["-e", Self.listScript, String(seed)], environment: ["NODE_PATH": "/usr/share/nodejs"])
        try #require(status == 0)
        let obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let txns = obj["txns"] as! [[[Any]]]
        let ups = obj["ups"] as! [String]
        let doc = Doc(clientID: 9)
        let a = doc.getArray("a")
        let m = doc.getMap("m")
        var mine: [String] = []
        doc.onUpdate { u, _ in mine.append(TestSupport.hex(u)) }
        for ops in txns {
            try doc.transact { txn in
                for op in ops {
                    switch op[0] as! String {
                    case "i":
                        try a.insert(at: (op[1] as! NSNumber).intValue, (op[2] as! [Any]).map(Self.value), in: txn)
                    case "im": try a.insert(at: (op[1] as! NSNumber).intValue, [.map([])], in: txn)
                    case "d":
                        try a.delete(at: (op[1] as! NSNumber).intValue, length: (op[2] as! NSNumber).intValue, in: txn)
                    case "p": a.push((op[1] as! [Any]).map(Self.value), in: txn)
                    case "s": m.set(op[1] as! String, Self.value(op[2]), in: txn)
                    default: m.delete(op[1] as! String, in: txn)
                    }
                }
            }
        }
        #expect(mine.count == ups.count)
        if let i = mine.indices.first(where: { $0 < ups.count && mine[$0] != ups[$0] }) {
            Issue.record("seed \(seed): update \(i) differs: \(mine[i]) vs \(ups[i])")
        }
        #expect(TestSupport.hex(try doc.encodeStateAsUpdate()) == obj["state"] as! String)
    }
}

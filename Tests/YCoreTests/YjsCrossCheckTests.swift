import Foundation
import Testing
import YCore

/// Fixed scenarios run both through Debian's Yjs (Node) and through YCore's own API: the encoded
/// states must be byte-identical and the JSON views equal.
@Suite(
    "Cross-checks with Yjs (node)", .enabled(if: TestSupport.hasNode, "node and Debian's yjs are required"),
    .ownThreads)
struct YjsCrossCheckTests {
    /// The Yjs side: each scenario prints `name update-hex json` on one line.
    static let script = #"""
        const Y = require('yjs')
        const replacer = (k, v) => v instanceof Uint8Array ? { $binary: Buffer.from(v).toString('base64') } : v
        const out = (name, doc, roots) => {
          const json = {}
          for (const [n, kind] of roots) {
            const t = kind === 'map' ? doc.getMap(n) : kind === 'array' ? doc.getArray(n) : kind === 'text' ? doc.getText(n) : doc.getXmlFragment(n)
            json[n] = t.toJSON()
          }
          console.log(name + ' ' + Buffer.from(Y.encodeStateAsUpdate(doc)).toString('hex') + ' ' + JSON.stringify(json, replacer))
        }
        const mk = (id) => { const d = new Y.Doc(); d.clientID = id; return d }
        { // map
          const d = mk(1); const m = d.getMap('m')
          m.set('a', 1); m.set('b', 'x'); m.set('a', 2); m.delete('b')
          m.set('c', { x: [1, 2, null], y: true }); m.set('bin', new Uint8Array([1, 2, 3])); m.set('f', 1.5); m.set('big', 2 ** 40)
          m.set('e\u0301', 'decomposed'); m.set('é', 'composed')
          out('map', d, [['m', 'map']])
        }
        { // array
          const d = mk(1); const a = d.getArray('a')
          a.insert(0, [1, 2, 3]); a.push(['x']); a.delete(1, 2); a.insert(1, [true, null]); a.insert(0, [new Uint8Array([9])]); a.push([{ k: 'v' }])
          out('array', d, [['a', 'array']])
        }
        { // text
          const d = mk(1); const t = d.getText('t')
          t.insert(0, 'hello world'); t.format(0, 5, { bold: true }); t.insert(5, '!', { italic: true }); t.delete(2, 3)
          t.insert(0, '😀'); t.format(3, 4, { bold: null }); t.insert(t.length, ' end')
          out('text', d, [['t', 'text']])
        }
        { // nested
          const d = mk(1); const m = d.getMap('m'); const s = d.getArray('slides')
          const inner = new Y.Map(); inner.set('title', new Y.Text('Intro')); inner.set('n', 1); s.push([inner])
          const arr = new Y.Array(); arr.insert(0, [1, 2]); m.set('list', arr)
          s.get(0).get('title').insert(5, '!'); m.get('list').push([3]); m.set('gone', new Y.Map()); m.delete('gone')
          out('nested', d, [['m', 'map'], ['slides', 'array']])
        }
        { // concurrent
          const d1 = mk(1); const d2 = mk(2)
          d1.getText('t').insert(0, 'abc')
          Y.applyUpdate(d2, Y.encodeStateAsUpdate(d1))
          d1.getText('t').insert(1, 'X'); d2.getText('t').insert(1, 'Y'); d2.getText('t').delete(2, 1)
          d2.getMap('m').set('k', 'v2'); d1.getMap('m').set('k', 'v1')
          const u1 = Y.encodeStateAsUpdate(d1, Y.encodeStateVector(d2)); const u2 = Y.encodeStateAsUpdate(d2, Y.encodeStateVector(d1))
          Y.applyUpdate(d1, u2); Y.applyUpdate(d2, u1)
          out('concurrent1', d1, [['t', 'text'], ['m', 'map']]); out('concurrent2', d2, [['t', 'text'], ['m', 'map']])
        }
        { // xml
          const d = mk(1); const f = d.getXmlFragment('x')
          const el = new Y.XmlElement('P'); el.setAttribute('class', 'c'); el.insert(0, [new Y.XmlText('hi')])
          f.insert(0, [el]); f.insert(1, [new Y.XmlText('tail')]); f.get(1).format(0, 2, { b: {} })
          out('xml', d, [['x', 'xml']])
        }
        """#

    static func yjsResults() throws -> [String: (update: [UInt8], json: String)] {
        var results: [String: (update: [UInt8], json: String)] = [:]
        for line in try TestSupport.node(script).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            results[parts[0]] = (TestSupport.bytes(hex: parts[1]), parts[2])
        }
        return results
    }

    /// Checks YCore's document against Yjs's result for `name`, also decoding Yjs's bytes.
    func check(
        _ name: String, _ doc: Doc, _ roots: [String: RootKind], _ yjs: [String: (update: [UInt8], json: String)]
    )
        throws
    {
        let expected = try #require(yjs[name], "no Yjs result for \(name)")
        let mine = try doc.encodeStateAsUpdate()
        #expect(TestSupport.hex(mine) == TestSupport.hex(expected.update), "\(name): bytes differ")
        #expect(doc.toJSON(rootKinds: roots).serialized() == expected.json, "\(name): JSON differs")
        let decoded = Doc(clientID: 99)
        try decoded.applyUpdate(expected.update)
        #expect(try decoded.encodeStateAsUpdate() == expected.update, "\(name): re-encoding Yjs's bytes differs")
        // Root order follows first appearance, which differs in a decoded document: compare parsed.
        let a = try JSONSerialization.jsonObject(with: Data(decoded.toJSON(rootKinds: roots).serialized().utf8))
        let b = try JSONSerialization.jsonObject(with: Data(expected.json.utf8))
        #expect((a as? NSDictionary)?.isEqual(b) == true, "\(name): JSON of Yjs's bytes differs")
    }

    @Test func fixedScenariosMatchYjs() throws {
        let yjs = try Self.yjsResults()

        do {
            let d = Doc(clientID: 1)
            let m = d.getMap("m")
            m.set("a", 1)
            m.set("b", "x")
            m.set("a", 2)
            m.delete("b")
            m.set("c", .value(.makeObject([("x", .array([1, 2, .null])), ("y", true)])))
            m.set("bin", .value(.binary([1, 2, 3])))
            m.set("f", 1.5)
            m.set("big", .value(.number(1_099_511_627_776)))
            m.set("e\u{301}", "decomposed")
            m.set("é", "composed")
            try check("map", d, ["m": .map], yjs)
        }
        do {
            let d = Doc(clientID: 1)
            let a = d.getArray("a")
            try a.insert(at: 0, [1, 2, 3])
            a.push(["x"])
            try a.delete(at: 1, length: 2)
            try a.insert(at: 1, [true, nil])
            try a.insert(at: 0, [.value(.binary([9]))])
            a.push([.value(.makeObject([("k", "v")]))])
            try check("array", d, ["a": .array], yjs)
        }
        do {
            let d = Doc(clientID: 1)
            let t = d.getText("t")
            t.insert(at: 0, "hello world")
            t.format(at: 0, length: 5, attributes: ["bold": true])
            t.insert(at: 5, "!", attributes: ["italic": true])
            t.delete(at: 2, length: 3)
            t.insert(at: 0, "😀")
            t.format(at: 3, length: 4, attributes: ["bold": .null])
            t.insert(at: t.length, " end")
            try check("text", d, ["t": .text], yjs)
        }
        do {
            let d = Doc(clientID: 1)
            let m = d.getMap("m")
            let s = d.getArray("slides")
            s.push([.map([("title", .text("Intro")), ("n", 1)])])
            m.set("list", .array([1, 2]))
            guard case .map(let inner) = s.get(0), case .text(let title) = inner.get("title"),
                case .array(let list) = m.get("list")
            else {
                Issue.record("nested types not readable")
                return
            }
            title.insert(at: 5, "!")
            list.push([3])
            m.set("gone", .map([]))
            m.delete("gone")
            try check("nested", d, ["m": .map, "slides": .array], yjs)
        }
        do {
            let d1 = Doc(clientID: 1)
            let d2 = Doc(clientID: 2)
            d1.getText("t").insert(at: 0, "abc")
            try d2.applyUpdate(try d1.encodeStateAsUpdate())
            d1.getText("t").insert(at: 1, "X")
            d2.getText("t").insert(at: 1, "Y")
            d2.getText("t").delete(at: 2, length: 1)
            d2.getMap("m").set("k", "v2")
            d1.getMap("m").set("k", "v1")
            let u1 = try d1.encodeStateAsUpdate(from: d2.encodeStateVector())
            let u2 = try d2.encodeStateAsUpdate(from: d1.encodeStateVector())
            try d1.applyUpdate(u2)
            try d2.applyUpdate(u1)
            try check("concurrent1", d1, ["t": .text, "m": .map], yjs)
            try check("concurrent2", d2, ["t": .text, "m": .map], yjs)
        }
        do {
            let d = Doc(clientID: 1)
            let f = d.getXmlFragment("x")
            try f.insert(at: 0, [.xmlElement(name: "P", attributes: [("class", "c")], children: [.xmlText("hi")])])
            try f.insert(at: 1, [.xmlText("tail")])
            guard case .xmlText(let tail) = f.children[1] else {
                Issue.record("xml text not readable")
                return
            }
            tail.text.format(at: 0, length: 2, attributes: ["b": .object([])])
            try check("xml", d, ["x": .xml], yjs)
        }
    }

    @Test func keystrokeUpdatesAndMergeMatchYjs() throws {
        // Each local transaction's update equals Yjs's, and so do merge/diff of those updates.
        let script = #"""
            const Y = require('yjs')
            const d = new Y.Doc(); d.clientID = 3; const ups = []
            d.on('update', u => ups.push(Buffer.from(u).toString('hex')))
            const t = d.getText('t')
            t.insert(0, 'ab'); t.insert(1, 'é😀'); t.delete(0, 1); t.insert(4, 'z')
            const merged = Y.mergeUpdates(ups.map(h => Buffer.from(h, 'hex')))
            const diff = Y.diffUpdate(merged, Y.encodeStateVectorFromUpdate(Buffer.from(ups[0], 'hex')))
            console.log(ups.join(','))
            console.log(Buffer.from(merged).toString('hex'))
            console.log(Buffer.from(diff).toString('hex'))
            console.log(Buffer.from(Y.encodeStateVectorFromUpdate(merged)).toString('hex'))
            """#
        let lines = try TestSupport.node(script).split(separator: "\n").map(String.init)
        let d = Doc(clientID: 3)
        var ups: [[UInt8]] = []
        d.onUpdate { u, _ in ups.append(u) }
        let t = d.getText("t")
        t.insert(at: 0, "ab")
        t.insert(at: 1, "é😀")
        t.delete(at: 0, length: 1)
        t.insert(at: 4, "z")
        #expect(ups.map(TestSupport.hex).joined(separator: ",") == lines[0])
        let merged = try mergeUpdates(ups)
        #expect(TestSupport.hex(merged) == lines[1])
        let diff = try diffUpdate(merged, stateVector: try encodeStateVectorFromUpdate(ups[0]))
        #expect(TestSupport.hex(diff) == lines[2])
        #expect(TestSupport.hex(try encodeStateVectorFromUpdate(merged)) == lines[3])
    }

    @Test func outOfOrderUpdatesWaitAndAreIncludedInTheState() throws {
        let source = Doc(clientID: 4)
        var ups: [[UInt8]] = []
        source.onUpdate { u, _ in ups.append(u) }
        let t = source.getText("t")
        for (i, c) in "abcdef".enumerated() { t.insert(at: i, String(c)) }
        t.delete(at: 1, length: 2)
        let target = Doc(clientID: 5)
        try target.applyUpdate(ups[3])
        try target.applyUpdate(ups[6])  // deletes of missing structs
        #expect(target.hasPending)
        #expect(target.missing[4] == 0..<3)
        // The pending structs are part of the encoded state, as in Yjs.
        let withPending = try target.encodeStateAsUpdate()
        let js = try TestSupport.node(
            """
            const Y = require('yjs'); const d = new Y.Doc(); d.clientID = 5
            for (const h of ['\(TestSupport.hex(ups[3]))', '\(TestSupport.hex(ups[6]))']) Y.applyUpdate(d, Buffer.from(h, 'hex'))
            console.log(Buffer.from(Y.encodeStateAsUpdate(d)).toString('hex'))
            """)
        #expect(TestSupport.hex(withPending) == js.trimmingCharacters(in: .whitespacesAndNewlines))
        for u in ups { try target.applyUpdate(u) }
        #expect(!target.hasPending)
        #expect(target.getText("t").toString() == "adef")
        #expect(try target.encodeStateAsUpdate() == source.encodeStateAsUpdate())
    }
}

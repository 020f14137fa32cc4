import Testing
import YCore

@Suite("Shared types through YCore's API")
struct TypesTests {
    @Test func mapKeysAreCodeUnitExact() {
        let doc = Doc(clientID: 1)
        let m = doc.getMap("m")
        m.set("é", 1)
        m.set("e\u{301}", 2)
        #expect(m.count == 2)
        #expect(m.get("é") == .value(1))
        #expect(m.get("e\u{301}") == .value(2))
        #expect(m.keys == ["é", "e\u{301}"])
        m.delete("é")
        #expect(m.keys == ["e\u{301}"])
        #expect(m.get("é") == nil)
    }

    @Test func arrayOperationsAndBounds() throws {
        let doc = Doc(clientID: 1)
        let a = doc.getArray("a")
        try a.insert(at: 0, ["a", "b", "c"])
        try a.delete(at: 1)
        a.push([.map([("k", 1)])])
        #expect(a.count == 3)
        #expect(a.get(1) == .value("c"))
        #expect(a.toJSON().serialized() == "[\"a\",\"c\",{\"k\":1}]")
        #expect(throws: YCoreError.self) { try a.insert(at: 10, ["x"]) }
        #expect(throws: YCoreError.self) { try a.delete(at: 2, length: 5) }
        #expect(a.count == 3)
    }

    @Test func textIndexesAreUTF16AndSplitPairsBecomeReplacementCharacters() {
        let doc = Doc(clientID: 1)
        let t = doc.getText("t")
        t.insert(at: 0, "a😀b")
        #expect(t.length == 4)
        t.insert(at: 2, "|")  // inside the surrogate pair
        #expect(t.toString() == "a\u{FFFD}|\u{FFFD}b")
    }

    @Test func textDeltaWithAttributes() {
        let doc = Doc(clientID: 1)
        let t = doc.getText("t")
        t.insert(at: 0, "hello world")
        t.format(at: 0, length: 5, attributes: ["bold": true])
        t.insert(at: 11, "!", attributes: ["italic": true])
        let delta = t.toDelta()
        #expect(delta.count == 3)
        #expect(delta[0] == TextDelta(insert: .value("hello"), attributes: [("bold", true)]))
        #expect(delta[1] == TextDelta(insert: .value(" world"), attributes: []))
        #expect(delta[2] == TextDelta(insert: .value("!"), attributes: [("italic", true)]))
        #expect(t.toString() == "hello world!")
    }

    @Test func observersReportChangedTypesKeysAndRanges() throws {
        let doc = Doc(clientID: 1)
        let slides = doc.getArray("slides")
        var summaries: [TransactionSummary] = []
        doc.onTransaction { summaries.append($0) }
        var events: [YEvent] = []
        let observer = slides.observe { events.append($0) }
        slides.push([.map([("title", .text("One"))]), .map([("title", .text("Two"))])])
        #expect(events.count == 1)
        #expect(events[0].childListChanged)
        #expect(events[0].path == [.key("slides")])
        guard case .map(let second) = slides.get(1), case .text(let title) = second.get("title") else {
            Issue.record("nested types not readable")
            return
        }
        title.insert(at: 3, "!", in: nil)
        #expect(summaries.last?.events.first?.path == [.key("slides"), .index(1), .key("title")])
        try slides.delete(at: 0)
        #expect(summaries.last?.deleted[1]?.isEmpty == false)
        observer.cancel()
        slides.push(["x"])
        #expect(events.count == 2)

        // A remote update is reported as not local.
        let other = Doc(clientID: 2)
        var remote: TransactionSummary?
        other.onTransaction { remote = $0 }
        try other.applyUpdate(try doc.encodeStateAsUpdate(), origin: "sync")
        #expect(remote?.local == false)
        #expect(remote?.origin == "sync")
        #expect(remote?.inserted[1] != nil)
    }

    @Test func updatesPerTransactionRoundTrip() throws {
        let a = Doc(clientID: 1)
        let b = Doc(clientID: 2)
        a.onUpdate { update, origin in
            #expect(origin == "local")
            try? b.applyUpdate(update)
        }
        a.transact(origin: "local") { txn in
            a.getMap("meta").set("kind", "deck", in: txn)
            a.getText("t").insert(at: 0, "x", in: txn)
        }
        #expect(b.toJSON().serialized() == a.toJSON().serialized())
        #expect(b.stateVector == a.stateVector)
    }

    @Test func rootKindsAreInferredOrGiven() throws {
        let source = Doc(clientID: 1)
        source.getMap("m").set("a", 1)
        source.getText("t").insert(at: 0, "hi")
        try source.getArray("a").insert(at: 0, [1])
        let doc = Doc(clientID: 2)
        try doc.applyUpdate(try source.encodeStateAsUpdate())
        #expect(
            doc.toJSON()
                == .object([("a", .array([.number(1)])), ("m", .object([("a", .number(1))])), ("t", .string("hi"))]))
        #expect(doc.toJSON(rootKinds: ["absent": .text, "x": .xml]).serialized().contains("\"absent\":\"\""))
    }

    @Test func xmlPrintsLikeYjs() throws {
        let doc = Doc(clientID: 1)
        let f = doc.getXmlFragment("x")
        try f.insert(at: 0, [.xmlElement(name: "P", attributes: [("b", "2"), ("a", "1")], children: [.xmlText("hi")])])
        #expect(f.toString() == "<p a=\"1\" b=\"2\">hi</p>")
    }

    @Test("XML text prints a format's value as JavaScript's for-in sees it")
    func xmlTextFormatsPrintLikeYjs() throws {
        let doc = Doc(clientID: 1)
        let f = doc.getXmlFragment("x")
        try f.insert(at: 0, [.xmlText("ab")])
        guard case .xmlText(let x) = f.children.first else {
            Issue.record("no XML text")
            return
        }
        x.text.format(at: 0, length: 1, attributes: ["b": .object([("class", .string("c"))])])
        x.text.format(at: 1, length: 1, attributes: ["color": .string("#f0")])
        // Yjs: `for (const key in "#f0")` visits the indices of the string.
        #expect(x.toString() == "<b class=\"c\">a</b><color 0=\"#\" 1=\"f\" 2=\"0\">b</color>")
    }
}

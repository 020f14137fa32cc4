import Foundation
import Testing

@testable import Workshop

/// One bad field per case, applied to the example definition's JSON; the error must name it.
@Suite("Session definitions: each bad field is named")
struct DefinitionValidationTests {
    /// A mutation of the example's JSON object and the field the error must name.
    struct Case: CustomTestStringConvertible, Sendable {
        let field: String
        let mutate: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { field.isEmpty ? "(document)" : field }

        init(_ field: String, _ mutate: @escaping @Sendable (inout [String: Any]) -> Void) {
            self.field = field
            self.mutate = mutate
        }
    }

    static let cases: [Case] = [
        // Strict decoding: unknown fields, wrong types, missing fields.
        Case("colour") { $0["colour"] = "blue" },
        Case("phases[2].timebox") { $0[phase: 2]["timebox"] = 10 },
        Case("rubric[1].label.de") { $0[criterion: 1]["label"] = ["fr": "x", "en": "y", "de": "z"] },
        Case("pitch.limit") { $0["pitch"] = ["limit": 600] },
        Case("groups[0].members") { $0[group: 0]["members"] = ["Zoé"] },
        Case("scale.maximum") { $0["scale"] = ["maximum": 10] },
        Case("jurors[2].email") { $0[juror: 2]["email"] = "x@example.org" },
        Case("title") { $0["title"] = nil },
        Case("title") { $0["title"] = 42 },
        Case("groups") { $0["groups"] = nil },
        Case("phases[0].label") { $0[phase: 0]["label"] = nil },
        Case("rubric[0].id") { $0[criterion: 0]["id"] = nil },
        Case("slideLimit") { $0["slideLimit"] = "ten" },
        Case("startDate") { $0["startDate"] = "2026-13-01" },
        Case("startDate") { $0["startDate"] = "28/03/2026" },
        Case("boards.deck") { $0["boards", default: [:]] = ["deck": "sometimes"] },
        // Semantic checks.
        Case("title") { $0["title"] = "  " },
        Case("timeZone") { $0["timeZone"] = "Mars/Olympus_Mons" },
        Case("phases") { $0["phases"] = [] as [Any] },
        Case("phases[3].day") { $0[phase: 3]["day"] = 4 },
        Case("phases[0].day") { $0[phase: 0]["day"] = 0 },
        Case("phases[3].day") { $0[phase: 3]["day"] = 1 },  // day 1 after a day-2 phase: order broken
        Case("phases") {
            var p = $0["phases"] as! [Any]
            p.removeSubrange(2...3)
            $0["phases"] = p
        },  // no day 2
        Case("phases[1].id") { $0[phase: 1]["id"] = "empathize" },
        Case("phases[0].id") { $0[phase: 0]["id"] = "" },
        Case("phases[5].timeBoxMinutes") { $0[phase: 5]["timeBoxMinutes"] = 0 },
        Case("phases[0].label.fr") { $0[phase: 0]["label"] = ["fr": "", "en": "Empathize"] },
        Case("boards.whiteboard") { $0[boards: "whiteboard"] = ["ideate"] },
        Case("boards.deck[1]") { $0[boards: "deck"] = ["prototype", "rehearsal"] },
        Case("boards.empathy-map") {  // phases renamed, default binding names a missing phase
            $0["boards"] = nil
            $0[phase: 1]["id"] = "problem"
        },
        Case("groups") { $0["groups"] = [] as [Any] },
        Case("groups[1].id") { $0[group: 1]["id"] = "g1" },
        Case("groups[2].name") { $0[group: 2]["name"] = "" },
        Case("groups[1].participants[0]") { $0[group: 1]["participants"] = ["Alice Martin"] },
        Case("groups[0].participants[1]") { $0[group: 0]["participants"] = ["Zoé", " "] },
        Case("groups[0].boards[0]") { $0[group: 0]["boards"] = ["whiteboard"] },
        Case("groups[0].boards[1]") { $0[group: 0]["boards"] = ["deck", "deck"] },
        Case("groups[2].jurors[0]") { $0[group: 2]["jurors"] = ["j9"] },
        Case("jurors[1].id") { $0[juror: 1]["id"] = "j1" },
        Case("jurors[0].name") { $0[juror: 0]["name"] = "" },
        Case("observers[0]") { $0["observers"] = [""] },
        // Names print in the record and the exports: no control or text-direction characters.
        Case("groups[0].participants[1]") { $0[group: 0]["participants"] = ["Zoé", "Ana\u{0}"] },
        Case("groups[0].participants[0]") { $0[group: 0]["participants"] = ["\u{202E}anA"] },
        Case("groups[1].name") { $0[group: 1]["name"] = "Groupe\u{1B}[31m" },
        Case("jurors[0].name") { $0[juror: 0]["name"] = "Claire\u{2028}Dubois" },
        Case("title") { $0["title"] = "Sprint \u{2066}CDO" },
        Case("slideLimit") { $0["slideLimit"] = 0 },
        Case("slideLimit") { $0["slideLimit"] = 1.5 },  // valid JSON, a number no integer field holds
        Case("pitch.limitSeconds") { $0["pitch"] = ["limitSeconds": 1e300] },
        Case("groups[1].boards[1]") { $0[group: 1]["boards"] = ["deck", 2.5] },
        Case("pitch.limitSeconds") { $0["pitch"] = ["limitSeconds": 0] },
        Case("pitch.qaLimitSeconds") { $0["pitch"] = ["qaLimitSeconds": -5] },
        Case("pitch.warningsSeconds[0]") { $0["pitch"] = ["warningsSeconds": [700]] },
        Case("pitch.warningsSeconds[1]") { $0["pitch"] = ["warningsSeconds": [60, 60]] },
        Case("phaseWarningsSeconds[0]") { $0["phaseWarningsSeconds"] = [0] },
        Case("scale.step") { $0["scale"] = ["step": 0] },
        Case("scale.step") { $0["scale"] = ["step": 0.3] },
        Case("scale.step") { $0["scale"] = ["step": 1e300] },  // zero whole steps: every score would snap to 0
        Case("scale.step") { $0["scale"] = ["step": 9.223372036854775807e18] },
        Case("scale.step") { $0["scale"] = ["step": 6] },
        Case("scale.max") { $0["scale"] = ["max": 0] },
        Case("scale.min") { $0["scale"] = ["min": -1] },
        Case("rubric") { $0["rubric"] = [] as [Any] },
        Case("rubric[2].weight") { $0[criterion: 2]["weight"] = 0 },
        Case("rubric[2].weight") { $0[criterion: 2]["weight"] = -1 },
        Case("rubric[1].id") { $0[criterion: 1]["id"] = "a14-problem" },
        Case("rubric[3].label.en") { $0[criterion: 3]["label"] = ["fr": "x", "en": ""] },
    ]

    @Test(arguments: cases)
    func aBadFieldIsRefusedByName(_ bad: Case) throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: exampleDefinitionURL())) as? [String: Any])
        bad.mutate(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        let error = #expect(throws: WorkshopError.self) { try SessionDefinition.load(from: data) }
        #expect(error?.field == bad.field, "\(error?.description ?? "no error")")
        #expect(error?.message.isEmpty == false)
    }

    @Test func namesMayHoldJoinedEmojiAndAccents() throws {
        for name in ["👩🏽‍💻 Zoé", "🏳️‍🌈 Ana", "Ĺéa-Ñoël O’Brien", "محمد"] {
            #expect(NameRules.problem(name) == nil, "\(name)")
        }
        #expect(NameRules.problem("Ana\u{7F}")?.contains("U+007F") == true)
        #expect(NameRules.problem(String(repeating: "a", count: 201)) != nil)
    }

    @Test func notJSONAtAllIsRefused() {
        let error = #expect(throws: WorkshopError.self) { try SessionDefinition.load(from: Data("{title".utf8)) }
        #expect(error?.field == "")
        let array = #expect(throws: WorkshopError.self) { try SessionDefinition.load(from: Data("[]".utf8)) }
        #expect(array?.field == "")
    }

    @Test func anUnknownFieldErrorListsTheKnownOnes() {
        let json = #"{"title": "T", "groups": [], "tittle": "oops"}"#
        let error = #expect(throws: WorkshopError.self) { try SessionDefinition.load(from: Data(json.utf8)) }
        #expect(error?.field == "tittle")
        #expect(error?.message.contains("title") == true)
    }
}

extension Dictionary where Key == String, Value == Any {
    fileprivate subscript(list: String, index: Int) -> [String: Any] {
        get { (self[list] as! [Any])[index] as! [String: Any] }
        set {
            var items = self[list] as! [Any]
            items[index] = newValue
            self[list] = items
        }
    }

    fileprivate subscript(phase index: Int) -> [String: Any] {
        get { self["phases", index] }
        set { self["phases", index] = newValue }
    }

    fileprivate subscript(group index: Int) -> [String: Any] {
        get { self["groups", index] }
        set { self["groups", index] = newValue }
    }

    fileprivate subscript(juror index: Int) -> [String: Any] {
        get { self["jurors", index] }
        set { self["jurors", index] = newValue }
    }

    fileprivate subscript(criterion index: Int) -> [String: Any] {
        get { self["rubric", index] }
        set { self["rubric", index] = newValue }
    }

    fileprivate subscript(boards kind: String) -> Any? {
        get { (self["boards"] as? [String: Any])?[kind] }
        set {
            var boards = self["boards"] as? [String: Any] ?? [:]
            boards[kind] = newValue
            self["boards"] = boards
        }
    }
}

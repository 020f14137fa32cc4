import Foundation
import Testing

@testable import Workshop

@Suite("Session definitions: the example, defaults, strict decoding")
struct DefinitionTests {
    @Test func theExampleDefinitionLoadsAndValidates() throws {
        let data = try Data(contentsOf: exampleDefinitionURL())
        let definition = try SessionDefinition.load(from: data)
        #expect(definition.problems().isEmpty)
        #expect(definition.groups.count == 4)
        #expect(definition.groups.allSatisfy { $0.boardKinds == BoardKind.allCases })
        #expect(definition.jurors.map(\.id) == ["j1", "j2", "j3"])
        #expect(definition.timeZone == "Europe/Paris")
        #expect(definition.startDate == nil)
        #expect(definition.phases == Defaults.phases)
        #expect(definition.rubric.map(\.id) == Defaults.rubric.map(\.id))
        #expect(definition.rubric.filter { $0.assessor == .facilitator }.map(\.id) == ["a14-collaboration"])
        #expect(definition.president?.id == "j1")
        #expect(definition.passMark20(of: "A14") == 10)
        #expect(definition.rubric.filter { $0.block == "A14" }.count == 4)
        #expect(definition.rubric.filter { $0.block == "A15" }.count == 4)
        #expect(definition.rubric.filter(\.showsOvertime).map(\.id) == ["a15-format-time"])
        for kind in BoardKind.allCases { #expect(definition.binding(for: kind) == Defaults.bindings[kind]) }
        #expect(definition.slideLimit == 10)
        #expect(definition.pitch == .default)
        #expect(definition.scale == .default)
        #expect(definition.assignedJurors(for: "g3") == ["j1", "j2", "j3"])
    }

    @Test("a definition changed while its session runs is stored as JSON that decodes to itself")
    func encodingRoundTrips() throws {
        var definition = try SessionDefinition.load(from: Data(contentsOf: exampleDefinitionURL()))
        definition.groups[1].name = "Les Zèbres"
        definition.jurors.append(JurorDefinition(id: "j_late", name: "Juré Tardif"))
        let again = try SessionDefinition.load(from: JSONEncoder.epochMilliseconds.encode(definition))
        #expect(again == definition)
        // No problem statement (problemPhase null) stays none, not the default "define".
        let none = try SessionDefinition.load(
            from: Data(#"{"title": "T", "groups": [{"id": "a", "name": "A"}], "problemPhase": null}"#.utf8))
        #expect(none.problemPhase == nil)
        #expect(try SessionDefinition.load(from: JSONEncoder.epochMilliseconds.encode(none)) == none)
    }

    @Test func aMinimalDefinitionTakesTheDefaults() throws {
        let json = #"{"title": "Mini", "groups": [{"id": "a", "name": "A"}]}"#
        let definition = try SessionDefinition.load(from: Data(json.utf8))
        #expect(definition.timeZone == "Europe/Paris")
        #expect(definition.startDate == nil)
        #expect(
            definition.phases.map(\.id) == [
                "empathize", "define", "ideate", "synthesize", "prototype", "test", "pitch",
            ])
        #expect(definition.phases.map(\.day) == [1, 1, 2, 2, 3, 3, 3])
        #expect(definition.binding(for: .deck) == .phases(["prototype", "test"]))
        #expect(definition.binding(for: .swot) == .everyPhase)
        #expect(definition.slideLimit == 10)
        #expect(definition.pitch == PitchSettings(limitSeconds: 600, qaLimitSeconds: 600, warningsSeconds: [120, 60]))
        #expect(definition.phaseWarningsSeconds == [300, 60])
        #expect(definition.scale == ScoreScale(min: 0, max: 5, step: 0.5))
        #expect(definition.rubric.count == 8 && definition.rubric.allSatisfy { $0.weight == 1 })
        #expect(definition.groups[0].participants.isEmpty)
    }

    @Test func aDefinitionRoundTripsThroughJSON() throws {
        let definition = fixtureDefinition()
        let decoded = try SessionDefinition.load(from: JSONEncoder().encode(definition))
        #expect(decoded == definition)
    }

    @Test func jurorsMayBeAssignedPerGroup() throws {
        var definition = fixtureDefinition()
        definition.groups[1].jurors = ["j2", "j3"]
        try definition.validate()
        #expect(definition.assignedJurors(for: "g1") == ["j1", "j2", "j3"])
        #expect(definition.assignedJurors(for: "g2") == ["j2", "j3"])
    }

    @Test func aGroupMayHaveASubsetOfBoards() throws {
        var definition = fixtureDefinition()
        definition.groups[0].boards = ["swot", "deck"]
        try definition.validate()
        #expect(definition.groups[0].boardKinds == [.deck, .swot])
    }

    @Test func bindingsAcceptAllOrPhaseLists() throws {
        let json = #"{"title": "T", "groups": [{"id": "a", "name": "A"}], "boards": {"deck": "all", "hmw": []}}"#
        let definition = try SessionDefinition.load(from: Data(json.utf8))
        #expect(definition.binding(for: .deck) == .everyPhase)
        #expect(definition.binding(for: .hmw) == .phases([]))
        #expect(definition.binding(for: .ideas) == Defaults.bindings[.ideas])
    }

    @Test func problemsListsEveryBadFieldInDocumentOrder() {
        var definition = fixtureDefinition()
        definition.title = ""
        definition.slideLimit = 0
        definition.rubric[0].weight = 0
        #expect(definition.problems().map(\.field) == ["title", "slideLimit", "rubric[0].weight"])
    }

    @Test func theErrorDescriptionNamesTheField() {
        #expect(WorkshopError(field: "phases[3].day", message: "bad").description == "phases[3].day: bad")
        #expect(WorkshopError(field: "", message: "not JSON").description == "not JSON")
    }
}

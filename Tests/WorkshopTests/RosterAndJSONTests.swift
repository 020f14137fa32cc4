import Foundation
import Testing

@testable import Workshop

@Suite("Roster and JSON shapes for the HTTP layer")
struct RosterAndJSONTests {
    @Test func inviteesListParticipantsJurorsAndObservers() throws {
        let definition = try SessionDefinition.load(from: Data(contentsOf: exampleDefinitionURL()))
        let invitees = definition.invitees
        #expect(invitees.filter { $0.role == .participant }.count == 16)
        #expect(invitees.first == Invitee(name: "Alice Martin", role: .participant, group: "g1"))
        #expect(invitees.filter { $0.role == .juror }.map(\.jurorId) == ["j1", "j2", "j3"])
        #expect(invitees.last == Invitee(name: "Thomas Observateur", role: .observer, group: nil))
    }

    @Test func coFacilitatorsAreInviteesLastAndRoundTrip() throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: exampleDefinitionURL())) as? [String: Any])
        object["coFacilitators"] = ["Marc Dupont"]
        let definition = try SessionDefinition.load(from: JSONSerialization.data(withJSONObject: object))
        #expect(definition.invitees.last == Invitee(name: "Marc Dupont", role: .facilitator, group: nil))
        let again = try SessionDefinition.decode(from: JSONEncoder().encode(definition))
        #expect(again == definition)
        // Without co-facilitators the stored form is as before: no empty list written.
        let plain = try SessionDefinition.load(from: Data(contentsOf: exampleDefinitionURL()))
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("coFacilitators"))
        // An empty name is refused, naming the field.
        object["coFacilitators"] = ["  "]
        #expect(throws: WorkshopError.self) {
            try SessionDefinition.load(from: JSONSerialization.data(withJSONObject: object))
        }
        #expect(
            SessionDefinition(title: "T", groups: [], coFacilitators: [" "]).problems().contains {
                $0.description.contains("coFacilitators[0]")
            })
    }

    @Test func hiddenResultsAreExplicitNulls() throws {
        let view = Jury(definition: fixtureDefinition()).results(for: .juror("j1"))
        let json = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? [String: Any])
        let group = try #require((json["groups"] as? [[String: Any]])?.first)
        #expect(group["id"] as? String == "g1")
        #expect(group["total20"] is NSNull)
        #expect(group["overtimeMs"] is NSNull)
        let criterion = try #require((group["criteria"] as? [[String: Any]])?.first)
        #expect(criterion["mean"] is NSNull && criterion["spread"] is NSNull && criterion["flagged"] is NSNull)
        let juror = try #require((group["jurors"] as? [[String: Any]])?.first)
        #expect(juror["id"] as? String == "j1" && juror["submitted"] as? Bool == false)
        #expect(try JSONDecoder().decode(ResultsView.self, from: JSONEncoder().encode(view)) == view)
    }

    @Test func aQALogCanBeRestored() {
        let entry = QAEntry(id: "qa-1", kind: .question, text: "Q", askedAt: Date(epochMilliseconds: 5), author: "j1")
        var log = QALog(entries: [entry])
        let next = try? log.add(kind: .remark, text: "R", by: .juror("j2"), at: Date(epochMilliseconds: 9))
        #expect(next?.entry.id == "qa-2")
    }
}

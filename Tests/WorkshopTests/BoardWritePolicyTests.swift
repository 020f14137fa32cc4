import Foundation
import Testing

@testable import Workshop

/// The write policy a session pushes to a board's room decides, with nothing else: who
/// writes, who reads, when a deck is frozen, when a locked board opens again.
@Suite("Board write policy")
struct BoardWritePolicyTests {
    let definition = try! SessionDefinition.load(from: Data(#"{"title":"T","groups":[{"id":"g1","name":"G"}]}"#.utf8))

    func state(in phase: String) throws -> SessionState {
        let now = Date(epochMilliseconds: 1_780_000_000_000)
        var state = SessionState(definition: definition, calendar: try definition.calendar(createdAt: now), at: now)
        if phase != state.sprint.currentPhase.id {
            _ = try state.perform(.goto(phase: phase, override: true, reason: "t"), by: .facilitator(), at: now)
        }
        return state
    }

    @Test("participants write their group's boards in the bound phases; facilitators bypass the lock")
    func phaseLock() throws {
        let ideas = BoardRef(kind: .ideas, group: "g1")
        let locked = try state(in: "empathize").writePolicy(for: ideas, sessionId: "s", definition: definition)
        #expect(locked.writeRefusal(for: .participant("p", group: "g1"))?.code == .phaseLocked)
        #expect(locked.writeRefusal(for: .participant("p", group: "g1"))?.message.contains("ideate") == true)
        #expect(locked.writeRefusal(for: .facilitator()) == nil)
        #expect(locked.opensIn == "ideate")
        let open = try state(in: "ideate").writePolicy(for: ideas, sessionId: "s", definition: definition)
        #expect(open.writeRefusal(for: .participant("p", group: "g1")) == nil)
        #expect(open.writeRefusal(for: .participant("q", group: "g2"))?.code == .notYourGroup)
    }

    @Test("jurors and observers never write; observers read during the pitch phase only")
    func readOnlyRoles() throws {
        let board = BoardRef(kind: .swot, group: "g1")
        let pitch = try state(in: "pitch").writePolicy(for: board, sessionId: "s", definition: definition)
        #expect(pitch.writeRefusal(for: .juror("j1"))?.code == .readOnlyRole)
        #expect(pitch.writeRefusal(for: .observer("o"))?.code == .readOnlyRole)
        #expect(pitch.writeRefusal(for: .juror("j1"))?.isQuarantined == false)
        #expect(pitch.mayRead(.observer("o")))
        let test = try state(in: "test").writePolicy(for: board, sessionId: "s", definition: definition)
        #expect(!test.mayRead(.observer("o")))
        #expect(test.mayRead(.juror("j1")) && !test.mayRead(.participant("q", group: "g2")))
    }

    @Test("a deck is frozen for everyone while its pitch runs, and carries the slide limit")
    func frozenDeck() throws {
        var state = try state(in: "pitch")
        let deck = BoardRef(kind: .deck, group: "g1")
        _ = try state.startPitch(
            group: "g1", by: .juror("j1"), slideCount: 3, definition: definition, override: false, reason: nil,
            at: Date(epochMilliseconds: 1_780_000_100_000))
        let policy = state.writePolicy(for: deck, sessionId: "s", definition: definition)
        #expect(policy.deckFrozen && policy.slideLimit == 10)
        #expect(policy.writeRefusal(for: .facilitator())?.code == .deckFrozen)
    }

    @Test("an ad-hoc board is the facilitator's alone")
    func adHoc() {
        #expect(BoardWritePolicy.adHoc.mayRead(.facilitator()))
        #expect(!BoardWritePolicy.adHoc.mayRead(.juror("j")))
        #expect(BoardWritePolicy.adHoc.writeRefusal(for: .facilitator()) == nil)
    }
}

import Foundation
import Testing

@testable import Workshop

@Suite("Board access per role, group and phase")
struct BoardAccessTests {
    let access = BoardAccess(definition: fixtureDefinition())
    let alice = Caller.participant("p1a", group: "g1")

    @Test func participantsWriteTheirGroupsBoardsInBoundPhases() {
        let empathy = BoardRef(kind: .empathyMap, group: "g1")
        #expect(access.canWrite(caller: alice, board: empathy, phase: "empathize", deckFrozen: false))
        #expect(access.canWrite(caller: alice, board: empathy, phase: "define", deckFrozen: false))
        let locked = access.writeRefusal(caller: alice, board: empathy, phase: "ideate", deckFrozen: false)
        #expect(locked?.code == .phaseLocked)
        #expect(locked?.isQuarantined == true)
    }

    @Test(arguments: [
        (BoardKind.empathyMap, ["empathize", "define"]),
        (.hmw, ["define"]),
        (.moodBoard, ["ideate", "synthesize"]),
        (.ideas, ["ideate", "synthesize"]),
        (.prototype, ["prototype", "test"]),
        (.deck, ["prototype", "test"]),
        (.testGrid, ["test"]),
        (.swot, Defaults.phases.map(\.id)),
        (.businessModelCanvas, Defaults.phases.map(\.id)),
        (.mindMap, Defaults.phases.map(\.id)),
    ])
    func defaultBindingsFollowTheDesignTable(kind: BoardKind, writable: [String]) {
        let board = BoardRef(kind: kind, group: "g1")
        for phase in Defaults.phases.map(\.id) {
            #expect(
                access.canWrite(caller: alice, board: board, phase: phase, deckFrozen: false)
                    == writable.contains(phase),
                "\(kind.rawValue) in \(phase)")
        }
    }

    @Test func participantsNeverWriteAnotherGroupsBoards() {
        let other = BoardRef(kind: .swot, group: "g2")
        #expect(
            access.writeRefusal(caller: alice, board: other, phase: "empathize", deckFrozen: false)?.code
                == .notYourGroup)
    }

    @Test func facilitatorsBypassThePhaseLockButNotAFrozenDeck() {
        let facilitator = Caller.facilitator()
        #expect(
            access.canWrite(
                caller: facilitator, board: BoardRef(kind: .empathyMap, group: "g3"), phase: "pitch", deckFrozen: false)
        )
        #expect(
            access.canWrite(
                caller: facilitator, board: BoardRef(kind: .deck, group: "g3"), phase: "pitch", deckFrozen: false))
        let frozen = access.writeRefusal(
            caller: facilitator, board: BoardRef(kind: .deck, group: "g3"), phase: "test", deckFrozen: true)
        #expect(frozen?.code == .deckFrozen)
    }

    @Test func aFrozenDeckRefusesParticipantsEvenInABoundPhase() {
        let deck = BoardRef(kind: .deck, group: "g1")
        #expect(access.writeRefusal(caller: alice, board: deck, phase: "test", deckFrozen: true)?.code == .deckFrozen)
        // Only the deck freezes.
        #expect(
            access.canWrite(
                caller: alice, board: BoardRef(kind: .prototype, group: "g1"), phase: "test", deckFrozen: true))
    }

    @Test(arguments: [Caller.juror("j1"), .observer("o1")])
    func jurorsAndObserversNeverWrite(caller: Caller) {
        let refusal = access.writeRefusal(
            caller: caller, board: BoardRef(kind: .swot, group: "g1"), phase: "test", deckFrozen: false)
        #expect(refusal?.code == .readOnlyRole)
        #expect(refusal?.isQuarantined == false)
    }

    @Test func theSlideLimitHoldsForEveryone() {
        #expect(BoardAccess.slideLimitRefusal(slideCount: 10, limit: 10) == nil)
        let refusal = BoardAccess.slideLimitRefusal(slideCount: 11, limit: 10)
        #expect(refusal?.code == .slideLimit)
        #expect(refusal?.message == "the deck would hold 11 slides; the limit is 10")
        #expect(refusal?.isQuarantined == true)
    }

    @Test func customBindingsApply() throws {
        var definition = fixtureDefinition()
        definition.boards = ["deck": .everyPhase, "hmw": .phases([])]
        let access = BoardAccess(definition: definition)
        #expect(
            access.canWrite(
                caller: alice, board: BoardRef(kind: .deck, group: "g1"), phase: "empathize", deckFrozen: false))
        #expect(
            !access.canWrite(
                caller: alice, board: BoardRef(kind: .hmw, group: "g1"), phase: "define", deckFrozen: false))
    }

    @Test func readRules() {
        let board = BoardRef(kind: .ideas, group: "g2")
        #expect(access.canRead(caller: .facilitator(), board: board, observers: .none))
        #expect(access.canRead(caller: .juror("j1"), board: board, observers: .none))
        #expect(!access.canRead(caller: alice, board: board, observers: .all))
        #expect(access.canRead(caller: alice, board: BoardRef(kind: .ideas, group: "g1"), observers: .none))
        #expect(!access.canRead(caller: .observer("o1"), board: board, observers: .none))
        #expect(access.canRead(caller: .observer("o1"), board: board, observers: .groups(["g2"])))
        #expect(!access.canRead(caller: .observer("o1"), board: board, observers: .groups(["g1"])))
        #expect(access.canRead(caller: .observer("o1"), board: board, observers: .all))
    }
}

@Suite("Role × command matrix")
struct PermissionsTests {
    /// The expected matrix, written out in full: F, P, J, O.
    static let expected: [(Command, Set<Role>)] = [
        (.createSession, [.facilitator]),
        (.readSession, [.facilitator, .participant, .juror, .observer]),
        (.manageInvites, [.facilitator]),
        (.changePhase, [.facilitator]),
        (.readAudit, [.facilitator]),
        (.manageQuarantine, [.facilitator]),
        (.manageObservers, [.facilitator]),
        (.uploadAsset, [.facilitator, .participant]),
        (.runPitch, [.facilitator, .juror]),
        (.changeSlide, [.facilitator, .participant]),
        (.runQA, [.facilitator, .juror]),
        (.logQA, [.facilitator, .juror]),
        (.score, [.juror]),
        (.earlyReveal, [.facilitator]),
        (.readResults, [.facilitator, .juror]),
        (.exportResults, [.facilitator]),
    ]

    @Test func everyCommandIsInTheMatrix() {
        #expect(Set(Self.expected.map(\.0)) == Set(Command.allCases))
    }

    @Test(arguments: Role.allCases)
    func matrix(role: Role) {
        for (command, roles) in Self.expected {
            #expect(Permissions.allows(role, command) == roles.contains(role), "\(role) \(command)")
        }
    }

    @Test func groupScopedCommandsCheckTheParticipantsGroup() throws {
        let bob = Caller.participant("p1b", group: "g1")
        try Permissions.check(bob, .changeSlide, group: "g1")
        #expect(throws: WorkshopError.self) { try Permissions.check(bob, .changeSlide, group: "g2") }
        try Permissions.check(.facilitator(), .changeSlide, group: "g2")
        let error = #expect(throws: WorkshopError.self) { try Permissions.check(.observer("o"), .score) }
        #expect(error?.code == .forbidden)
    }
}

/// What one board's room allows right now, decided by its session and pushed to the room
/// whenever the phase, a pitch or the membership changes: the room judges every update and
/// every reader from it alone, without asking anyone on an update's path.
///
/// For example:
/// ```swift
/// let policy = state.writePolicy(for: BoardRef(kind: .deck, group: "g1"), sessionId: id, definition: definition)
/// policy.writeRefusal(for: .participant("i_alice", group: "g1"))  // nil, phase-locked, deck-frozen…
/// ```
package struct BoardWritePolicy: Sendable, Hashable {
    /// The board's kind and group; nil for an ad-hoc board outside any session (facilitator only).
    package var board: BoardRef?
    /// The board's session; nil outside sessions.
    package var sessionId: String?
    /// The session version the policy was computed from: a room keeps the newest it got.
    package var version: Int64 = 0
    /// The phase in force (attribution of stored updates); nil outside sessions.
    package var phase: String?
    /// Whether the board's kind is writable by its group in this phase.
    package var writableInPhase: Bool
    /// Whether the deck is frozen (its pitch runs).
    package var deckFrozen: Bool
    /// The deck's slide limit (decks only).
    package var slideLimit: Int?
    /// Whether observers may read the board now.
    package var observersRead: Bool
    /// When the board opens again for its group: the next phase it is bound to, if any.
    package var opensIn: String?
    /// Whether the session is archived (no one writes, the facilitator included).
    package var archived = false
    /// While the board is private: the update position it went private at (what its
    /// participants write afterwards is withheld from one another); nil while shared.
    package var privateSince: Int64?
    /// The board's participants (whose updates private mode withholds), while it is private.
    package var privateAuthors: Set<String> = []

    /// The policy of a board outside any session: only the facilitator opens it, and nothing is refused.
    package static let adHoc = BoardWritePolicy(
        board: nil, sessionId: nil, phase: nil, writableInPhase: true, deckFrozen: false, slideLimit: nil,
        observersRead: false,
        opensIn: nil)

    /// Creates a policy.
    package init(
        board: BoardRef?, sessionId: String?, phase: String?, writableInPhase: Bool, deckFrozen: Bool, slideLimit: Int?,
        observersRead: Bool, opensIn: String?
    ) {
        self.board = board
        self.sessionId = sessionId
        self.phase = phase
        self.writableInPhase = writableInPhase
        self.deckFrozen = deckFrozen
        self.slideLimit = slideLimit
        self.observersRead = observersRead
        self.opensIn = opensIn
    }

    /// Why `caller` may not write the board now; nil when it may. Jurors and observers never
    /// write; participants write their own group's boards in the phases the kind is bound to;
    /// facilitators bypass the phase lock only; a frozen deck refuses everyone.
    package func writeRefusal(for caller: Caller) -> BoardRefusal? {
        switch caller.role {
        case .juror, .observer:
            return BoardRefusal(.readOnlyRole, "a \(caller.role.rawValue) reads boards but does not edit them")
        case .participant:
            guard let board, caller.group == board.group else {
                return BoardRefusal(.notYourGroup, "this board belongs to another group")
            }
        case .facilitator:
            break
        }
        if archived {
            return BoardRefusal(.archived, "the session is archived: its boards are read-only")
        }
        if deckFrozen {
            return BoardRefusal(.deckFrozen, "the deck is frozen while its pitch runs")
        }
        if caller.role != .facilitator && !writableInPhase, let board {
            let opens = opensIn.map { "; it opens again in phase \"\($0)\"" } ?? ""
            return BoardRefusal(
                .phaseLocked, "the \(board.kind.rawValue) board is read-only in phase \"\(phase ?? "")\"\(opens)")
        }
        return nil
    }

    /// Whether `caller` may read the board (and keep an open socket on it).
    package func mayRead(_ caller: Caller) -> Bool {
        guard let board else { return caller.role == .facilitator }
        switch caller.role {
        case .facilitator, .juror: return true
        case .participant: return caller.group == board.group
        case .observer: return observersRead
        }
    }
}

extension SessionState {
    /// The policy of one of the session's boards, from the state and the definition.
    package func writePolicy(for board: BoardRef, sessionId: String, definition: SessionDefinition)
        -> BoardWritePolicy
    {
        let phase = sprint.currentPhase.id
        let binding = definition.binding(for: board.kind)
        let later = sprint.phases.dropFirst(sprint.phaseIndex + 1).first { binding.isWritable(in: $0.id) }?.id
        var policy = BoardWritePolicy(
            board: board, sessionId: sessionId, phase: phase, writableInPhase: binding.isWritable(in: phase),
            deckFrozen: board.kind == .deck && (pitches[board.group]?.isDeckFrozen ?? false),
            slideLimit: board.kind == .deck ? definition.slideLimit : nil,
            observersRead: phase == definition.pitchPhase, opensIn: later)
        policy.archived = archivedAt != nil
        return policy
    }
}

/// A board as access rules see it: its kind and the group it belongs to.
package struct BoardRef: Codable, Sendable, Hashable {
    /// The board's kind.
    package var kind: BoardKind
    /// The id of the group owning the board.
    package var group: String

    /// Creates a board reference.
    package init(kind: BoardKind, group: String) {
        self.kind = kind
        self.group = group
    }
}

/// Why a board refuses a read or a write.
package struct BoardRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable refusal codes.
    package enum Code: String, Sendable, Hashable, CaseIterable {
        /// The board's kind is not writable in the current phase (quarantined by the hub).
        case phaseLocked = "phase-locked"
        /// The deck is frozen while its pitch runs.
        case deckFrozen = "deck-frozen"
        /// The update would make the deck exceed the slide limit (quarantined by the hub).
        case slideLimit = "slide-limit"
        /// A participant's write or read to another group's board.
        case notYourGroup = "not-your-group"
        /// The role never writes boards (jurors, observers).
        case readOnlyRole = "read-only-role"
        /// The caller may not read this board.
        case notReadable = "not-readable"
        /// A write to a part of the document the server owns (`meta`; vote counts once counted).
        case serverOwned = "server-owned"
        /// The session is archived: its boards are read-only for everyone (quarantined).
        case archived = "session-archived"
        /// The update would make the board larger than the server lets one board be (quarantined).
        case boardFull = "board-full"
    }

    /// The stable code.
    package var code: Code
    /// A human-readable reason, sent to the client.
    package var message: String

    /// Creates a refusal.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Whether the hub keeps the refused update in quarantine (the phase lock and the slide
    /// limit); other refusals close the socket as "not allowed on this board" (4403).
    package var isQuarantined: Bool {
        code == .phaseLocked || code == .slideLimit || code == .deckFrozen || code == .serverOwned
            || code == .archived || code == .boardFull
    }

    /// `code: message`.
    package var description: String { "\(code.rawValue): \(message)" }
}

/// Which groups' boards observers may read; the facilitator changes it (e.g. during pitches).
package enum ObserverAccess: Codable, Sendable, Hashable {
    /// Observers read nothing.
    case none
    /// Observers read these groups' boards.
    case groups(Set<String>)
    /// Observers read every board.
    case all

    /// Whether observers may read `group`'s boards.
    package func allows(group: String) -> Bool {
        switch self {
        case .none: false
        case .groups(let ids): ids.contains(group)
        case .all: true
        }
    }
}

/// Board read and write rules: who reads and writes which board in which phase.
///
/// Writes: participants write their own group's boards in the phases the board's kind is
/// bound to; facilitators write every board in every phase (they bypass the phase lock,
/// nothing else); jurors and observers never write. A deck is frozen for everyone while its
/// pitch runs. The slide limit is checked separately (``slideLimitRefusal(slideCount:limit:)``)
/// because it needs a dry run of the update.
///
/// Reads: facilitators and jurors read every board; participants their own group's;
/// observers what ``ObserverAccess`` grants.
package struct BoardAccess: Sendable, Hashable {
    /// The binding of each board kind.
    package var bindings: [BoardKind: BoardBinding]

    /// Rules for `definition`'s bindings.
    package init(definition: SessionDefinition) {
        bindings = Dictionary(uniqueKeysWithValues: BoardKind.allCases.map { ($0, definition.binding(for: $0)) })
    }

    /// Whether `caller` may write `board` in phase `phase`; nil means allowed.
    package func writeRefusal(caller: Caller, board: BoardRef, phase: String, deckFrozen: Bool) -> BoardRefusal? {
        switch caller.role {
        case .juror, .observer:
            return BoardRefusal(.readOnlyRole, "a \(caller.role.rawValue) reads boards but does not edit them")
        case .participant:
            guard caller.group == board.group else {
                return BoardRefusal(.notYourGroup, "this board belongs to another group")
            }
        case .facilitator:
            break
        }
        if board.kind == .deck && deckFrozen {
            return BoardRefusal(.deckFrozen, "the deck is frozen while its pitch runs")
        }
        if caller.role != .facilitator && !(bindings[board.kind] ?? .everyPhase).isWritable(in: phase) {
            return BoardRefusal(.phaseLocked, "the \(board.kind.rawValue) board is read-only in phase \"\(phase)\"")
        }
        return nil
    }

    /// Whether `caller` may write `board` in phase `phase`.
    package func canWrite(caller: Caller, board: BoardRef, phase: String, deckFrozen: Bool) -> Bool {
        writeRefusal(caller: caller, board: board, phase: phase, deckFrozen: deckFrozen) == nil
    }

    /// Whether `caller` may read `board`.
    package func canRead(caller: Caller, board: BoardRef, observers: ObserverAccess) -> Bool {
        switch caller.role {
        case .facilitator, .juror: true
        case .participant: caller.group == board.group
        case .observer: observers.allows(group: board.group)
        }
    }

    /// The refusal for a deck of `slideCount` slides under `limit`, if it breaks it (for everyone).
    package static func slideLimitRefusal(slideCount: Int, limit: Int) -> BoardRefusal? {
        guard slideCount > limit else { return nil }
        return BoardRefusal(.slideLimit, "the deck would hold \(slideCount) slides; the limit is \(limit)")
    }
}

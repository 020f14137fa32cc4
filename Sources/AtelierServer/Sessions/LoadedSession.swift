import Foundation
import Storage
import Workshop

/// A session as the server holds it between changes: its definition (brought within limits),
/// its state at one version, its boards and its invites. A value: readers take a copy; only
/// ``SessionService`` installs a newer one, after the store committed it.
struct LoadedSession: Sendable {
    /// `s_…`.
    let id: String
    /// The definition's title.
    let title: String
    /// Creation time, epoch ms.
    let createdAt: Int64
    /// The stored version this copy reflects.
    let version: Int64
    /// The definition (numbers within ``Limits``).
    let definition: SessionDefinition
    /// The sprint's days.
    let calendar: SprintCalendar
    /// The state at ``version``.
    let state: SessionState
    /// The boards, in creation order.
    let boards: [BoardRecord]
    /// The invites, in creation order.
    let invites: [InviteRecord]

    /// The phase id in force.
    var phase: String { state.sprint.currentPhase.id }

    /// The deck board of a group, if it has one.
    func deck(ofGroup group: String) -> BoardRecord? {
        boards.first { $0.groupId == group && $0.kind == .deck }
    }

    /// The board with this id, if it is the session's.
    func board(_ id: String) -> BoardRecord? {
        boards.first { $0.id == id }
    }

    /// What the board's room allows now.
    func policy(for board: BoardRecord) -> BoardWritePolicy {
        var policy = state.writePolicy(
            for: BoardRef(kind: board.kind, group: board.groupId), sessionId: id, definition: definition)
        policy.version = version
        if let mode = state.privateBoards[board.id] {
            policy.privateSince = mode.since
            policy.privateAuthors = participantIDs(of: board.groupId)
        }
        return policy
    }

    /// The invite ids of a group's participants (whose updates private mode withholds).
    func participantIDs(of group: String) -> Set<String> {
        Set(invites.filter { $0.role == .participant && $0.groupId == group }.map(\.id))
    }

    /// Whether `caller` may read `board` now.
    func mayRead(_ caller: Caller, board: BoardRecord) -> Bool {
        policy(for: board).mayRead(caller)
    }

    /// Whether the board's group (its participants) may write it now.
    func groupMayWrite(_ board: BoardRecord) -> Bool {
        policy(for: board).writeRefusal(for: .participant("probe", group: board.groupId)) == nil
    }

    /// The display name of a person id (invite id, juror id, `facilitator`), or the id.
    func name(of person: String) -> String {
        if let invite = invites.first(where: { $0.id == person }) { return invite.name }
        if let juror = definition.jurors.first(where: { $0.id == person }) { return juror.name }
        if person == "facilitator", let name = definition.facilitator { return name }
        return person
    }

    /// The name of a candidate (their participant's), or the id.
    func candidateName(_ id: String) -> String {
        state.jury.candidate(id).map { name(of: $0.invite) } ?? id
    }

    /// Every candidate's name, by candidate id.
    var candidateNames: [String: String] {
        Dictionary(uniqueKeysWithValues: state.jury.candidates.map { ($0.id, name(of: $0.invite)) })
    }

    /// The candidate of a participant invite, if any.
    func candidate(ofInvite invite: String) -> Candidate? {
        state.jury.candidates.first { $0.invite == invite }
    }

    /// The group's name, or its id.
    func groupName(_ group: String) -> String {
        definition.groups.first { $0.id == group }?.name ?? group
    }

    /// The same session at another state and version.
    func with(
        state: SessionState, version: Int64, invites: [InviteRecord]? = nil, definition: SessionDefinition? = nil,
        calendar: SprintCalendar? = nil
    ) -> LoadedSession {
        LoadedSession(
            id: id, title: title, createdAt: createdAt, version: version, definition: definition ?? self.definition,
            calendar: calendar ?? self.calendar, state: state, boards: boards, invites: invites ?? self.invites)
    }
}

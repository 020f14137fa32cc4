import Foundation
import Storage
import Workshop

/// The people of a running session, changed by a facilitator (a participant who joins late,
/// a juror replaced, a co-facilitator added, a group renamed). A person's name is stored once, in their invite (a
/// juror's also in the definition's juror list, which gives the juror id its name); the rest of
/// the session refers to them by id. What a signed record holds is its own copy: nothing here
/// rewrites it.
extension SessionChange {
    /// Adds a person with a new invite (its token's digest given); a participant becomes a
    /// candidate of their group, a juror a new seat of the jury (assigned every group, unless
    /// the definition assigns jurors per group), a facilitator a co-facilitator of this session
    /// (an invite only, like an observer added later). Returns the invite and the candidate.
    mutating func addPerson(name: String, role: Role, group: String?, tokenHash: String) throws
        -> (invite: InviteRecord, candidate: Candidate?)
    {
        let name = try Self.validName(name)
        var jurorId: String?
        var candidate: Candidate?
        let inviteID = Identifiers.make("i")
        if role == .participant || role == .juror, state.deliberation.closedVersion != nil {
            throw WorkshopError(
                .recordClosed, "the jury's record is signed: reopen it to add a candidate or a juror")
        }
        switch role {
        case .participant:
            guard let group, definition.groups.contains(where: { $0.id == group }) else {
                throw WorkshopError(.unknownGroup, "a participant needs the id of one of the session's groups")
            }
            candidate = Candidate(id: Identifiers.make("c"), invite: inviteID, group: group)
        case .juror:
            guard group == nil else { throw WorkshopError(.invalidEntry, "a juror belongs to no group") }
            let id = "j_" + Identifiers.make("x").dropFirst(2).prefix(8)
            definition.jurors.append(JurorDefinition(id: String(id), name: name))
            jurorId = String(id)
        case .observer:
            guard group == nil else { throw WorkshopError(.invalidEntry, "an observer belongs to no group") }
        case .facilitator:
            guard group == nil else { throw WorkshopError(.invalidEntry, "a co-facilitator belongs to no group") }
        }
        guard invites.count < Limits.maxParticipants else {
            throw WorkshopError(.invalidEntry, "a session has at most \(Limits.maxParticipants) invites")
        }
        let invite = InviteRecord(
            id: inviteID, sessionId: sessionId, tokenHash: tokenHash, name: name, role: role,
            groupId: role == .participant ? group : nil, jurorId: jurorId, createdAt: now.epochMilliseconds)
        inviteChanges.append(invite)
        if let candidate { state.jury.add(candidate) }
        audit("person.add", ["invite": invite.id, "role": role.rawValue, "group": group])
        return (invite, candidate)
    }

    /// Renames a person, moves a participant to another group, or both. Moving is refused
    /// once the jury's record is closed (the record graded them in their group).
    mutating func editPerson(_ inviteID: String, name: String?, group: String?) throws -> InviteRecord {
        guard var invite = invites.first(where: { $0.id == inviteID }) else {
            throw WorkshopError(.notFound, "no invite \(inviteID)")
        }
        try Self.refuseErased(invite)
        let unchanged = invite
        if let name {
            let former = invite.name
            invite.name = try Self.validName(name)
            if invite.name != former { renameInDefinition(invite, from: former) }
        }
        if let group, group != invite.groupId {
            guard invite.role == .participant else {
                throw WorkshopError(.invalidEntry, "only a participant belongs to a group")
            }
            guard definition.groups.contains(where: { $0.id == group }) else {
                throw WorkshopError(.unknownGroup, "no group \(group)")
            }
            guard state.deliberation.closedVersion == nil else {
                throw WorkshopError(.recordClosed, "the jury's record is signed: reopen it to move a candidate")
            }
            invite.groupId = group
            if let candidate = state.jury.candidates.first(where: { $0.invite == inviteID }) {
                state.jury.move(candidate: candidate.id, to: group)
            }
        }
        guard invite != unchanged else { return invite }  // the same name and group again: nothing to audit
        inviteChanges.append(invite)
        audit(
            "person.edit",
            [
                "invite": invite.id, "group": invite.groupId == unchanged.groupId ? nil : group,
                "renamed": invite.name == unchanged.name ? nil : "true",
            ])
        return invite
    }

    /// The definition's lists name the person by their new name (`former` was their last one):
    /// the juror list by juror id; one mention of `former` in their group's participants (any
    /// group's, after a move), the observers or the co-facilitators. So no former name stays
    /// behind for an erasure to miss.
    private mutating func renameInDefinition(_ invite: InviteRecord, from former: String) {
        switch invite.role {
        case .juror:
            if let juror = invite.jurorId, let index = definition.jurors.firstIndex(where: { $0.id == juror }) {
                definition.jurors[index].name = invite.name
            }
        case .participant:
            let groups = definition.groups.indices
            let own = groups.filter { definition.groups[$0].id == invite.groupId }
            for group in own + groups.filter({ !own.contains($0) }) {
                if let index = definition.groups[group].participants.firstIndex(of: former) {
                    definition.groups[group].participants[index] = invite.name
                    return
                }
            }
        case .observer:
            if let index = definition.observers.firstIndex(of: former) { definition.observers[index] = invite.name }
        case .facilitator:
            if let index = definition.coFacilitators.firstIndex(of: former) {
                definition.coFacilitators[index] = invite.name
            }
        }
    }

    /// The pseudonym an erased person's invite takes.
    static func pseudonym(of invite: InviteRecord) -> String {
        "— \(invite.id.suffix(6))"
    }

    /// Refuses (409 `person-erased`) to change an erased person's invite: a rename or a new link
    /// would give the erased person back a name or a way in.
    static func refuseErased(_ invite: InviteRecord) throws {
        guard invite.name != pseudonym(of: invite) else {
            throw WorkshopError(.personErased, "\(invite.id) was erased: add the person again instead")
        }
    }

    /// Erases a person's name (GDPR art. 17): their invite — the one place the name is kept —
    /// takes a pseudonym and is revoked; the definition's lists name them by the pseudonym too.
    /// Everything else refers to them by id and stays. A signed record keeps its own copy, the
    /// documented exception (the certifier's legal obligation, art. 17(3)(b)).
    mutating func erasePerson(_ inviteID: String) throws -> (invite: InviteRecord, formerName: String) {
        guard var invite = invites.first(where: { $0.id == inviteID }) else {
            throw WorkshopError(.notFound, "no invite \(inviteID)")
        }
        let former = invite.name
        let pseudonym = Self.pseudonym(of: invite)
        invite.name = pseudonym
        invite.revokedAt = invite.revokedAt ?? now.epochMilliseconds
        for index in definition.groups.indices {
            definition.groups[index].participants = definition.groups[index].participants.map {
                $0 == former ? pseudonym : $0
            }
        }
        if let juror = invite.jurorId, let index = definition.jurors.firstIndex(where: { $0.id == juror }) {
            definition.jurors[index].name = pseudonym
        }
        definition.observers = definition.observers.map { $0 == former ? pseudonym : $0 }
        definition.coFacilitators = definition.coFacilitators.map { $0 == former ? pseudonym : $0 }
        if definition.facilitator == former { definition.facilitator = pseudonym }
        inviteChanges.append(invite)
        audit("person.erase", ["invite": invite.id])
        return (invite, former)
    }

    /// An export of a person's data, audited.
    mutating func recordExport(of inviteID: String) {
        audit("person.export", ["invite": inviteID])
    }

    /// Moves the sprint's days to start on `startDate`: the phases' days, the time box of a
    /// phase whose day has not begun, and the retention date follow; audited with both dates.
    mutating func moveDates(to startDate: CalendarDay) throws {
        let before = state.sprint.calendar.startDay
        guard startDate != before else { return }  // a retry: the days are where they were asked to be
        definition.startDate = startDate
        if let problem = definition.problems().first { throw problem }
        let calendar = try definition.calendar(createdAt: now)
        state.sprint.moveDays(to: calendar, at: now)
        state.datesMovedAt = now
        audit("session.dates", ["from": before.description, "to": startDate.description])
    }

    /// Renames a group.
    mutating func renameGroup(_ groupID: String, to name: String) throws {
        guard let index = definition.groups.firstIndex(where: { $0.id == groupID }) else {
            throw WorkshopError(.unknownGroup, "no group \(groupID)")
        }
        let name = try Self.validName(name)
        guard definition.groups[index].name != name else { return }  // a retry: nothing to audit
        definition.groups[index].name = name
        audit("group.rename", ["group": groupID])
    }

    private static func validName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = NameRules.problem(trimmed) { throw WorkshopError(.invalidEntry, "a name \(problem)") }
        return trimmed
    }

    /// An audit line of the change's actor (a facilitator), its details as JSON (ids only, never names).
    private mutating func audit(_ action: String, _ details: [String: String?]) {
        let present = details.compactMapValues { $0 }
        let detail = (try? JSONSerialization.data(withJSONObject: present, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) }
        auditLines.append(
            AuditEntryRecord(
                sessionId: sessionId, at: now.epochMilliseconds, actor: actor, action: action, detail: detail))
    }
}

import HTTPTypes
import Storage
import Workshop

/// Who a bearer token belongs to: the administrator, or the holder of an invite.
///
/// The administrator holds the server-wide facilitator token: every session, and the
/// server's own routes (creating and deleting sessions, the list of every session, signed
/// records, image collection, a person's data). An invite belongs to one session; an invite
/// whose role is `facilitator` is a co-facilitator, with the facilitator's rights on that
/// session only (``facilitates(_:)``).
///
/// For example:
/// ```swift
/// guard principal.facilitates(session.id) else { throw APIError(.forbidden, …) }
/// ```
enum Principal: Sendable {
    /// The administrator (the server-wide facilitator token; every session).
    case facilitator
    /// A participant, juror, observer or co-facilitator of one session.
    case invite(InviteRecord)

    /// The workshop caller for rules and permissions (a co-facilitator is a facilitator
    /// known by their invite id).
    var caller: Caller {
        switch self {
        case .facilitator: return .facilitator()
        case .invite(let invite):
            return Caller(role: invite.role, id: invite.id, group: invite.groupId)
        }
    }

    /// The session an invite belongs to (nil for the administrator).
    var sessionId: String? {
        if case .invite(let invite) = self { return invite.sessionId }
        return nil
    }

    /// Whether this is the administrator's token.
    var isAdministrator: Bool {
        if case .facilitator = self { return true }
        return false
    }

    /// Whether the principal may act in a session at all.
    func belongs(to sessionId: String) -> Bool {
        switch self {
        case .facilitator: true
        case .invite(let invite): invite.sessionId == sessionId
        }
    }

    /// Whether the principal has the facilitator's rights on a session: the administrator, or
    /// a co-facilitator of that session.
    func facilitates(_ sessionId: String) -> Bool {
        switch self {
        case .facilitator: true
        case .invite(let invite): invite.role == .facilitator && invite.sessionId == sessionId
        }
    }

    /// The id shown in logs and audits: `facilitator` for the administrator, else the invite id.
    var actor: String { caller.id }

    /// The name shown to people: the invite's, or `facilitator` for the administrator.
    var name: String {
        if case .invite(let invite) = self { return invite.name }
        return "facilitator"
    }
}

/// Resolves tokens: the facilitator token, else a non-revoked invite by the token's hash.
struct Authenticator: Sendable {
    let facilitatorToken: FacilitatorToken
    let store: any AtelierStore

    /// The principal of a token, nil when missing, unknown or revoked. When the store cannot
    /// answer (a database outage) it throws ``unavailable``: the token is not known to be bad,
    /// so nobody is refused as if it were, nor slowed down for it.
    func principal(for token: String?) async throws -> Principal? {
        guard let token, !token.isEmpty else { return nil }
        if facilitatorToken.matches(token) { return .facilitator }
        let stored: InviteRecord?
        do {
            stored = try await store.invite(tokenHash: FacilitatorToken.digest(of: token))
        } catch {
            throw Self.unavailable
        }
        guard let invite = stored, invite.revokedAt == nil else { return nil }
        return .invite(invite)
    }

    /// What a token turned out to be: someone, no one, or not known now (``unavailable``).
    enum Check {
        case known(Principal)
        case unknown
        case unchecked
    }

    /// ``principal(for:)`` without throwing: an outage is ``Check/unchecked``, never ``Check/unknown``.
    func check(_ token: String?) async -> Check {
        do {
            return try await principal(for: token).map(Check.known) ?? .unknown
        } catch {
            return .unchecked
        }
    }

    /// 503 `unavailable` with `Retry-After`: the link could not be checked, try again.
    static var unavailable: APIError {
        .unavailable("links cannot be checked right now (the database does not answer); retry")
    }
}

extension Principal {
    /// The caller for the pitch and the jury: a juror is known there by the definition's juror id.
    var juryCaller: Caller {
        if case .invite(let invite) = self, invite.role == .juror, let juror = invite.jurorId {
            return Caller(role: .juror, id: juror)
        }
        return caller
    }
}

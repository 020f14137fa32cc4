import Storage
import Workshop

/// Who a bearer token belongs to: the facilitator, or the holder of an invite.
enum Principal: Sendable {
    /// The facilitator (every session).
    case facilitator
    /// A participant, juror or observer of one session.
    case invite(InviteRecord)

    /// The workshop caller for rules and permissions.
    var caller: Caller {
        switch self {
        case .facilitator: return .facilitator()
        case .invite(let invite):
            return Caller(role: invite.role, id: invite.id, group: invite.groupId)
        }
    }

    /// The session an invite belongs to (nil for the facilitator).
    var sessionId: String? {
        if case .invite(let invite) = self { return invite.sessionId }
        return nil
    }

    /// Whether the principal may act in a session at all.
    func belongs(to sessionId: String) -> Bool {
        switch self {
        case .facilitator: true
        case .invite(let invite): invite.sessionId == sessionId
        }
    }

    /// The id shown in logs and audits.
    var actor: String { caller.id }
}

/// Resolves tokens: the facilitator token, else a non-revoked invite by the token's hash.
struct Authenticator: Sendable {
    let facilitatorToken: FacilitatorToken
    let store: any AtelierStore

    /// The principal of a token, nil when missing, unknown or revoked.
    func principal(for token: String?) async throws -> Principal? {
        guard let token, !token.isEmpty else { return nil }
        if facilitatorToken.matches(token) { return .facilitator }
        guard let invite = try await store.invite(tokenHash: FacilitatorToken.digest(of: token)),
            invite.revokedAt == nil
        else { return nil }
        return .invite(invite)
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

/// Board access before sessions exist: the facilitator token opens any board; nothing else does.
struct FacilitatorAccess: BoardAccess {
    let token: FacilitatorToken

    func authorize(token candidate: String?, boardID: String) async -> Result<String, SocketRefusal> {
        guard let candidate, !candidate.isEmpty else {
            return .failure(SocketRefusal(code: CloseCode.badToken, reason: "missing token"))
        }
        guard token.matches(candidate) else {
            return .failure(SocketRefusal(code: CloseCode.badToken, reason: "bad token"))
        }
        return .success("facilitator")
    }
}

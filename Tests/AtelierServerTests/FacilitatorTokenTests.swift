import Testing

@testable import AtelierServer

@Suite("Tokens")
struct FacilitatorTokenTests {
    @Test("tokens are 43 letters and digits, never starting like an option, and differ")
    func shape() {
        let tokens = (0..<500).map { _ in FacilitatorToken.randomToken() }
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
        #expect(Set(tokens).count == tokens.count)
    }
}

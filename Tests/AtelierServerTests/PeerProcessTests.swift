import Foundation
import Testing

/// The test peers' own plumbing: a peer that ends when its standard input closes must end
/// even when another program was started meanwhile (the suite starts hundreds, in parallel).
@Suite("Test peers")
struct PeerProcessTests {
    @Test("a peer's standard input closes although a program spawned meanwhile keeps every inherited descriptor")
    func inputClosesDespiteOtherChildren() async throws {
        let peer = PeerProcess("/bin/sh", ["-c", "cat > /dev/null"])
        try peer.start()
        // A program started the way a spawner that closes nothing would start it (Foundation
        // closes what is open when it starts listing; a pipe made during the listing leaks).
        var pid: pid_t = 0
        var arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("60"), nil]
        defer { for argument in arguments { free(argument) } }
        #expect(posix_spawn(&pid, "/bin/sleep", nil, nil, &arguments, environ) == 0)
        defer {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        peer.closeInput()
        try await waitUntil("the peer sees its standard input close", timeout: .seconds(10)) { !peer.isRunning }
        #expect(peer.status == 0)
    }
}

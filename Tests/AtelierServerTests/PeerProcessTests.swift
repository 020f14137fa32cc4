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

    @Test("a peer gets its standard input, output and error and no other descriptor of the test process")
    func onlyItsOwnDescriptors() async throws {
        // Descriptors the test process holds while the peer starts: none may reach it.
        let held = (0..<8).map { _ in open("/dev/null", O_RDONLY) }
        defer { for fd in held { close(fd) } }
        let peer = PeerProcess("/bin/sh", ["-c", "ls /proc/$$/fd; echo err >&2"])
        try peer.start()
        try await waitUntil("the peer ends", timeout: .seconds(10)) { !peer.isRunning }
        #expect(peer.status == 0)
        let descriptors = Set(peer.output.split(separator: "\n").map(String.init))
        #expect(descriptors == ["0", "1", "2"], "\(descriptors)")
        #expect(peer.errors == "err\n")
    }
}

import Foundation

/// A raw TCP connection to the server, for what no HTTP client would send (malformed requests,
/// idle or half-open sockets).
final class RawTCP: @unchecked Sendable {
    // `@unchecked Sendable`: one test task uses a connection at a time.
    private let fd: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw TestFailure("connect() failed: \(errno)")
        }
    }

    deinit { close(fd) }

    /// Sends bytes (as much as the socket takes; a peer that closed ends the send).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
        return sent
    }

    /// Sends a string.
    @discardableResult
    func send(_ text: String) -> Int { send(Array(text.utf8)) }

    /// Reads until the peer closes or `timeout` passes; returns what arrived and whether the
    /// peer closed.
    func readUntilClosed(timeout: Duration) async -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready > 0 {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { return (out, true) }
                out += buffer[0..<n]
            } else {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        return (out, false)
    }

    /// Reads until `marker` has arrived (true) or the peer closed or `timeout` passed (false).
    func readUntil(_ marker: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { return false }
                out += buffer[0..<n]
                if String(decoding: out, as: UTF8.self).contains(marker) { return true }
            } else {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        return false
    }
}

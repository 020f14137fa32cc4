import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import YSync

/// A WebSocket client for tests: records every binary message, sends raw bytes or text, and
/// reports the close frame the server sent.
final class TestSocket: Sendable {
    private struct State {
        var received: [[UInt8]] = []
        var texts: [String] = []
        var outbound: WebSocketOutboundWriter?
        var finished = false
    }

    private final class Box: Sendable {
        let state = Mutex(State())
    }

    private let box = Box()
    private let task: Task<WebSocketCloseFrame?, any Error>

    /// Connects and waits until the socket is open (or already closed by the server).
    init(_ url: String) async throws {
        let box = self.box
        task = Task {
            defer { box.state.withLock { $0.finished = true } }
            return try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 24), logger: Logger(label: "test-socket")
            ) { inbound, outbound, _ in
                box.state.withLock { $0.outbound = outbound }
                for try await message in inbound.messages(maxSize: 1 << 26) {
                    switch message {
                    case .binary(let buffer):
                        box.state.withLock { $0.received.append(Array(buffer.readableBytesView)) }
                    case .text(let text):
                        box.state.withLock { $0.texts.append(text) }
                    }
                }
            }
        }
        try await waitUntil("socket opens") { box.state.withLock { $0.outbound != nil || $0.finished } }
    }

    /// Whether the connection is over (closed by either side).
    var isFinished: Bool { box.state.withLock { $0.finished } }

    /// Every binary message received so far, decoded.
    var messages: [SyncMessage] {
        box.state.withLock { $0.received }.compactMap { try? SyncMessage(decoding: $0) }
    }

    /// Every text message received so far, parsed as JSON objects (the live channel).
    var events: [[String: Any]] {
        box.state.withLock { $0.texts }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Waits for a live event of a type matching `predicate`.
    func waitForEvent(_ type: String, _ predicate: @escaping ([String: Any]) -> Bool = { _ in true }) async throws
        -> [String: Any]
    {
        try await waitUntil("a \(type) event") {
            self.events.contains { $0["type"] as? String == type && predicate($0) }
        }
        return events.last { $0["type"] as? String == type && predicate($0) } ?? [:]
    }

    /// Sends raw bytes as one binary message.
    func send(_ bytes: [UInt8]) async throws {
        guard let outbound = box.state.withLock({ $0.outbound }) else { throw TestFailure("socket not open") }
        try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
    }

    /// Sends a protocol message.
    func send(_ message: SyncMessage) async throws {
        try await send(message.encoded)
    }

    /// Sends a text frame.
    func sendText(_ text: String) async throws {
        guard let outbound = box.state.withLock({ $0.outbound }) else { throw TestFailure("socket not open") }
        try await outbound.write(.text(text))
    }

    /// Closes from the client side and waits until the connection is over.
    func close() async {
        try? await box.state.withLock({ $0.outbound })?.close(.normalClosure, reason: nil)
        _ = try? await closeFrame()
    }

    /// The close frame the server sent, once the connection ends (fails after `timeout`,
    /// saying `what` was waited for).
    func closeFrame(_ what: String = "the connection closes", timeout: Duration = .seconds(30)) async throws
        -> WebSocketCloseFrame?
    {
        try await waitUntil(what, timeout: timeout) { box.state.withLock { $0.finished } }
        return try await task.value
    }

    /// Waits for a message matching `predicate`.
    func waitForMessage(_ what: String, _ predicate: @escaping (SyncMessage) -> Bool) async throws {
        try await waitUntil(what) { self.messages.contains(where: predicate) }
    }
}

extension WebSocketErrorCode {
    /// The code's number on the wire.
    var number: Int { Int(UInt16(webSocketErrorCode: self)) }
}

import HummingbirdWebSocket
import NIOCore

/// Reads whole messages from a WebSocket's data frames with Atelier's own limit and errors,
/// so every refusal has its close code: a message over the limit (1009), invalid UTF-8 in a
/// text message (1007), a continuation without a start or a new message inside one (1002).
///
/// For example:
/// ```swift
/// var reader = MessageReader(inbound, maxSize: 64 << 10)
/// while let message = try await reader.next() { … }  // catch MessageReader.Failure → close code
/// ```
struct MessageReader {
    /// Why a message was refused.
    struct Failure: Error {
        /// The close code to answer with.
        let code: CloseCode
        /// The reason, for people.
        let reason: String
    }

    private var frames: WebSocketInboundStream.AsyncIterator
    private let maxSize: Int

    /// A reader of `inbound`'s messages of at most `maxSize` bytes.
    init(_ inbound: WebSocketInboundStream, maxSize: Int) {
        frames = inbound.makeAsyncIterator()
        self.maxSize = maxSize
    }

    /// The next whole message, nil when the peer closed.
    mutating func next() async throws -> WebSocketMessage? {
        guard let first = try await frames.next() else { return nil }
        guard first.opcode != .continuation else {
            throw Failure(code: .protocolError, reason: "a continuation frame without a message to continue")
        }
        var buffer = first.data
        try check(buffer.readableBytes)
        var fin = first.fin
        while !fin {
            guard let frame = try await frames.next() else { return nil }
            guard frame.opcode == .continuation else {
                throw Failure(code: .protocolError, reason: "a new message inside a fragmented one")
            }
            try check(buffer.readableBytes + frame.data.readableBytes)
            var data = frame.data
            buffer.writeBuffer(&data)
            fin = frame.fin
        }
        switch first.opcode {
        case .text:
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                throw Failure(code: .invalidPayload, reason: "invalid UTF-8 in a text message")
            }
            return .text(text)
        default:
            return .binary(buffer)
        }
    }

    private func check(_ size: Int) throws {
        guard size <= maxSize else { throw Failure(code: .messageTooBig, reason: "message exceeds \(maxSize) bytes") }
    }
}

import Logging
import NIOCore
import Prometheus

/// A room's connections grouped by the event loop of their channel, and the broadcast over
/// them.
///
/// Each event loop gets one task per broadcast with the list of its connections: those that
/// keep up (nothing queued, socket writable) get the frame, encoded once, straight on their
/// socket; the others get the message through their outbox, which bounds what a slow one
/// holds. The room's own work does not grow with the number of connections, and the loops
/// check and write in parallel.
///
/// A room that runs on one of the loops (a socket's session) wakes the other loops, then
/// writes its own loop's connections after its turn. A room elsewhere (an HTTP route's write)
/// wakes one loop, and that loop's task first wakes the others: when such a room woke each
/// loop itself, the first loop woken on the room's own CPU took that CPU at once, and the room
/// could wake the next loop only after the first had written all its connections; a trace
/// showed the second loop starting 4 ms late (docs/DECISIONS.md, "Fan-out").
struct FanOut {
    /// The connections that live on one event loop (`nil`: no channel, e.g. in tests).
    private struct Group {
        let loop: (any EventLoop)?
        var members: [SyncConnection] = []
    }

    private var groups: [ObjectIdentifier?: Group] = [:]
    private let metrics: ServerMetrics
    private let overflowed: OverflowReport

    init(metrics: ServerMetrics, logger: Logger) {
        self.metrics = metrics
        self.overflowed = OverflowReport(metrics: metrics, logger: logger)
    }

    /// Adds a connection to its loop's group.
    mutating func add(_ connection: SyncConnection) {
        let key = connection.channel.map { ObjectIdentifier($0.eventLoop) }
        groups[key, default: Group(loop: connection.channel?.eventLoop)].members.append(connection)
    }

    /// Removes a connection.
    mutating func remove(_ connection: SyncConnection) {
        let key = connection.channel.map { ObjectIdentifier($0.eventLoop) }
        groups[key]?.members.removeAll { $0 === connection }
        if groups[key]?.members.isEmpty ?? false { groups[key] = nil }
    }

    /// Queues one message to one connection.
    func send(_ bytes: [UInt8], to connection: SyncConnection) {
        metrics.bytesOut.increment(by: Int64(bytes.count))
        if connection.send(ByteBuffer(bytes: bytes)) == .overflowed { overflowed(connection) }
    }

    /// Sends `bytes` to every connection that `include` accepts (all but the sender, or the
    /// readers allowed to see it).
    func broadcast(_ bytes: [UInt8], recipients: Int, include: @escaping @Sendable (SyncConnection) -> Bool) {
        guard recipients > 0 else { return }
        let buffer = ByteBuffer(bytes: bytes)
        metrics.bytesOut.increment(by: Int64(buffer.readableBytes * recipients))
        let frame = SyncConnection.encodeFrame(buffer)
        let overflowed = self.overflowed
        var tasks: [(loop: any EventLoop, members: [SyncConnection])] = []
        for group in groups.values {
            guard let loop = group.loop else {
                for connection in group.members where include(connection) {
                    if connection.send(buffer) == .overflowed { overflowed(connection) }
                }
                continue
            }
            tasks.append((loop, group.members))
        }
        @Sendable func write(_ members: [SyncConnection]) {
            for connection in members where include(connection) {
                if connection.outbox.canBypass(), connection.writeFanOutFrame(frame, payload: buffer) { continue }
                if connection.send(buffer) == .overflowed { overflowed(connection) }
            }
        }
        // On one of the loops (a socket's session): wake the others, then write this loop's
        // connections once the room's turn on it ends.
        if let here = tasks.firstIndex(where: { $0.loop.inEventLoop }) {
            for (index, task) in tasks.enumerated() where index != here {
                task.loop.execute { write(task.members) }
            }
            let own = tasks[here]
            own.loop.execute { write(own.members) }
            return
        }
        guard let first = tasks.first else { return }
        let others = tasks.dropFirst()
        first.loop.execute {
            for task in others {
                task.loop.execute { write(task.members) }
            }
            write(first.members)
        }
    }
}

/// What happens when a connection's outbox overflows: counted, logged, and the connection is
/// closed (4408) — from the room or from an event loop.
struct OverflowReport: Sendable {
    let metrics: ServerMetrics
    let logger: Logger

    func callAsFunction(_ connection: SyncConnection) {
        metrics.slowConsumers.increment()
        logger.notice("slow consumer disconnected (4408)", metadata: ["connection": "\(connection.id)"])
        connection.outboxOverflowed()
    }
}

package import Prometheus

/// The server's Prometheus metrics, served at `/metrics`.
///
/// The registry belongs to one application (no global metrics system), so several servers can
/// run in one test process.
package struct ServerMetrics: Sendable {
    /// The registry `/metrics` renders.
    package let registry: PrometheusCollectorRegistry
    /// Board rooms currently loaded.
    let rooms: Gauge
    /// Open sync connections.
    let connections: Gauge
    /// Board updates accepted and stored.
    let updates: Counter
    /// Bytes of board updates accepted.
    let updateBytes: Counter
    /// Bytes received on sync sockets.
    let bytesIn: Counter
    /// Bytes queued to sync sockets.
    let bytesOut: Counter
    /// Connections closed because their outbox overflowed.
    let slowConsumers: Counter
    /// Messages refused (malformed, unknown type, too big).
    let refusedMessages: Counter
    /// Writes refused without quarantine (roles that never write), and edits quarantined.
    let refusedWrites: Counter
    /// Edits kept in quarantine.
    let quarantined: Counter
    /// Boards' turns taken after losing the race to append too often (several nodes).
    let turns: Counter
    /// Time from receiving an update to its commit.
    let persistLatency: DurationHistogram
    /// Rounds of the sessions' clock (time boxes, pitch countdowns): one a second while it runs.
    let timerRounds: Counter

    /// Makes the metrics in a fresh registry.
    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "atelier", metricName: metric, unitName: unit, helpText: help)
        }
        rooms = registry.makeGauge(descriptor: name("rooms", "", "Board rooms loaded in memory"))
        connections = registry.makeGauge(descriptor: name("connections", "", "Open sync WebSocket connections"))
        updates = registry.makeCounter(descriptor: name("updates", "total", "Board updates accepted and committed"))
        updateBytes = registry.makeCounter(
            descriptor: name("update", "bytes_total", "Bytes of board updates accepted"))
        bytesIn = registry.makeCounter(descriptor: name("sync_in", "bytes_total", "Bytes received on sync sockets"))
        bytesOut = registry.makeCounter(descriptor: name("sync_out", "bytes_total", "Bytes queued to sync sockets"))
        slowConsumers = registry.makeCounter(
            descriptor: name("slow_consumers", "total", "Connections closed with 4408 (outbox overflow)"))
        refusedMessages = registry.makeCounter(
            descriptor: name("refused_messages", "total", "Sync messages refused as malformed or too big"))
        refusedWrites = registry.makeCounter(
            descriptor: name(
                "refused_writes", "total", "Board writes refused without quarantine (jurors, observers, other groups)"))
        quarantined = registry.makeCounter(descriptor: name("quarantined", "total", "Board edits kept in quarantine"))
        turns = registry.makeCounter(
            descriptor: name(
                "board_turns", "total", "Boards' turns taken by this node after losing the race to append too often"))
        timerRounds = registry.makeCounter(
            descriptor: name(
                "timer_rounds", "total", "Rounds of the sessions' clock (time-box warnings, pitch countdowns) run"))
        persistLatency = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "atelier", metricName: "persist", unitName: "seconds",
                helpText: "Time from receiving a board update to its durable commit"),
            buckets: [
                .microseconds(250), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
            ]
        )
    }
}

import Prometheus
import ServiceLifecycle

/// Sends the sessions' time-box warnings and time's-up: checks every second (wall-clock
/// deadlines, so they survive a restart; a warning missed while down is sent once, late).
/// Each round is counted (`atelier_timer_rounds_total`), so an operator sees the clock runs.
struct PhaseTicker: Service {
    let sessions: SessionService
    let interval: Duration
    let rounds: Counter

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                await sessions.tick()
                rounds.increment()
                try await Task.sleep(for: interval)
            }
        }
    }
}

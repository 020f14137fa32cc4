import ServiceLifecycle

/// Sends the sessions' time-box warnings and time's-up: checks every second (wall-clock
/// deadlines, so they survive a restart; a warning missed while down is sent once, late).
struct PhaseTicker: Service {
    let sessions: SessionService
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                await sessions.tick()
                try await Task.sleep(for: interval)
            }
        }
    }
}

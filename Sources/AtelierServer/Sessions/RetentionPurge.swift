import Foundation
import Logging
import ServiceLifecycle
import Storage
import Workshop

/// Applies the deployment's retention rules (``RetentionRules``): once a day, and at start, it
/// deletes each session whose period is over — as `DELETE /api/v1/sessions/{id}` does,
/// everything but its signed records — and the signed records past their own period, and logs
/// what it removed. Several nodes may run it: a session another node deleted first is skipped.
actor RetentionPurge: Service {
    /// What one purge removed.
    struct Result: Sendable, Equatable {
        var sessions: [String] = []
        var records = 0
        var images = 0
    }

    private let sessions: SessionService
    private let collector: AssetCollector
    private let rules: RetentionRules
    private let clock: any WallClock
    private let interval: Duration
    private let logger: Logger

    init(
        sessions: SessionService, collector: AssetCollector, rules: RetentionRules, clock: any WallClock,
        interval: Duration = .seconds(86_400), logger: Logger
    ) {
        self.sessions = sessions
        self.collector = collector
        self.rules = rules
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    _ = try await self.purge()
                } catch {
                    self.logger.error("retention purge failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: self.interval)
            }
        }
    }

    /// Removes what is due now.
    func purge() async throws -> Result {
        let now = clock.now
        var result = Result()
        for session in await sessions.all() {
            guard let due = sessions.purgeAt(session), due <= now else { continue }
            do {
                let deletion = try await sessions.delete(session.id)
                result.sessions.append(session.id)
                result.images += (try? await collector.release(deletion.assetHashes).removed) ?? 0
            } catch let error as WorkshopError where error.code == .notFound {
                continue  // another node purged it first
            }
        }
        if let before = rules.recordsSignedBefore(now) {
            result.records = try await sessions.store.deleteRecords(signedAtOrBefore: before.epochMilliseconds)
        }
        if !result.sessions.isEmpty || result.records > 0 {
            logger.notice(
                "retention purge",
                metadata: [
                    "sessions": "\(result.sessions.count)", "ids": "\(result.sessions.joined(separator: ","))",
                    "records": "\(result.records)", "images": "\(result.images)",
                ])
        }
        return result
    }
}

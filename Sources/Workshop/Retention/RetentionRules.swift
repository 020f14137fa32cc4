package import Foundation

/// How long a deployment keeps what a session leaves behind (the CNIL expects a period for each
/// kind of data): the session itself — boards, images, invites, audit, scores — for
/// `sessionDays` after the sprint's last day ends; a signed jury record for `recordDays` after
/// it was signed. Zero keeps that kind for ever.
///
/// For example:
/// ```swift
/// let rules = RetentionRules(sessionDays: 90, recordDays: 5 * 365 + 1)
/// rules.sessionPurge(endsAt: end)        // the instant the session's data goes
/// rules.recordsSignedBefore(now)         // records signed before this go
/// ```
package struct RetentionRules: Sendable, Hashable {
    /// Days a session is kept after its sprint ends (0: for ever).
    package var sessionDays: Int
    /// Days a signed record is kept after it was signed (0: for ever).
    package var recordDays: Int

    /// The defaults: a session 90 days after its sprint, a signed record five years.
    package static let standard = RetentionRules(sessionDays: 90, recordDays: 5 * 365 + 1)

    /// Makes rules; negative numbers count as zero (for ever).
    package init(sessionDays: Int, recordDays: Int) {
        self.sessionDays = max(0, min(sessionDays, Limits.maxRetentionDays))
        self.recordDays = max(0, min(recordDays, Limits.maxRetentionDays))
    }

    /// When a session whose sprint ends at `endsAt` is purged; nil when sessions are kept.
    ///
    /// The period runs from the latest of the sprint's end, the session's creation and the last
    /// time its days were moved: a session created, or re-dated, with days in the past is kept
    /// the whole period all the same (never purged at the next start by a date typed wrong).
    package func sessionPurge(endsAt: Date, createdAt: Date? = nil, datesMovedAt: Date? = nil) -> Date? {
        let start = [endsAt, createdAt, datesMovedAt].compactMap { $0 }.max() ?? endsAt
        return sessionDays == 0 ? nil : start.addingTimeInterval(Double(sessionDays) * 86_400)
    }

    /// When a record signed at `signedAt` is purged; nil when records are kept.
    package func recordPurge(signedAt: Date) -> Date? {
        recordDays == 0 ? nil : signedAt.addingTimeInterval(Double(recordDays) * 86_400)
    }

    /// Records signed at or before this instant are due at `now`; nil when records are kept.
    package func recordsSignedBefore(_ now: Date) -> Date? {
        recordDays == 0 ? nil : now.addingTimeInterval(-Double(recordDays) * 86_400)
    }
}

extension SessionDefinition {
    /// When the sprint ends: midnight after its last day, in its time zone.
    package func sprintEnd(in calendar: SprintCalendar) -> Date {
        calendar.start(ofDay: (phases.map(\.day).max() ?? 1) + 1)
    }
}

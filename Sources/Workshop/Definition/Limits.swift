/// The ranges every number a definition or a client sends must lie in: what a sprint can mean.
///
/// The validator refuses a definition outside them, naming the field; the API refuses a
/// request outside them with 422; a session stored before these limits that breaks them is
/// loaded with its values brought inside (``SessionDefinition/clampedToLimits()``). Inside
/// them, no arithmetic of the domain can overflow.
package enum Limits {
    /// The longest time box, pitch, Q&A or warning: one week, in seconds.
    package static let maxSeconds = 7 * 24 * 3600
    /// The longest phase time box, in minutes (one week).
    package static let maxTimeBoxMinutes = 7 * 24 * 60
    /// The most slides a deck limit may allow.
    package static let maxSlideLimit = 1000
    /// Epoch milliseconds accepted from clients and definitions: 2000-01-01 to 2100-01-01 (UTC).
    package static let epochMilliseconds: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000
    /// Calendar years a sprint may start in.
    package static let years: ClosedRange<Int> = 2000...2099
    /// The largest magnitude of a scale bound or a criterion weight.
    package static let maxScaleValue = 1000.0
    /// The most phases, groups, criteria, jurors and observers a definition may list.
    package static let maxListCount = 200
    /// The most participants in one session.
    package static let maxParticipants = 2000
    /// The longest name, title, label or id, in characters.
    package static let maxNameLength = 200
    /// The longest free text (a Q&A entry, a comment, a reason, a problem statement), in characters.
    package static let maxTextLength = 10_000
    /// The longest retention period, in days (a century).
    package static let maxRetentionDays = 36_500
}

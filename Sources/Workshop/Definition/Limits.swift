import Foundation

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
    /// The most times one Q&A entry may be edited: each edit keeps the former version, and the
    /// whole entry goes to everyone in the session at every edit.
    package static let maxRevisions = 20
    /// The most Q&A entries one group's pitch may log (a ten-minute Q&A has a few dozen).
    package static let maxQAEntries = 200
    /// The longest retention period, in days (a century).
    package static let maxRetentionDays = 36_500
}

/// What a person's, a group's or a session's name may hold, checked the same way in a
/// definition and by the routes that add or rename people and groups.
///
/// Names are printed in the record, the CSV exports and every page: a control character (NUL,
/// ESC, a line break) or a bidirectional override (U+202E turns "Ana" into a name that reads
/// backwards in the signed record) has no place in one. Joiners and variation selectors do:
/// 👩🏽‍💻 and 🏳️‍🌈 are a zero-width joiner and a variation selector apart from plain emoji.
package enum NameRules {
    /// Why `name` is refused, or nil when it may be used: empty or blank, longer than
    /// ``Limits/maxNameLength``, or holding a control character, a line or paragraph separator,
    /// or a bidirectional embedding, override or isolate.
    package static func problem(_ name: String) -> String? {
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "must not be empty" }
        if name.count > Limits.maxNameLength {
            return "at most \(Limits.maxNameLength) characters, got \(name.count)"
        }
        if let bad = name.unicodeScalars.first(where: isRefused) {
            return "must not hold control or text-direction characters (\(codePoint(bad)))"
        }
        return nil
    }

    /// `U+202E`: how an error names a character.
    package static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Whether `text`, a free text (a reason, a comment, a Q&A entry), holds a character no text
    /// of Atelier may: a control character other than tab and line breaks, or a bidirectional
    /// embedding, override or isolate (which would turn what the record shows around).
    package static func isForbiddenInText(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        default: isRefused(scalar) && scalar.value != 0x2028 && scalar.value != 0x2029
        }
    }

    private static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidi embeddings, overrides, isolates
        default: false
        }
    }
}

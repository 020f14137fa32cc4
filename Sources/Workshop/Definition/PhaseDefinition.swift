/// One phase of the sprint as a session definition declares it.
///
/// JSON form: `{"id": "empathize", "label": {"fr": "Empathie", "en": "Empathize"}, "day": 1,
/// "timeBoxMinutes": 180, "autoAdvance": false}` (`autoAdvance` optional, default false).
package struct PhaseDefinition: Codable, Sendable, Hashable {
    /// The phase's id, unique in the definition (`empathize`).
    package var id: String
    /// The phase's name in French and English.
    package var label: LocalizedText
    /// The sprint day the phase belongs to, 1, 2 or 3.
    package var day: Int
    /// The planned duration of the phase, in minutes.
    package var timeBoxMinutes: Int
    /// Whether the sprint moves on by itself when the time box ends (never into a day that has not begun).
    package var autoAdvance: Bool

    /// Creates a phase.
    package init(id: String, label: LocalizedText, day: Int, timeBoxMinutes: Int, autoAdvance: Bool = false) {
        self.id = id
        self.label = label
        self.day = day
        self.timeBoxMinutes = timeBoxMinutes
        self.autoAdvance = autoAdvance
    }

    /// The time box in seconds.
    package var timeBoxSeconds: Int { timeBoxMinutes.saturatingMultiplied(by: 60) }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, label, day, timeBoxMinutes, autoAdvance
    }

    /// Decodes strictly (unknown fields refused); `autoAdvance` defaults to false.
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        label = try container.decode(LocalizedText.self, forKey: .label)
        day = try container.decode(Int.self, forKey: .day)
        timeBoxMinutes = try container.decode(Int.self, forKey: .timeBoxMinutes)
        autoAdvance = try container.decodeIfPresent(Bool.self, forKey: .autoAdvance) ?? false
    }
}

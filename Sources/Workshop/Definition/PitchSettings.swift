/// The pitch format: time limits and warnings.
///
/// JSON form (every field optional): `{"limitSeconds": 600, "qaLimitSeconds": 600,
/// "warningsSeconds": [120, 60]}`.
package struct PitchSettings: Codable, Sendable, Hashable {
    /// The pitch's time limit, in seconds (default 600).
    package var limitSeconds: Int
    /// The Q&A's time limit, in seconds (default 600).
    package var qaLimitSeconds: Int
    /// Warnings before the pitch's limit, in seconds left (default 120 and 60).
    package var warningsSeconds: [Int]

    /// The defaults: 10-minute pitch, 10-minute Q&A, warnings at 2 min and 1 min left.
    package static let `default` = PitchSettings(limitSeconds: 600, qaLimitSeconds: 600, warningsSeconds: [120, 60])

    /// Creates pitch settings.
    package init(limitSeconds: Int, qaLimitSeconds: Int, warningsSeconds: [Int]) {
        self.limitSeconds = limitSeconds
        self.qaLimitSeconds = qaLimitSeconds
        self.warningsSeconds = warningsSeconds
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case limitSeconds, qaLimitSeconds, warningsSeconds
    }

    /// Decodes strictly; missing fields take their defaults.
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PitchSettings.default
        limitSeconds = try container.decodeIfPresent(Int.self, forKey: .limitSeconds) ?? defaults.limitSeconds
        qaLimitSeconds = try container.decodeIfPresent(Int.self, forKey: .qaLimitSeconds) ?? defaults.qaLimitSeconds
        warningsSeconds =
            try container.decodeIfPresent([Int].self, forKey: .warningsSeconds) ?? defaults.warningsSeconds
    }
}

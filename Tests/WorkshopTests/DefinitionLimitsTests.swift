import Foundation
import Testing

@testable import Workshop

/// Every number a definition carries is bounded by the validator, naming the field, and a
/// definition inside the bounds never makes the domain's arithmetic trap (seeded property test).
@Suite("Definition limits")
struct DefinitionLimitsTests {
    static let extremes: [Int] = [
        .min, -1, 0, 1, 59, 60, 600, Limits.maxSeconds, Limits.maxSeconds + 1, Limits.maxTimeBoxMinutes,
        Limits.maxTimeBoxMinutes + 1, 1 << 57, Int.max - 1, .max,
    ]

    @Test(
        "a random extreme number in a random field is refused naming it, or accepted and safe",
        arguments: [7, 99, 2026])
    func property(seed: UInt64) throws {
        print("DefinitionLimitsTests seed=\(seed)")
        var random = SeededGenerator(seed: seed)
        let now = Date(epochMilliseconds: 1_780_000_000_000)
        for _ in 0..<400 {
            var definition = SessionDefinition(
                title: "T", groups: [GroupDefinition(id: "g1", name: "G", participants: ["A"])])
            let value = Self.extremes.randomElement(using: &random)!
            let field: String
            switch random.next() % 6 {
            case 0:
                let index = Int(random.next() % UInt64(definition.phases.count))
                definition.phases[index].timeBoxMinutes = value
                field = "phases[\(index)].timeBoxMinutes"
            case 1:
                definition.phaseWarningsSeconds = [value]
                field = "phaseWarningsSeconds[0]"
            case 2:
                definition.pitch.limitSeconds = value
                field = "pitch.limitSeconds"
            case 3:
                definition.pitch.qaLimitSeconds = value
                field = "pitch.qaLimitSeconds"
            case 4:
                definition.pitch.warningsSeconds = [value]
                field = "pitch.warningsSeconds[0]"
            default:
                definition.slideLimit = value
                field = "slideLimit"
            }
            let problems = definition.problems()
            if problems.isEmpty {
                // Accepted: the sprint, its time boxes and a pitch compute without trapping.
                var state = SessionState(
                    definition: definition, calendar: try definition.calendar(createdAt: now), at: now)
                _ = state.sprint.deadline
                _ = state.tick(at: now.addingTimeInterval(7 * 24 * 3600))
                var pitch = Pitch(group: "g1", settings: definition.pitch)
                _ = try pitch.start(by: .facilitator(), slideCount: 1, slideLimit: definition.slideLimit, at: now)
                _ = pitch.dueEvents(since: now, now: now.addingTimeInterval(1e6))
            } else {
                // Every problem names its field; a value out of every sane range names the one set.
                #expect(problems.allSatisfy { !($0.field ?? "").isEmpty }, "\(field)=\(value): \(problems)")
                if value < 0 || value > Limits.maxSeconds {
                    #expect(problems.contains { $0.field?.hasPrefix(field) == true }, "\(field)=\(value): \(problems)")
                }
            }
        }
    }

    @Test("a definition stored before the limits is brought inside them, and then validates")
    func clamping() {
        var definition = SessionDefinition(title: "T", groups: [GroupDefinition(id: "g1", name: "G", participants: [])])
        definition.phases[0].timeBoxMinutes = 1 << 57
        definition.phaseWarningsSeconds = [Int.max]
        definition.pitch.limitSeconds = 10_000_000_000_000_000
        definition.scale = ScoreScale(min: 0, max: .infinity, step: 0.5)
        #expect(!definition.problems().isEmpty)
        #expect(definition.clampedToLimits().problems().isEmpty, "\(definition.clampedToLimits().problems())")
    }

    @Test("saturating arithmetic stops at the bounds instead of trapping")
    func saturating() {
        #expect(Int64.max.saturatingAdding(1) == .max)
        #expect(Int64.min.saturatingSubtracting(1) == .min)
        #expect(Int64(1 << 62).saturatingMultiplied(by: 4) == .max)
        #expect(Int64(-(1 << 62)).saturatingMultiplied(by: 4) == .min)
        #expect(Date(timeIntervalSince1970: 1e300).epochMilliseconds == .max)
    }
}

/// A small seeded generator (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

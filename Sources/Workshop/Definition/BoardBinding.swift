/// The phases in which a board kind is writable.
///
/// JSON form: an array of phase ids (`["prototype", "test"]`) or the string `"all"`.
package enum BoardBinding: Codable, Sendable, Hashable {
    /// Writable in every phase.
    case everyPhase
    /// Writable in the listed phases only (possibly none: then only facilitators write).
    case phases([String])

    /// Whether a board bound this way is writable in `phase`.
    package func isWritable(in phase: String) -> Bool {
        switch self {
        case .everyPhase: true
        case .phases(let ids): ids.contains(phase)
        }
    }

    /// Decodes `"all"` or an array of phase ids.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let word = try? container.decode(String.self) {
            guard word == "all" else {
                throw WorkshopError(
                    field: FieldPath.render(decoder.codingPath),
                    message: "expected \"all\" or an array of phase ids, got \"\(word)\"")
            }
            self = .everyPhase
        } else {
            self = .phases(try container.decode([String].self))
        }
    }

    /// Encodes `"all"` or an array of phase ids.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .everyPhase: try container.encode("all")
        case .phases(let ids): try container.encode(ids)
        }
    }
}

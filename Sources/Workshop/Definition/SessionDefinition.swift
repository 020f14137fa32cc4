package import Foundation

/// A workshop session as its JSON definition file describes it (`sessions/examples/cdo-sprint.json`).
///
/// The format (only `title` and `groups` are required):
/// ```json
/// {
///   "title": "Sprint CDO",
///   "startDate": "2026-03-28",              // YYYY-MM-DD; default: the day the session is created
///   "timeZone": "Europe/Paris",             // IANA; default Europe/Paris
///   "facilitator": "Hélène",                // display name, optional
///   "phases": [{"id": "empathize", "label": {"fr": "Empathie", "en": "Empathize"},
///               "day": 1, "timeBoxMinutes": 180, "autoAdvance": false}, …],   // default: Defaults.phases
///   "boards": {"deck": ["prototype", "test"], "swot": "all", …},  // kinds not listed: Defaults.bindings
///   "groups": [{"id": "g1", "name": "Groupe 1", "participants": ["Alice", "Bruno"],
///               "boards": ["deck", …], "jurors": ["j1", "j2"]}],  // boards, jurors optional: all
///   "jurors": [{"id": "j1", "name": "Claire"}],
///   "observers": ["Thomas"],
///   "coFacilitators": ["Marc"],             // facilitators of this session only, optional
///   "slideLimit": 10,
///   "pitch": {"limitSeconds": 600, "qaLimitSeconds": 600, "warningsSeconds": [120, 60]},
///   "phaseWarningsSeconds": [300, 60],
///   "scale": {"min": 0, "max": 5, "step": 0.5},
///   "rubric": [{"id": "a15-format-time", "block": "A15", "label": {"fr": "…", "en": "…"},
///               "weight": 1, "showsOvertime": true}, …]              // default: Defaults.rubric
/// }
/// ```
///
/// Decoding is strict: an unknown field anywhere is refused with a ``WorkshopError`` naming it.
/// Optional fields take DESIGN.md's defaults when absent (see ``Defaults``). Load a definition
/// with ``load(from:)``, which decodes and then runs every check of ``problems()``.
///
/// For example:
/// ```swift
/// let definition = try SessionDefinition.load(from: Data(contentsOf: url))
/// let calendar = try definition.calendar(createdAt: clock.now)
/// var sprint = Sprint(definition: definition, calendar: calendar, at: clock.now)
/// ```
package struct SessionDefinition: Codable, Sendable, Hashable {
    /// The session's title.
    package var title: String
    /// The first day of the sprint; `nil` means the day the session is created.
    package var startDate: CalendarDay?
    /// The session's IANA time zone (default `Europe/Paris`); sprint days are its calendar days.
    package var timeZone: String
    /// The facilitator's display name, if given.
    package var facilitator: String?
    /// The phases in order (default: ``Defaults/phases``).
    package var phases: [PhaseDefinition]
    /// Board bindings given explicitly, by board kind name; kinds not listed use ``Defaults/bindings``.
    package var boards: [String: BoardBinding]
    /// The groups of participants.
    package var groups: [GroupDefinition]
    /// The jurors.
    package var jurors: [JurorDefinition]
    /// Observers, by name.
    package var observers: [String]
    /// The names of the session's co-facilitators: each gets an invite with the facilitator's
    /// rights on this session only (the server-wide token stays the administrator's).
    package var coFacilitators: [String]
    /// The most slides a deck may hold (default 10).
    package var slideLimit: Int
    /// The pitch and Q&A timings.
    package var pitch: PitchSettings
    /// Dots each participant has per voting board (default 3).
    package var voteBudget = Defaults.voteBudget
    /// Warnings before a phase's time box ends, in seconds left (default 300 and 60).
    package var phaseWarningsSeconds: [Int]
    /// The scale of scores (default 0 to 5 by 0.5).
    package var scale: ScoreScale
    /// The grading rubric (default: the A14 and A15 criteria, ``Defaults/rubric``).
    package var rubric: [Criterion]
    /// The mark on 20 from which an assessment is proposed validated (default 10).
    package var passMark20: Double
    /// Per assessment (block), its own pass mark.
    package var blocks: [String: BlockSettings]
    /// Whether a strong assessment makes up for a weak one (default false): adds a weighted
    /// result across assessments.
    package var compensation: Bool
    /// The phase the problem statements must be approved by (default `define`, when the
    /// definition has it): leaving it with a group's statement unapproved needs an override.
    package var problemPhase: String?

    /// Creates a definition; every argument but the title and groups has DESIGN.md's default.
    package init(
        title: String, startDate: CalendarDay? = nil, timeZone: String = Defaults.timeZone, facilitator: String? = nil,
        phases: [PhaseDefinition] = Defaults.phases, boards: [String: BoardBinding] = [:], groups: [GroupDefinition],
        jurors: [JurorDefinition] = [], observers: [String] = [], coFacilitators: [String] = [],
        slideLimit: Int = Defaults.slideLimit,
        pitch: PitchSettings = .default, phaseWarningsSeconds: [Int] = Defaults.phaseWarningsSeconds,
        scale: ScoreScale = .default, rubric: [Criterion] = Defaults.rubric, passMark20: Double = 10,
        blocks: [String: BlockSettings] = [:], compensation: Bool = false, problemPhase: String? = "define"
    ) {
        self.passMark20 = passMark20
        self.blocks = blocks
        self.compensation = compensation
        self.problemPhase = phases.contains { $0.id == problemPhase } ? problemPhase : nil
        self.title = title
        self.startDate = startDate
        self.timeZone = timeZone
        self.facilitator = facilitator
        self.phases = phases
        self.boards = boards
        self.groups = groups
        self.jurors = jurors
        self.observers = observers
        self.coFacilitators = coFacilitators
        self.slideLimit = slideLimit
        self.pitch = pitch
        self.phaseWarningsSeconds = phaseWarningsSeconds
        self.scale = scale
        self.rubric = rubric
    }

    // MARK: Loading

    /// Decodes a definition strictly and validates it; the error names the first bad field.
    package static func load(from data: Data) throws(WorkshopError) -> SessionDefinition {
        let definition = try decode(from: data)
        try definition.validate()
        return definition
    }

    /// Decodes a definition strictly (unknown fields refused) without the semantic checks.
    package static func decode(from data: Data) throws(WorkshopError) -> SessionDefinition {
        do {
            return try JSONDecoder().decode(SessionDefinition.self, from: data)
        } catch let error as WorkshopError {
            throw error
        } catch DecodingError.dataCorrupted(let context)
            where context.codingPath.isEmpty && (try? JSONSerialization.jsonObject(with: data)) != nil
        {
            // Valid JSON, so a number no field can hold (`"slideLimit": 1.5`): name it.
            let path = NumberLocator.locate(in: data) { _ = try JSONDecoder().decode(SessionDefinition.self, from: $0) }
            throw WorkshopError(
                field: path.map(FieldPath.render) ?? "",
                message: "a number this field cannot hold (a whole number is expected, within range)")
        } catch let error as DecodingError {
            throw FieldPath.definitionError(from: error)
        } catch {
            throw WorkshopError(field: "", message: "not a session definition: \(error)")
        }
    }

    /// Throws the first of ``problems()``, if any.
    package func validate() throws(WorkshopError) {
        if let first = problems().first { throw first }
    }

    // MARK: Derived views

    /// The binding of `kind`: the explicit one, or the default.
    package func binding(for kind: BoardKind) -> BoardBinding {
        boards[kind.rawValue] ?? Defaults.bindings[kind] ?? .everyPhase
    }

    /// The index of the phase `id`, if the definition has it.
    package func phaseIndex(of id: String) -> Int? {
        phases.firstIndex { $0.id == id }
    }

    /// The assessments (blocks) of the rubric, in the order they first appear.
    package var assessments: [String] {
        var seen = Set<String>()
        return rubric.map(\.assessment).filter { seen.insert($0).inserted }
    }

    /// The pass mark on 20 of an assessment: its own, else the definition's.
    package func passMark20(of assessment: String) -> Double {
        blocks[assessment]?.passMark20 ?? passMark20
    }

    /// The jury's president, if the definition names one.
    package var president: JurorDefinition? { jurors.first { $0.president } }

    /// The ids of the jurors assigned to group `groupId`: its own list, or every juror.
    package func assignedJurors(for groupId: String) -> [String] {
        guard let group = groups.first(where: { $0.id == groupId }) else { return [] }
        return group.jurors ?? jurors.map(\.id)
    }

    /// The sprint's calendar for a session created at `createdAt` (which fixes the start day
    /// when ``startDate`` is nil).
    package func calendar(createdAt: Date) throws(WorkshopError) -> SprintCalendar {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw WorkshopError(field: "timeZone", message: "unknown IANA time zone \"\(timeZone)\"")
        }
        return SprintCalendar(startDay: startDate ?? CalendarDay(containing: createdAt, in: zone), timeZone: zone)
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case title, startDate, timeZone, facilitator, phases, boards, groups, jurors, observers, coFacilitators,
            slideLimit, pitch,
            phaseWarningsSeconds, scale, rubric, passMark20, blocks, compensation, problemPhase, voteBudget
    }

    /// Encodes every field, `problemPhase` included when it is null (no problem statement),
    /// so that a definition changed while the session runs decodes to itself.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(startDate, forKey: .startDate)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encodeIfPresent(facilitator, forKey: .facilitator)
        try container.encode(phases, forKey: .phases)
        try container.encode(boards, forKey: .boards)
        try container.encode(groups, forKey: .groups)
        try container.encode(jurors, forKey: .jurors)
        try container.encode(observers, forKey: .observers)
        if !coFacilitators.isEmpty { try container.encode(coFacilitators, forKey: .coFacilitators) }
        try container.encode(slideLimit, forKey: .slideLimit)
        try container.encode(pitch, forKey: .pitch)
        try container.encode(phaseWarningsSeconds, forKey: .phaseWarningsSeconds)
        try container.encode(scale, forKey: .scale)
        try container.encode(rubric, forKey: .rubric)
        try container.encode(passMark20, forKey: .passMark20)
        try container.encode(blocks, forKey: .blocks)
        try container.encode(compensation, forKey: .compensation)
        try container.encode(voteBudget, forKey: .voteBudget)
        if let problemPhase {
            try container.encode(problemPhase, forKey: .problemPhase)
        } else {
            try container.encodeNil(forKey: .problemPhase)
        }
    }

    /// Decodes strictly; absent optional fields take DESIGN.md's defaults.
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        startDate = try container.decodeIfPresent(CalendarDay.self, forKey: .startDate)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? Defaults.timeZone
        facilitator = try container.decodeIfPresent(String.self, forKey: .facilitator)
        phases = try container.decodeIfPresent([PhaseDefinition].self, forKey: .phases) ?? Defaults.phases
        boards = try container.decodeIfPresent([String: BoardBinding].self, forKey: .boards) ?? [:]
        groups = try container.decode([GroupDefinition].self, forKey: .groups)
        jurors = try container.decodeIfPresent([JurorDefinition].self, forKey: .jurors) ?? []
        observers = try container.decodeIfPresent([String].self, forKey: .observers) ?? []
        coFacilitators = try container.decodeIfPresent([String].self, forKey: .coFacilitators) ?? []
        slideLimit = try container.decodeIfPresent(Int.self, forKey: .slideLimit) ?? Defaults.slideLimit
        pitch = try container.decodeIfPresent(PitchSettings.self, forKey: .pitch) ?? .default
        phaseWarningsSeconds =
            try container.decodeIfPresent([Int].self, forKey: .phaseWarningsSeconds) ?? Defaults.phaseWarningsSeconds
        scale = try container.decodeIfPresent(ScoreScale.self, forKey: .scale) ?? .default
        rubric = try container.decodeIfPresent([Criterion].self, forKey: .rubric) ?? Defaults.rubric
        passMark20 = try container.decodeIfPresent(Double.self, forKey: .passMark20) ?? 10
        blocks = try container.decodeIfPresent([String: BlockSettings].self, forKey: .blocks) ?? [:]
        compensation = try container.decodeIfPresent(Bool.self, forKey: .compensation) ?? false
        voteBudget = try container.decodeIfPresent(Int.self, forKey: .voteBudget) ?? Defaults.voteBudget
        if container.contains(.problemPhase) {
            problemPhase = try container.decodeIfPresent(String.self, forKey: .problemPhase)
        } else {
            problemPhase = phases.contains { $0.id == "define" } ? "define" : nil
        }
    }
}

/// An assessment's settings: `{"passMark20": 10}`.
package struct BlockSettings: Codable, Sendable, Hashable {
    /// The assessment's pass mark on 20 (default: the definition's).
    package var passMark20: Double?

    /// Creates settings.
    package init(passMark20: Double? = nil) {
        self.passMark20 = passMark20
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case passMark20
    }

    /// Decodes strictly.
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passMark20 = try container.decodeIfPresent(Double.self, forKey: .passMark20)
    }
}

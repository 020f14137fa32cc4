/// The defaults of a session definition, as DESIGN.md states them.
package enum Defaults {
    /// The session's time zone when the definition gives none.
    package static let timeZone = "Europe/Paris"

    /// The most slides a deck may hold when the definition gives no `slideLimit`.
    package static let slideLimit = 10
    /// Dots each participant has per voting board when the definition gives no `voteBudget`.
    package static let voteBudget = 3

    /// Warnings before a phase's time box ends, in seconds left (5 min and 1 min).
    package static let phaseWarningsSeconds = [300, 60]

    /// The seven default phases: day 1 empathize, define; day 2 ideate, synthesize; day 3 prototype, test, pitch.
    package static let phases: [PhaseDefinition] = [
        PhaseDefinition(
            id: "empathize", label: LocalizedText(fr: "Empathie", en: "Empathize"), day: 1, timeBoxMinutes: 180),
        PhaseDefinition(
            id: "define", label: LocalizedText(fr: "Définition", en: "Define"), day: 1, timeBoxMinutes: 150),
        PhaseDefinition(id: "ideate", label: LocalizedText(fr: "Idéation", en: "Ideate"), day: 2, timeBoxMinutes: 180),
        PhaseDefinition(
            id: "synthesize", label: LocalizedText(fr: "Synthèse", en: "Synthesize"), day: 2, timeBoxMinutes: 150),
        PhaseDefinition(
            id: "prototype", label: LocalizedText(fr: "Prototypage", en: "Prototype"), day: 3, timeBoxMinutes: 150),
        PhaseDefinition(id: "test", label: LocalizedText(fr: "Test", en: "Test"), day: 3, timeBoxMinutes: 60),
        PhaseDefinition(id: "pitch", label: LocalizedText(fr: "Pitch", en: "Pitch"), day: 3, timeBoxMinutes: 120),
    ]

    /// The phases each board kind is writable in by default.
    package static let bindings: [BoardKind: BoardBinding] = [
        .empathyMap: .phases(["empathize", "define"]),
        .hmw: .phases(["define"]),
        .moodBoard: .phases(["ideate", "synthesize"]),
        .ideas: .phases(["ideate", "synthesize"]),
        .prototype: .phases(["prototype", "test"]),
        .deck: .phases(["prototype", "test"]),
        .testGrid: .phases(["test"]),
        .swot: .everyPhase,
        .businessModelCanvas: .everyPhase,
        .mindMap: .everyPhase,
    ]

    /// The default rubric: the four A14 (Design Thinking sprint) and four A15 (pitch) criteria
    /// of the certification, in the seed's wording, with equal weights.
    package static let rubric: [Criterion] = [
        Criterion(
            id: "a14-problem", block: "A14",
            label: LocalizedText(
                fr:
                    "Identifier une problématique en fonction de l'observation des usagers concernés et du contexte du projet",
                en: "Identify a problem from the observation of the users concerned and the context of the project")),
        Criterion(
            id: "a14-creativity-tools", block: "A14",
            label: LocalizedText(
                fr: "Utiliser les outils de créativité propres au Design Thinking (mood board, carte d'empathie...)",
                en: "Use the creativity tools specific to Design Thinking (mood board, empathy map...)")),
        Criterion(
            id: "a14-collaboration", block: "A14",
            label: LocalizedText(
                fr:
                    "Adopter une posture favorable à travailler en mode collaboratif pendant les différentes phases du projet",
                en: "Adopt a stance that favours collaborative work during the different phases of the project")),
        Criterion(
            id: "a14-openness", block: "A14",
            label: LocalizedText(
                fr:
                    "Faire émerger ouverture et créativité dans la restitution des résultats et dans la vision prospective proposée",
                en:
                    "Bring out openness and creativity in the presentation of the results and in the forward-looking vision proposed"
            )),
        Criterion(
            id: "a15-viability", block: "A15",
            label: LocalizedText(
                fr:
                    "Formuler un projet de transformation numérique viable (faisabilité quant à la situation donnée, prise en compte des contraintes internes et externes, etc.)",
                en:
                    "Formulate a viable digital transformation project (feasibility in the given situation, internal and external constraints taken into account, etc.)"
            )),
        Criterion(
            id: "a15-communication", block: "A15",
            label: LocalizedText(
                fr:
                    "Utiliser les techniques de communication pour structurer ses propos lors de la prise de parole et rendre son discours convaincant",
                en:
                    "Use communication techniques to structure what is said when speaking and make the speech convincing"
            )),
        Criterion(
            id: "a15-format-time", block: "A15",
            label: LocalizedText(
                fr: "Respecter les contraintes liées au format et le temps imparti pour présenter son projet",
                en: "Respect the constraints of the format and the time allotted to present the project"),
            showsOvertime: true),
        Criterion(
            id: "a15-dialogue", block: "A15",
            label: LocalizedText(
                fr: "Dialoguer avec le jury et répondre à ses questions et objections en défendant ses choix",
                en: "Engage in dialogue with the jury and answer its questions and objections, defending one's choices")
        ),
    ]
}

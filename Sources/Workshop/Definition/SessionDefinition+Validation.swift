import Foundation

extension SessionDefinition {
    /// Every problem of the definition, in document order, each naming its field.
    ///
    /// Checks: a title; a known IANA time zone; phases covering days 1, 2 and 3 (each day at
    /// least one phase) in non-decreasing day order, with unique ids, labels and positive time
    /// boxes; bindings naming known board kinds and known phases (a default binding that names
    /// a phase the definition lacks is a problem too); groups with unique ids, unique
    /// participant names, known board kinds and known jurors; `slideLimit` ≥ 1; sane pitch
    /// timings and warnings; a sane scale; a non-empty rubric with unique ids and weights > 0.
    package func problems() -> [WorkshopError] {
        var problems: [WorkshopError] = []
        func refuse(_ field: String, _ message: String) {
            problems.append(WorkshopError(field: field, message: message))
        }
        checkName(title, at: "title", refuse)
        if let startDate, !Limits.years.contains(startDate.year) {
            refuse(
                "startDate",
                "must be a day of the years \(Limits.years.lowerBound)–\(Limits.years.upperBound), got \(startDate)")
        }
        checkCount(phases.count, at: "phases", refuse)
        checkCount(groups.count, at: "groups", refuse)
        checkCount(jurors.count, at: "jurors", refuse)
        checkCount(observers.count, at: "observers", refuse)
        checkCount(coFacilitators.count, at: "coFacilitators", refuse)
        checkCount(rubric.count, at: "rubric", refuse)
        let participants = groups.reduce(0) { $0 + $1.participants.count }
        if participants > Limits.maxParticipants {
            refuse("groups", "at most \(Limits.maxParticipants) participants in a session, got \(participants)")
        }
        if TimeZone(identifier: timeZone) == nil {
            refuse("timeZone", "unknown IANA time zone \"\(timeZone)\" (e.g. Europe/Paris)")
        }
        checkPhases(refuse)
        checkBindings(refuse)
        checkPeople(refuse)
        checkPitch(refuse)
        checkRubric(refuse)
        checkAssessment(refuse)
        return problems
    }

    private func checkPhases(_ refuse: (String, String) -> Void) {
        guard !phases.isEmpty else { return refuse("phases", "must list at least one phase per day (days 1, 2, 3)") }
        var seen = Set<String>()
        var previousDay = 1
        for (index, phase) in phases.enumerated() {
            let path = "phases[\(index)]"
            if phase.id.isEmpty { refuse("\(path).id", "must not be empty") }
            checkLength(phase.id, at: "\(path).id", refuse)
            if !seen.insert(phase.id).inserted { refuse("\(path).id", "duplicate phase id \"\(phase.id)\"") }
            checkLabel(phase.label, at: "\(path).label", refuse)
            if !(1...3).contains(phase.day) {
                refuse("\(path).day", "must be 1, 2 or 3 (the sprint spans three consecutive days), got \(phase.day)")
            } else if phase.day < previousDay {
                refuse(
                    "\(path).day",
                    "phases must go forward: day \(phase.day) comes after a phase of day \(previousDay)")
            } else {
                previousDay = phase.day
            }
            if phase.timeBoxMinutes < 1 || phase.timeBoxMinutes > Limits.maxTimeBoxMinutes {
                refuse(
                    "\(path).timeBoxMinutes",
                    "must be between 1 and \(Limits.maxTimeBoxMinutes) minutes (one week), got \(phase.timeBoxMinutes)")
            }
        }
        for day in 1...3 where !phases.contains(where: { $0.day == day }) {
            refuse("phases", "day \(day) has no phase; each of the three days needs at least one")
        }
    }

    private func checkBindings(_ refuse: (String, String) -> Void) {
        let phaseIds = Set(phases.map(\.id))
        for key in boards.keys.sorted() {
            guard BoardKind(rawValue: key) != nil else {
                refuse(
                    "boards.\(key)",
                    "unknown board kind; known kinds: " + BoardKind.allCases.map(\.rawValue).joined(separator: ", "))
                continue
            }
            if case .phases(let ids) = boards[key]! {
                for (index, id) in ids.enumerated() where !phaseIds.contains(id) {
                    refuse("boards.\(key)[\(index)]", "unknown phase \"\(id)\"")
                }
            }
        }
        for kind in BoardKind.allCases where boards[kind.rawValue] == nil {
            if case .phases(let ids) = Defaults.bindings[kind]!,
                let missing = ids.first(where: { !phaseIds.contains($0) })
            {
                refuse(
                    "boards.\(kind.rawValue)",
                    "the default binding names phase \"\(missing)\", which this definition lacks; bind the kind explicitly"
                )
            }
        }
    }

    private func checkPeople(_ refuse: (String, String) -> Void) {
        var jurorIds = Set<String>()
        for (index, juror) in jurors.enumerated() {
            if juror.id.isEmpty { refuse("jurors[\(index)].id", "must not be empty") }
            checkLength(juror.id, at: "jurors[\(index)].id", refuse)
            if !jurorIds.insert(juror.id).inserted {
                refuse("jurors[\(index)].id", "duplicate juror id \"\(juror.id)\"")
            }
            checkName(juror.name, at: "jurors[\(index)].name", refuse)
        }
        if groups.isEmpty { refuse("groups", "must list at least one group") }
        var groupIds = Set<String>()
        var names = Set<String>()
        for (index, group) in groups.enumerated() {
            let path = "groups[\(index)]"
            if group.id.isEmpty { refuse("\(path).id", "must not be empty") }
            checkLength(group.id, at: "\(path).id", refuse)
            if !groupIds.insert(group.id).inserted { refuse("\(path).id", "duplicate group id \"\(group.id)\"") }
            checkName(group.name, at: "\(path).name", refuse)
            for (position, name) in group.participants.enumerated() {
                if let problem = NameRules.problem(name) {
                    refuse("\(path).participants[\(position)]", problem)
                } else if !names.insert(name).inserted {
                    refuse("\(path).participants[\(position)]", "duplicate participant name \"\(name)\"")
                }
            }
            var kinds = Set<String>()
            for (position, kind) in (group.boards ?? []).enumerated() {
                if BoardKind(rawValue: kind) == nil {
                    refuse("\(path).boards[\(position)]", "unknown board kind \"\(kind)\"")
                } else if !kinds.insert(kind).inserted {
                    refuse("\(path).boards[\(position)]", "duplicate board kind \"\(kind)\"")
                }
            }
            var assigned = Set<String>()
            for (position, juror) in (group.jurors ?? []).enumerated() {
                if !jurorIds.contains(juror) {
                    refuse("\(path).jurors[\(position)]", "unknown juror id \"\(juror)\"")
                } else if !assigned.insert(juror).inserted {
                    refuse("\(path).jurors[\(position)]", "juror \"\(juror)\" listed twice")
                }
            }
        }
        for (index, name) in observers.enumerated() {
            checkName(name, at: "observers[\(index)]", refuse)
        }
        for (index, name) in coFacilitators.enumerated() {
            checkName(name, at: "coFacilitators[\(index)]", refuse)
        }
    }

    private func checkPitch(_ refuse: (String, String) -> Void) {
        if !(1...BoardVote.maxBudget).contains(voteBudget) {
            refuse("voteBudget", "must be between 1 and \(BoardVote.maxBudget), got \(voteBudget)")
        }
        if !(1...Limits.maxSlideLimit).contains(slideLimit) {
            refuse("slideLimit", "must be between 1 and \(Limits.maxSlideLimit), got \(slideLimit)")
        }
        if !(1...Limits.maxSeconds).contains(pitch.limitSeconds) {
            refuse("pitch.limitSeconds", "must be between 1 and \(Limits.maxSeconds) seconds (one week)")
        }
        if !(1...Limits.maxSeconds).contains(pitch.qaLimitSeconds) {
            refuse("pitch.qaLimitSeconds", "must be between 1 and \(Limits.maxSeconds) seconds (one week)")
        }
        checkCount(pitch.warningsSeconds.count, at: "pitch.warningsSeconds", refuse)
        checkCount(phaseWarningsSeconds.count, at: "phaseWarningsSeconds", refuse)
        checkWarnings(
            pitch.warningsSeconds, below: min(pitch.limitSeconds, Limits.maxSeconds), at: "pitch.warningsSeconds",
            refuse)
        checkWarnings(phaseWarningsSeconds, below: Limits.maxSeconds, at: "phaseWarningsSeconds", refuse)
    }

    private func checkWarnings(_ warnings: [Int], below limit: Int, at path: String, _ refuse: (String, String) -> Void)
    {
        var seen = Set<Int>()
        for (index, seconds) in warnings.enumerated() {
            if seconds < 1 {
                refuse("\(path)[\(index)]", "must be at least 1 second left, got \(seconds)")
            } else if seconds >= limit {
                refuse("\(path)[\(index)]", "must be less than the limit (\(limit) s), got \(seconds)")
            } else if !seen.insert(seconds).inserted {
                refuse("\(path)[\(index)]", "duplicate warning \(seconds)")
            }
        }
    }

    private func checkRubric(_ refuse: (String, String) -> Void) {
        let range = scale.max - scale.min
        if !scale.min.isFinite || scale.min < 0 || scale.min > Limits.maxScaleValue {
            refuse("scale.min", "must be a number from 0 to \(Int(Limits.maxScaleValue))")
        }
        if !scale.max.isFinite || scale.max <= 0 || range <= 0 || scale.max > Limits.maxScaleValue {
            refuse("scale.max", "must be greater than scale.min and than 0, and at most \(Int(Limits.maxScaleValue))")
        } else if !scale.step.isFinite || scale.step <= 0 {
            refuse("scale.step", "must be greater than 0")
        } else {
            let steps = range / scale.step
            if steps.rounded() < 1 {
                // 1e300 would pass the divisibility check below (0 whole steps) and snap every score to 0.
                refuse(
                    "scale.step",
                    "must be at most the range \(ScoreScale.plain(scale.min))–\(ScoreScale.plain(scale.max))")
            } else if abs(steps - steps.rounded()) > 1e-9 {
                refuse(
                    "scale.step",
                    "must divide the range \(ScoreScale.plain(scale.min))–\(ScoreScale.plain(scale.max)) into whole steps"
                )
            } else if steps > 1000 {
                refuse("scale.step", "too fine: more than 1000 steps")
            }
        }
        if rubric.isEmpty { refuse("rubric", "must list at least one criterion") }
        var ids = Set<String>()
        for (index, criterion) in rubric.enumerated() {
            let path = "rubric[\(index)]"
            if criterion.id.isEmpty { refuse("\(path).id", "must not be empty") }
            checkLength(criterion.id, at: "\(path).id", refuse)
            if !ids.insert(criterion.id).inserted { refuse("\(path).id", "duplicate criterion id \"\(criterion.id)\"") }
            checkLabel(criterion.label, at: "\(path).label", refuse)
            if !criterion.weight.isFinite || criterion.weight <= 0 || criterion.weight > Limits.maxScaleValue {
                refuse(
                    "\(path).weight",
                    "must be greater than 0 and at most \(Int(Limits.maxScaleValue)), got \(ScoreScale.plain(criterion.weight))"
                )
            }
        }
    }

    private func checkAssessment(_ refuse: (String, String) -> Void) {
        let presidents = jurors.enumerated().filter { $0.element.president }
        if presidents.count > 1 {
            refuse("jurors[\(presidents[1].offset)].president", "only one juror presides the jury")
        }
        func checkPassMark(_ value: Double, at path: String) {
            if !value.isFinite || value < 0 || value > 20 { refuse(path, "must be a mark from 0 to 20") }
        }
        checkPassMark(passMark20, at: "passMark20")
        let known = Set(assessments)
        for key in blocks.keys.sorted() {
            if !known.contains(key) {
                refuse(
                    "blocks.\(key)",
                    "no criterion of the rubric belongs to \"\(key)\"; blocks: \(assessments.joined(separator: ", "))")
            }
            if let mark = blocks[key]?.passMark20 { checkPassMark(mark, at: "blocks.\(key).passMark20") }
        }
        for (index, criterion) in rubric.enumerated() {
            if let block = criterion.block {
                if block.isEmpty { refuse("rubric[\(index)].block", "must not be empty") }
                checkLength(block, at: "rubric[\(index)].block", refuse)
            }
        }
        if let problemPhase, !phases.contains(where: { $0.id == problemPhase }) {
            refuse("problemPhase", "unknown phase \"\(problemPhase)\"")
        }
    }

    private func checkCount(_ count: Int, at path: String, _ refuse: (String, String) -> Void) {
        if count > Limits.maxListCount { refuse(path, "at most \(Limits.maxListCount) entries, got \(count)") }
    }

    private func checkName(_ name: String, at path: String, _ refuse: (String, String) -> Void) {
        if let problem = NameRules.problem(name) { refuse(path, problem) }
    }

    private func checkLength(_ text: String, at path: String, _ refuse: (String, String) -> Void) {
        if text.count > Limits.maxNameLength {
            refuse(path, "at most \(Limits.maxNameLength) characters, got \(text.count)")
        }
    }

    private func checkLabel(_ label: LocalizedText, at path: String, _ refuse: (String, String) -> Void) {
        if label.fr.trimmingCharacters(in: .whitespaces).isEmpty { refuse("\(path).fr", "must not be empty") }
        if label.en.trimmingCharacters(in: .whitespaces).isEmpty { refuse("\(path).en", "must not be empty") }
        if label.fr.count > Limits.maxTextLength { refuse("\(path).fr", "at most \(Limits.maxTextLength) characters") }
        if label.en.count > Limits.maxTextLength { refuse("\(path).en", "at most \(Limits.maxTextLength) characters") }
    }
}

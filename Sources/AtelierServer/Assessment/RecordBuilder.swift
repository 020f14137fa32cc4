import Crypto
import Foundation
import Storage
import Workshop
import YCore

/// Builds the signed assessment record of a session from its state and its evidence: the
/// deck frozen at each pitch's start, the boards at the end of each phase (checkpoints), the
/// boards as they stand (what each candidate wrote), the Q&A and the problem statements.
struct RecordBuilder {
    let store: any AtelierStore
    /// The current state of a board (from its room, or the store).
    let boardState: @Sendable (String) async throws -> [UInt8]

    /// The record of `session` (its state as it will be committed), closed by `president`.
    func build(session: LoadedSession, version: Int, closedAt: Date, president: Caller) async throws -> Data {
        let definition = session.definition
        let state = session.state
        let deliberation = state.deliberation
        let deckSnapshots = try await store.artifacts(sessionId: session.id, kind: .deckSnapshot)
        let checkpoints = try await store.artifacts(sessionId: session.id, kind: .checkpoint)
        var groups: [AssessmentRecord.Group] = []
        var contributions: [String: [AssessmentRecord.Contribution]] = [:]
        for group in definition.groups {
            let boards = session.boards.filter { $0.groupId == group.id }
            let pitch = state.pitches[group.id]
            // Checkpoints, oldest first, grouped by the phase move that made them.
            let mine = checkpoints.filter { artifact in boards.contains { $0.id == artifact.key } }
            var byMove: [(phase: String, at: Int64, boards: [AssessmentRecord.BoardItems])] = []
            var firstSeen: [String: [String: String]] = [:]  // board → item → phase
            for artifact in mine {
                let meta = Self.meta(artifact)
                let phase = meta["phase"] ?? ""
                guard let board = boards.first(where: { $0.id == artifact.key }) else { continue }
                let doc = Self.document([UInt8](artifact.data))
                let items = Self.items(of: doc)
                for item in items where firstSeen[board.id]?[item.id] == nil {
                    firstSeen[board.id, default: [:]][item.id] = phase
                }
                let entry = AssessmentRecord.BoardItems(
                    board: board.id, kind: board.kind.rawValue, items: items, slides: Self.slides(of: doc).count)
                if let index = byMove.firstIndex(where: {
                    $0.phase == phase && abs($0.at - artifact.createdAt) < 60_000
                }) {
                    byMove[index].boards.append(entry)
                } else {
                    byMove.append((phase, artifact.createdAt, [entry]))
                }
            }
            // What each candidate wrote, from the boards as they stand and the client-id bindings.
            for board in boards {
                let doc = Self.document(try await boardState(board.id))
                let bindings = try await store.clientBindings(boardId: board.id)
                let itemsMap = doc.rootNames.contains("items") ? doc.getMap("items") : nil
                var perCandidate: [String: [String: [AssessmentRecord.Item]]] = [:]  // candidate → phase → items
                for item in Self.items(of: doc) {
                    guard let client = itemsMap?.writer(of: item.id), let invite = bindings[client],
                        let candidate = session.candidate(ofInvite: invite)
                    else { continue }
                    let phase = firstSeen[board.id]?[item.id] ?? state.sprint.currentPhase.id
                    perCandidate[candidate.id, default: [:]][phase, default: []].append(item)
                }
                // A deck's slides, each credited to whoever added it.
                if doc.rootNames.contains("slides") {
                    let slides = doc.getArray("slides")
                    for index in 0..<slides.count {
                        guard case .map(let slide) = slides.get(index), let client = slides.writer(at: index),
                            let invite = bindings[client], let candidate = session.candidate(ofInvite: invite)
                        else { continue }
                        let phase = state.sprint.currentPhase.id
                        perCandidate[candidate.id, default: [:]][phase, default: []].append(
                            .init(
                                id: "slide-\(index + 1)", type: "slide", text: Self.text(slide.get("title")) ?? "",
                                zone: nil))
                    }
                }
                for (candidate, phases) in perCandidate {
                    for phase in definition.phases.map(\.id) where phases[phase] != nil {
                        contributions[candidate, default: []].append(
                            .init(board: board.id, kind: board.kind.rawValue, phase: phase, items: phases[phase] ?? []))
                    }
                }
            }
            let deck = deckSnapshots.last { $0.key == group.id }.map { artifact -> AssessmentRecord.Deck in
                let timings = pitch?.slideTimings(at: closedAt) ?? [:]
                let slides = Self.slides(of: Self.document([UInt8](artifact.data))).enumerated().map { index, slide in
                    AssessmentRecord.Slide(
                        index: index, title: slide.title, body: slide.body, notes: slide.notes, image: slide.image,
                        timeMs: timings[index] ?? 0)
                }
                return AssessmentRecord.Deck(frozenAt: artifact.createdAt, slides: slides)
            }
            groups.append(
                AssessmentRecord.Group(
                    id: group.id, name: group.name,
                    problem: state.problems[group.id].map {
                        .init(
                            text: $0.text, writtenAt: $0.writtenAt.epochMilliseconds,
                            approvedAt: $0.approvedAt?.epochMilliseconds)
                    },
                    pitch: pitch.map { pitch in
                        AssessmentRecord.Pitch(
                            limitMs: Int64(pitch.limitSeconds).saturatingMultiplied(by: 1000),
                            startedAt: pitch.timer?.startedAt.epochMilliseconds,
                            stoppedAt: pitch.timer?.stoppedAt?.epochMilliseconds,
                            durationMs: pitch.timer?.elapsedMilliseconds(at: closedAt) ?? 0,
                            overtimeMs: pitch.overtimeMilliseconds(at: closedAt),
                            extraTime: pitch.extraTime.map {
                                .init(candidate: $0.candidate, seconds: $0.seconds, reason: $0.reason)
                            },
                            qaStartedAt: pitch.qaTimer?.startedAt.epochMilliseconds,
                            qaStoppedAt: pitch.qaTimer?.stoppedAt?.epochMilliseconds)
                    },
                    deck: deck,
                    qa: (pitch?.qaLog.entries ?? []).map { entry in
                        AssessmentRecord.QA(
                            id: entry.id, kind: entry.kind.rawValue, text: entry.text,
                            askedAt: entry.askedAt.epochMilliseconds, answeredAt: entry.answeredAt?.epochMilliseconds,
                            answer: entry.answer, answeredBy: entry.answeredBy.map(session.candidateName),
                            loggedBy: session.name(of: entry.author))
                    },
                    checkpoints: byMove.map { .init(phase: $0.phase, createdAt: $0.at, boards: $0.boards) }))
        }
        let candidates = state.jury.candidates.map { candidate in
            let blocks = definition.assessments.map { block in
                let decision = deliberation.decisions[candidate.id]?[block]
                return Self.block(
                    state.jury.assessment(
                        of: candidate, block: block, passMark20: definition.passMark20(of: block), decision: decision),
                    decision: decision, session: session)
            }
            let overall =
                definition.compensation
                ? Self.block(
                    state.jury.overall(of: candidate, passMark20: definition.passMark20), decision: nil,
                    session: session)
                : nil
            return AssessmentRecord.Candidate(
                id: candidate.id, name: session.name(of: candidate.invite), group: candidate.group, blocks: blocks,
                overall: overall, contributions: contributions[candidate.id] ?? [])
        }
        let record = AssessmentRecord(
            session: .init(
                id: session.id, title: session.title, timeZone: session.calendar.timeZone.identifier,
                startDate: session.calendar.startDay.description),
            version: version, previous: try await previous(of: session, version: version),
            closedAt: closedAt.epochMilliseconds,
            closedBy: .init(id: president.id, name: session.name(of: president.id)),
            jurors: definition.jurors.map { juror in
                .init(
                    id: juror.id, name: juror.name, president: juror.president,
                    signedAt: deliberation.signatures[juror.id]?.epochMilliseconds,
                    submitted: state.jury.sheets.filter { $0.juror == juror.id }.compactMap { sheet in
                        sheet.submittedAt.map { .init(group: sheet.group, at: $0.epochMilliseconds) }
                    },
                    conflicts: state.jury.conflicts.filter { $0.who.id == juror.id }.map { conflict in
                        let group = conflict.group ?? ""
                        let sheet = state.jury.sheet(juror: juror.id, group: group)
                        return .init(
                            group: group, reason: conflict.reason, at: conflict.at.epochMilliseconds,
                            afterSubmitting: sheet.flatMap(\.submittedAt).map { $0 <= conflict.at } ?? false)
                    })
            },
            actingPresidents: deliberation.actingPresidents, rubric: definition.rubric, scale: definition.scale,
            assessments: definition.assessments.map { .init(block: $0, passMark20: definition.passMark20(of: $0)) },
            compensation: definition.compensation, groups: groups, candidates: candidates)
        return try Self.signed(record)
    }

    /// The version a reopening replaced: its hash (from its stored copy) and the reason.
    private func previous(of session: LoadedSession, version: Int) async throws -> AssessmentRecord.Previous? {
        guard version > 1, let reopening = session.state.deliberation.reopened,
            reopening.fromVersion == version - 1
        else { return nil }
        let stored = try await store.artifacts(sessionId: session.id, kind: .record).last {
            $0.key == "\(reopening.fromVersion)"
        }
        guard let stored, case .object(let members) = try CanonicalJSON.parse(stored.data),
            case .string(let hash)? = members["sha256"]
        else { return nil }
        return .init(
            version: reopening.fromVersion, sha256: hash, reopenedAt: reopening.at.epochMilliseconds,
            reopenedBy: .init(id: reopening.by, name: session.name(of: reopening.by)), reason: reopening.reason)
    }

    /// The record as canonical JSON with its `sha256` member: the hash of the canonical JSON
    /// of the record without it.
    static func signed(_ record: AssessmentRecord) throws -> Data {
        let encoded = try JSONEncoder.epochMilliseconds.encode(record)
        guard case .object(var members) = try CanonicalJSON.parse(encoded) else {
            throw CanonicalJSON.ParseError(offset: 0, message: "a record is an object")
        }
        let digest = SHA256.hash(data: CanonicalJSON.object(members).canonicalData)
        members["sha256"] = .string(digest.map { String(format: "%02x", $0) }.joined())
        return CanonicalJSON.object(members).canonicalData
    }

    /// Whether a record's `sha256` is the hash of the rest of it.
    static func verify(_ data: Data) -> Bool {
        guard case .object(var members) = try? CanonicalJSON.parse(data), case .string(let hash)? = members["sha256"]
        else { return false }
        members["sha256"] = nil
        let digest = SHA256.hash(data: CanonicalJSON.object(members).canonicalData)
        return digest.map { String(format: "%02x", $0) }.joined() == hash
    }

    private static func block(_ result: AssessmentResult, decision: RecordedDecision?, session: LoadedSession)
        -> AssessmentRecord.Block
    {
        AssessmentRecord.Block(
            block: result.block, mark20: result.mark20, passMark20: result.passMark20,
            proposal: result.proposal?.rawValue, decision: result.decision?.rawValue,
            justification: result.justification,
            decidedBy: decision.map { .init(id: $0.by, name: session.name(of: $0.by)) },
            decidedAt: decision?.at.epochMilliseconds, defaulted: decision?.defaulted ?? false,
            criteria: result.criteria.map { row in
                AssessmentRecord.CriterionScores(
                    id: row.id, assessor: row.assessor.rawValue,
                    scores: row.scores.map {
                        .init(
                            by: $0.by, name: session.name(of: $0.by), score: $0.score, comment: $0.comment,
                            override: $0.override)
                    }, mean: row.mean.map(Aggregation.roundedToHundredths),
                    spread: row.spread.map(Aggregation.roundedToHundredths), flagged: row.flagged)
            })
    }

    private static func meta(_ artifact: ArtifactRecord) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(artifact.meta.utf8))) ?? [:]
    }

    static func document(_ state: [UInt8]) -> Doc {
        let doc = Doc(gc: true)
        try? doc.applyUpdate(state)
        return doc
    }

    /// The board's items with their type, text and zone, in key order.
    static func items(of doc: Doc) -> [AssessmentRecord.Item] {
        guard doc.rootNames.contains("items") else { return [] }
        return doc.getMap("items").entries.compactMap { key, value in
            guard case .map(let item) = value else { return nil }
            return AssessmentRecord.Item(
                id: key, type: text(item.get("type")) ?? "", text: text(item.get("text")) ?? "",
                zone: text(item.get("zone")))
        }
    }

    /// A deck's slides.
    static func slides(of doc: Doc) -> [(title: String, body: String, notes: String, image: String?)] {
        guard doc.rootNames.contains("slides") else { return [] }
        let slides = doc.getArray("slides")
        return (0..<slides.count).compactMap { index in
            guard case .map(let slide) = slides.get(index) else { return nil }
            return (
                text(slide.get("title")) ?? "", text(slide.get("body")) ?? "", text(slide.get("notes")) ?? "",
                text(slide.get("asset"))
            )
        }
    }

    private static func text(_ value: YValue?) -> String? {
        switch value {
        case .text(let text): text.toString()
        case .value(.string(let string)): string
        default: nil
        }
    }
}

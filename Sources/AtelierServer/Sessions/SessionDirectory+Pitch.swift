import Foundation
import HTTPTypes
import Storage
import Workshop

/// The pitch and the jury of a session: timers, slides, Q&A, score sheets and results.
extension SessionDirectory {
    /// A group's pitch as the API shows it.
    struct PitchView: Codable, Sendable {
        var group: String
        var state: String
        var limitMs: Int64
        var startedAt: Int64?
        var deadline: Int64?
        var stoppedAt: Int64?
        var elapsedMs: Int64
        var overtimeMs: Int64
        var currentSlide: Int?
        var slideCount: Int?
        var slideTimings: [String: Int64]
        var qa: QAView
    }

    /// The Q&A part of a pitch.
    struct QAView: Codable, Sendable {
        var state: String
        var limitMs: Int64
        var startedAt: Int64?
        var deadline: Int64?
        var stoppedAt: Int64?
        var overtimeMs: Int64
        var entries: [QAEntry]
    }

    /// The pitch of a group, or 404 for an unknown group.
    func pitch(_ sessionID: String, group: String) throws -> (Session, Pitch) {
        let session = try session(sessionID)
        guard session.definition.groups.contains(where: { $0.id == group }) else {
            throw APIError.notFound("no group \(group)")
        }
        return (session, session.pitches[group] ?? Pitch(group: group, settings: session.definition.pitch))
    }

    /// The view of a group's pitch.
    func pitchView(_ sessionID: String, group: String) throws -> PitchView {
        let (_, pitch) = try pitch(sessionID, group: group)
        return Self.view(of: pitch, at: clock.now)
    }

    static func view(of pitch: Pitch, at now: Date) -> PitchView {
        let timer = pitch.timer
        let qa = pitch.qaTimer
        return PitchView(
            group: pitch.group, state: timer == nil ? "not-started" : (timer!.isRunning ? "running" : "stopped"),
            limitMs: Int64(pitch.settings.limitSeconds) * 1000, startedAt: timer?.startedAt.epochMilliseconds,
            deadline: timer?.deadline.epochMilliseconds, stoppedAt: timer?.stoppedAt?.epochMilliseconds,
            elapsedMs: timer?.elapsedMilliseconds(at: now) ?? 0, overtimeMs: pitch.overtimeMilliseconds(at: now),
            currentSlide: pitch.currentSlide, slideCount: pitch.slideCount,
            slideTimings: Dictionary(uniqueKeysWithValues: pitch.slideTimings(at: now).map { ("\($0.key)", $0.value) }),
            qa: QAView(
                state: qa == nil ? "not-started" : (qa!.isRunning ? "running" : "stopped"),
                limitMs: Int64(pitch.settings.qaLimitSeconds) * 1000, startedAt: qa?.startedAt.epochMilliseconds,
                deadline: qa?.deadline.epochMilliseconds, stoppedAt: qa?.stoppedAt?.epochMilliseconds,
                overtimeMs: qa?.overtimeMilliseconds(at: now) ?? 0, entries: pitch.qaLog.entries))
    }

    /// Runs a change on a group's pitch; saves it with its audit line, tells it live.
    func changePitch(
        _ sessionID: String, group: String, by principal: Principal,
        _ change: (inout Pitch, Caller, Date) throws(WorkshopError) -> AuditRecord?
    ) async throws -> PitchView {
        guard principal.belongs(to: sessionID) else {
            throw APIError(.forbidden, code: "forbidden", "not your session")
        }
        var (session, pitch) = try pitch(sessionID, group: group)
        let now = clock.now
        let audit: AuditRecord?
        do {
            audit = try change(&pitch, principal.juryCaller, now)
        } catch {
            throw APIError(error)
        }
        session.pitches[group] = pitch
        try await savePlay(&session, audit: audit.map { [$0] } ?? [])
        let view = Self.view(of: pitch, at: now)
        await live.send(sessionID, ["type": "pitch", "group": group, "pitch": LiveHub.object(view)])
        return view
    }

    /// Stores the deck snapshot taken when a pitch starts.
    func storeDeckSnapshot(_ sessionID: String, group: String, boardID: String, data: [UInt8], slides: Int) async throws
    {
        try await database.savePitchSnapshot(
            sessionId: sessionID, groupId: group, boardId: boardID, data: Data(data), slides: slides,
            at: clock.now.epochMilliseconds)
    }

    /// Runs a change on the jury; saves it with its audit line, tells who submitted live.
    func changeJury(
        _ sessionID: String, group: String, by principal: Principal,
        _ change: (inout Jury, Caller, Date) throws(WorkshopError) -> (ScoreSheet?, AuditRecord?)
    ) async throws -> ScoreSheet? {
        guard principal.belongs(to: sessionID) else {
            throw APIError(.forbidden, code: "forbidden", "not your session")
        }
        var session = try session(sessionID)
        guard session.definition.groups.contains(where: { $0.id == group }) else {
            throw APIError.notFound("no group \(group)")
        }
        let now = clock.now
        let result: (ScoreSheet?, AuditRecord?)
        do {
            result = try change(&session.jury, principal.juryCaller, now)
        } catch {
            throw APIError(error)
        }
        try await savePlay(&session, audit: result.1.map { [$0] } ?? [])
        if result.1 != nil {
            let jurors = session.jury.activeJurors(for: group).map {
                ["id": $0, "submitted": session.jury.sheet(juror: $0, group: group)?.isSubmitted ?? false]
                    as [String: Any]
            }
            await live.send(
                sessionID,
                ["type": "scores", "group": group, "jurors": jurors, "complete": session.jury.isComplete(group)])
        }
        return result.0
    }

    /// The results as `principal` may see them (hidden values null).
    func results(_ sessionID: String, for principal: Principal) throws -> (ResultsView, [Criterion]) {
        let session = try session(sessionID)
        guard principal.belongs(to: sessionID) else {
            throw APIError(.forbidden, code: "forbidden", "not your session")
        }
        let now = clock.now
        let overtime = session.pitches.mapValues { $0.overtimeMilliseconds(at: now) }
        return (session.jury.results(for: principal.juryCaller, overtimeMilliseconds: overtime), session.jury.rubric)
    }

    private func savePlay(_ session: inout Session, audit: [AuditRecord]) async throws {
        let lines = audit.map {
            AuditEntryRecord(
                sessionId: session.id, at: $0.at.epochMilliseconds, actor: $0.who.id, action: $0.action.rawValue,
                fromPhase: $0.from, toPhase: $0.to, reason: $0.reason,
                detail: $0.group.map { #"{"group":"\#($0)"}"# })
        }
        try await database.savePlay(
            sessionId: session.id,
            pitches: String(decoding: try JSONEncoder.epochMilliseconds.encode(session.pitches), as: UTF8.self),
            jury: String(decoding: try JSONEncoder.epochMilliseconds.encode(session.jury), as: UTF8.self),
            audit: lines)
        storeSession(session)
    }
}

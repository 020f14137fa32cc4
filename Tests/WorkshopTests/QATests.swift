import Foundation
import Testing

@testable import Workshop

@Suite("Q&A timer and log")
struct QATests {
    let t0 = Date(epochMilliseconds: 1_774_875_600_000)
    let juror = Caller.juror("j2")

    func afterPitch() throws -> Pitch {
        var pitch = Pitch(group: "g1", settings: .default)
        try pitch.start(by: juror, slideCount: 5, slideLimit: 10, at: t0)
        try pitch.stop(by: juror, at: t0.addingTimeInterval(590))
        return pitch
    }

    @Test func theQATimerHasItsOwnLimit() throws {
        var pitch = Pitch(group: "g1", settings: .default)
        try pitch.start(by: juror, slideCount: 5, slideLimit: 10, at: t0)
        let refused = #expect(throws: WorkshopError.self) {
            try pitch.startQA(by: juror, at: t0.addingTimeInterval(10))
        }
        #expect(refused?.code == .pitchRunning)
        try pitch.stop(by: juror, at: t0.addingTimeInterval(590))
        let qaStart = t0.addingTimeInterval(600)
        let audit = try pitch.startQA(by: .facilitator(), at: qaStart)
        #expect(audit.action == .qaStart)
        #expect(pitch.qaTimer?.deadline == qaStart.addingTimeInterval(600))
        #expect(pitch.qaDueEvents(since: qaStart, now: qaStart.addingTimeInterval(600)).map(\.kind) == [.timesUp])
        let (record, _) = try pitch.stopQA(by: juror, at: qaStart.addingTimeInterval(654.321))
        #expect(record.durationMilliseconds == 654_321)
        #expect(record.overtimeMilliseconds == 54_321)
        #expect(
            (#expect(throws: WorkshopError.self) { try pitch.startQA(by: juror, at: qaStart) })?.code == .alreadyStarted
        )
    }

    @Test func jurorsLogEntriesInOrder() throws {
        var pitch = try afterPitch()
        let asked = t0.addingTimeInterval(620)
        let first = try pitch.logQA(kind: .question, text: "Quel budget ?", by: juror, at: asked).entry
        let second = try pitch.logQA(
            kind: .objection, text: "RGPD ?", by: .juror("j3"), at: asked.addingTimeInterval(30)
        ).entry
        try pitch.logQA(kind: .remark, text: "Belle démo", by: .facilitator(), at: asked.addingTimeInterval(60))
        #expect(first.id == "qa-1" && second.id == "qa-2")
        #expect(first.askedAt == asked)
        #expect(first.author == "j2" && second.author == "j3")
        #expect(pitch.qaLog.entries.map(\.kind) == [.question, .objection, .remark])
        #expect(first.answeredAt == nil && first.answer == nil && first.history.isEmpty)
    }

    @Test func aRetriedEntryIsLoggedOnce() throws {
        var pitch = try afterPitch()
        let asked = t0.addingTimeInterval(620)
        let first = try pitch.logQA(kind: .question, text: "Quel budget ?", by: juror, at: asked, requestKey: "k1")
        let again = try pitch.logQA(
            kind: .question, text: "Quel budget ?", by: juror, at: asked.addingTimeInterval(9), requestKey: "k1")
        #expect(!first.replayed && again.replayed)
        #expect(again.entry == first.entry)
        // Another author's key is theirs alone; another key is another entry.
        let other = try pitch.logQA(
            kind: .question, text: "Quel budget ?", by: .juror("j3"), at: asked, requestKey: "k1")
        let next = try pitch.logQA(kind: .question, text: "Quel budget ?", by: juror, at: asked, requestKey: "k2")
        #expect(!other.replayed && !next.replayed)
        #expect(pitch.qaLog.entries.map(\.id) == ["qa-1", "qa-2", "qa-3"])
        // Still found once the entry was edited; a different text under the same key is refused.
        try pitch.editQA("qa-1", QAEdit(text: "Quel budget total ?"), by: juror, at: asked)
        #expect(
            try pitch.logQA(kind: .question, text: "Quel budget ?", by: juror, at: asked, requestKey: "k1").replayed)
        let error = #expect(throws: WorkshopError.self) {
            try pitch.logQA(kind: .remark, text: "Quel budget ?", by: juror, at: asked, requestKey: "k1")
        }
        #expect(error?.code == .keyReused)
        // The keys survive storage.
        let stored = try JSONDecoder().decode(Pitch.self, from: JSONEncoder().encode(pitch))
        #expect(stored == pitch)
    }

    @Test func extraTimeAddsUpToAWeekAtMost() throws {
        var pitch = Pitch(group: "g1", settings: .default)
        try pitch.addExtraTime(
            seconds: Limits.maxSeconds - 60, candidate: nil, reason: "tiers-temps", by: .facilitator(), at: t0)
        try pitch.addExtraTime(seconds: 60, candidate: nil, reason: "projector", by: .facilitator(), at: t0)
        let refused = #expect(throws: WorkshopError.self) {
            try pitch.addExtraTime(seconds: 1, candidate: nil, reason: "once more", by: .facilitator(), at: t0)
        }
        #expect(refused?.code == .invalidEntry)
        // The limit is what the grants say: nothing clamps it out of step with the record.
        #expect(pitch.limitSeconds == PitchSettings.default.limitSeconds + Limits.maxSeconds)
        #expect(pitch.extraTime.count == 2)
    }

    @Test func aRetriedGrantOfExtraTimeIsGivenOnce() throws {
        var pitch = Pitch(group: "g1", settings: .default)
        let first = try pitch.addExtraTime(
            seconds: 120, candidate: "c_ana", reason: "tiers-temps", by: .facilitator(), at: t0, requestKey: "k")
        let again = try pitch.addExtraTime(
            seconds: 120, candidate: "c_ana", reason: " tiers-temps ", by: .facilitator(), at: t0, requestKey: "k")
        #expect(first != nil && again == nil)
        #expect(pitch.extraTime.count == 1 && pitch.limitSeconds == PitchSettings.default.limitSeconds + 120)
        let refused = #expect(throws: WorkshopError.self) {
            try pitch.addExtraTime(
                seconds: 60, candidate: nil, reason: "x", by: .facilitator(), at: t0, requestKey: "k")
        }
        #expect(refused?.code == .keyReused)
        let stored = try JSONDecoder().decode(Pitch.self, from: JSONEncoder().encode(pitch))
        #expect(stored == pitch)
    }

    @Test func aLogHoldsTwoHundredEntriesAtMost() throws {
        var pitch = try afterPitch()
        for index in 0..<Limits.maxQAEntries { try pitch.logQA(kind: .question, text: "Q\(index)", by: juror, at: t0) }
        let refused = #expect(throws: WorkshopError.self) {
            try pitch.logQA(kind: .question, text: "one more", by: juror, at: t0)
        }
        #expect(refused?.code == .invalidEntry)
    }

    @Test func anEntryIsEditedTwentyTimesAtMost() throws {
        var pitch = try afterPitch()
        let entry = try pitch.logQA(kind: .question, text: "Q", by: juror, at: t0).entry
        for round in 1...Limits.maxRevisions {
            try pitch.editQA(entry.id, QAEdit(text: "Q \(round)"), by: juror, at: t0)
        }
        let refused = #expect(throws: WorkshopError.self) {
            try pitch.editQA(entry.id, QAEdit(text: "once more"), by: juror, at: t0)
        }
        #expect(refused?.code == .invalidEntry)
        #expect(pitch.qaLog.entries[0].history.count == Limits.maxRevisions)
    }

    @Test func anAnswerIsNotLoggedAheadOfTheClock() throws {
        var pitch = try afterPitch()
        let entry = try pitch.logQA(kind: .question, text: "Q", by: juror, at: t0).entry
        let refused = #expect(throws: WorkshopError.self) {
            try pitch.editQA(entry.id, QAEdit(answeredAt: t0.addingTimeInterval(3600)), by: juror, at: t0)
        }
        #expect(refused?.code == .invalidEntry)
        try pitch.editQA(entry.id, QAEdit(answeredAt: t0.addingTimeInterval(30)), by: juror, at: t0)
    }

    @Test func participantsAndObserversDoNotLog() throws {
        var pitch = try afterPitch()
        for caller in [Caller.participant("p1a", group: "g1"), .observer("o1")] {
            let error = #expect(throws: WorkshopError.self) {
                try pitch.logQA(kind: .remark, text: "hi", by: caller, at: t0)
            }
            #expect(error?.code == .notAllowed)
        }
    }

    @Test func aBlankEntryIsRefused() throws {
        var pitch = try afterPitch()
        let error = #expect(throws: WorkshopError.self) {
            try pitch.logQA(kind: .question, text: "  \n", by: juror, at: t0)
        }
        #expect(error?.code == .invalidEntry)
    }

    @Test func editsKeepTheHistory() throws {
        var pitch = try afterPitch()
        let asked = t0.addingTimeInterval(620)
        let entry = try pitch.logQA(kind: .question, text: "Quel budjet ?", by: juror, at: asked).entry
        let answered = asked.addingTimeInterval(45)
        let first = try pitch.editQA(
            entry.id, QAEdit(answeredAt: answered, answer: "200 k€ sur 18 mois"), by: juror, at: answered)
        let second = try pitch.editQA(
            entry.id, QAEdit(text: "Quel budget ?"), by: .juror("j1"), at: answered.addingTimeInterval(5))
        #expect(first.answeredAt == answered && first.answer == "200 k€ sur 18 mois")
        #expect(second.text == "Quel budget ?")
        #expect(second.answer == "200 k€ sur 18 mois")  // untouched by the second edit
        #expect(second.askedAt == asked)
        #expect(second.history.count == 2)
        #expect(second.history[0].text == "Quel budjet ?")
        #expect(second.history[0].answeredAt == nil && second.history[0].answer == nil)
        #expect(second.history[0].editedBy == "j2" && second.history[0].editedAt == answered)
        #expect(second.history[1].text == "Quel budjet ?" && second.history[1].answer == "200 k€ sur 18 mois")
        #expect(second.history[1].editedBy == "j1")
        #expect(pitch.qaLog.entries == [second])  // append-only: still one entry
    }

    @Test func badEditsAreRefused() throws {
        var pitch = try afterPitch()
        let asked = t0.addingTimeInterval(620)
        let entry = try pitch.logQA(kind: .question, text: "Q", by: juror, at: asked).entry
        func code(_ edit: QAEdit, id: String? = nil) -> WorkshopError.Code? {
            do {
                _ = try pitch.editQA(id ?? entry.id, edit, by: juror, at: asked)
                return nil
            } catch { return error.code }
        }
        #expect(code(QAEdit(answer: "x"), id: "qa-9") == .unknownEntry)
        #expect(code(QAEdit(answeredAt: asked.addingTimeInterval(-1))) == .invalidEntry)
        #expect(code(QAEdit(text: " ")) == .invalidEntry)
        #expect(code(QAEdit(text: "Q")) == .invalidEntry)  // changes nothing
        #expect(code(QAEdit()) == .invalidEntry)
        #expect(pitch.qaLog.entries[0].history.isEmpty)
    }
}

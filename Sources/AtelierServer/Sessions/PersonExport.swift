import Foundation
import Storage
import Workshop
import YCore

/// Everything Atelier holds about one person of a session (GDPR art. 15 and 20): their invite,
/// their candidate and results, the Q&A entries they wrote or answered, a juror's sheets, the
/// problem statements they wrote, their contributions to the boards with the items they
/// created there (their text), their refused edits (with the text they typed), the audit lines
/// about them and the images they uploaded (the bytes included, base64), as one JSON document.
/// Nothing of other people: an item is theirs when the server bound the Yjs client that
/// created it to them (not from its client-written `author` field).
struct PersonExport: Encodable, Sendable {
    struct Person: Encodable, Sendable {
        var id: String
        var name: String
        var role: String
        var group: String?
        var jurorId: String?
        var createdAt: Int64
        var revoked: Bool
    }

    struct QAItem: Encodable, Sendable {
        var group: String
        var entry: QAEntry
    }

    struct Contribution: Encodable, Sendable {
        var board: String
        var phase: String
        var updates: Int64
        var bytes: Int64
    }

    struct RefusedEdit: Encodable, Sendable {
        var id: Int64
        var board: String
        var reasonCode: String
        var at: Int64
        var count: Int
        var status: String
        /// The texts the refused edit typed (``QuarantinePreview``, on the board as it is now).
        var texts: [String]
    }

    /// A group's problem statement whose current text they wrote.
    struct Problem: Encodable, Sendable {
        var group: String
        var text: String
        var writtenAt: Date
        var approved: Bool
    }

    /// A board item they created, as the board holds it now.
    struct BoardItem: Encodable, Sendable {
        var board: String
        var id: String
        var type: String?
        var text: String?
    }

    struct Image: Encodable, Sendable {
        var hash: String
        var board: String
        var type: String
        var bytes: Int64
        var createdAt: Int64
        /// The file, base64 (absent when the file is gone).
        var data: String?
    }

    /// Their part of each signed version of the jury's record: a candidate's section, a juror's
    /// entry (with every score they gave), as the record holds it, with the version's hash.
    struct RecordPart: Encodable, Sendable {
        var version: Int
        var closedAt: Int64?
        var sha256: String?
        /// The candidate's section of the record (a candidate), or the juror's entry (a juror).
        var section: RecordJSON?
        /// Every score the juror gave in this version: candidate, assessment, criterion, score, comment.
        var scores: [RecordJSON]?
    }

    var format = "atelier-person-export/1"
    var exportedAt: Int64
    var session: [String: String]
    var person: Person
    var candidate: Candidate?
    var results: CandidateResults?
    var sheets: [ScoreSheet]?
    var qa: [QAItem]
    var problems: [Problem]
    var contributions: [Contribution]
    var items: [BoardItem]
    var quarantine: [RefusedEdit]
    var audit: [SessionViews.AuditLine]
    var images: [Image]
    var records: [RecordPart]

    /// Gathers the export of `invite` from the session and the store; images are read from
    /// `assets`.
    static func build(
        _ invite: InviteRecord, session: LoadedSession, store: any AtelierStore, assets: URL, now: Date
    ) async throws -> PersonExport {
        let candidate = session.candidate(ofInvite: invite.id)
        let ids = Set([invite.id, invite.jurorId, candidate?.id].compactMap { $0 })
        var results: CandidateResults?
        if let candidate {
            results = AssessmentController.results(session, for: .facilitator, now: now).candidates.first {
                $0.id == candidate.id
            }
        }
        let sheets = invite.jurorId.map { juror in session.state.jury.sheets.filter { $0.juror == juror } }
        let qa = session.state.pitches.sorted { $0.key < $1.key }.flatMap { group, pitch in
            pitch.qaLog.entries.filter { entry in
                ids.contains(entry.author) || entry.answeredBy.contains { ids.contains($0) }
            }.map { QAItem(group: group, entry: $0) }
        }
        let problems = session.state.problems.sorted { $0.key < $1.key }.filter { $0.value.writtenBy == invite.id }
            .map {
                Problem(
                    group: $0.key, text: $0.value.text, writtenAt: $0.value.writtenAt,
                    approved: $0.value.approvedAt != nil)
            }
        let contributions = try await store.contributions(boardIds: session.boards.map(\.id))
            .filter { $0.sender == invite.id }
            .map { Contribution(board: $0.boardId, phase: $0.phase, updates: $0.updates, bytes: $0.bytes) }
        let refused = try await store.quarantineEntries(sessionId: session.id, boardId: nil, status: nil)
            .filter { $0.sender == invite.id }
        // The boards they wrote to (or tried to), each read once as stored.
        var items: [BoardItem] = []
        var states: [String: [UInt8]] = [:]
        for board in Set(contributions.map(\.board) + refused.map(\.boardId)).sorted() {
            let document = try BoardDocument(history: try await store.load(boardId: board).replay)
            states[board] = try document.encodedState()
            guard contributions.contains(where: { $0.board == board }) else { continue }
            items += try await Self.items(of: invite.id, on: board, document: document, store: store)
        }
        let quarantine = refused.map {
            RefusedEdit(
                id: $0.id ?? 0, board: $0.boardId, reasonCode: $0.reasonCode, at: $0.at, count: $0.count,
                status: $0.status.rawValue,
                texts: QuarantinePreview.of([UInt8]($0.data), onBoard: states[$0.boardId] ?? []).texts)
        }
        let audit = try await store.audit(sessionId: session.id).filter { line in
            ids.contains(line.actor) || ids.contains { line.detail?.contains("\"\($0)\"") == true }
        }.map { SessionViews.AuditLine($0, in: session) }
        let images = try await store.assetRecords(uploadedBy: invite.id, in: session.id)
            .map { record in
                Image(
                    hash: record.hash, board: record.boardId, type: record.type, bytes: record.bytes,
                    createdAt: record.createdAt,
                    data: FileManager.default.contents(atPath: assets.appendingPathComponent(record.hash).path)?
                        .base64EncodedString())
            }
        return PersonExport(
            exportedAt: now.epochMilliseconds, session: ["id": session.id, "title": session.title],
            person: Person(
                id: invite.id, name: invite.name, role: invite.role.rawValue, group: invite.groupId,
                jurorId: invite.jurorId, createdAt: invite.createdAt, revoked: invite.revokedAt != nil),
            candidate: candidate, results: results, sheets: sheets, qa: qa, problems: problems,
            contributions: contributions, items: items, quarantine: quarantine, audit: audit, images: images,
            records: try await records(of: candidate?.id, juror: invite.jurorId, session: session, store: store))
    }

    /// Their parts of the record's signed versions, oldest first.
    private static func records(of candidate: String?, juror: String?, session: LoadedSession, store: any AtelierStore)
        async throws -> [RecordPart]
    {
        guard candidate != nil || juror != nil else { return [] }
        return try await store.artifacts(sessionId: session.id, kind: .record).compactMap { artifact in
            guard case .object(let record) = try CanonicalJSON.parse(artifact.data) else { return nil }
            var part = RecordPart(
                version: Int(artifact.key) ?? number(record["version"]).map(Int.init) ?? 0,
                closedAt: number(record["closedAt"]).map(Int64.init),
                sha256: { if case .string(let hash)? = record["sha256"] { hash } else { nil } }())
            if let candidate {
                part.section = objects(record["candidates"]).first { $0["id"] == .string(candidate) }.map {
                    RecordJSON(.object($0))
                }
            } else if let juror {
                part.section = objects(record["jurors"]).first { $0["id"] == .string(juror) }.map {
                    RecordJSON(.object($0))
                }
                var scores: [RecordJSON] = []
                for section in objects(record["candidates"]) {
                    for block in objects(section["blocks"]) {
                        for criterion in objects(block["criteria"]) {
                            for score in objects(criterion["scores"]) where score["by"] == .string(juror) {
                                var row = score
                                row["candidate"] = section["id"]
                                row["block"] = block["block"]
                                row["criterion"] = criterion["id"]
                                scores.append(RecordJSON(.object(row)))
                            }
                        }
                    }
                }
                part.scores = scores
            }
            return part
        }
    }

    /// The objects of a JSON array (none when it is not one).
    private static func objects(_ value: CanonicalJSON?) -> [[String: CanonicalJSON]] {
        guard case .array(let values)? = value else { return [] }
        return values.compactMap { if case .object(let members) = $0 { members } else { nil } }
    }

    private static func number(_ value: CanonicalJSON?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    /// The items of a board created by a Yjs client the server bound to `person`, in id order.
    private static func items(of person: String, on board: String, document: BoardDocument, store: any AtelierStore)
        async throws -> [BoardItem]
    {
        guard document.doc.rootNames.contains(BoardDocument.itemsRoot) else { return [] }
        let bindings = try await store.clientBindings(boardId: board)
        let map = document.doc.getMap(BoardDocument.itemsRoot)
        return BoardHistory.items(of: document.doc).sorted { $0.key < $1.key }.compactMap { id, fields in
            guard let writer = map.writer(of: id), bindings[writer] == person else { return nil }
            func string(_ key: String) -> String? {
                if case .string(let value)? = fields[key] { return value }
                return nil
            }
            return BoardItem(board: board, id: id, type: string("type"), text: string("text"))
        }
    }
}

/// A piece of a stored record, encoded as it is.
struct RecordJSON: Encodable, Sendable {
    let value: CanonicalJSON

    init(_ value: CanonicalJSON) {
        self.value = value
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        case .array(let values): try container.encode(values.map(RecordJSON.init))
        case .object(let members): try container.encode(members.mapValues(RecordJSON.init))
        }
    }
}

package import Foundation

/// The kind of a Q&A entry.
package enum QAKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// A question from the jury.
    case question
    /// An objection from the jury.
    case objection
    /// A remark.
    case remark
}

/// A change to a Q&A entry (the body of `PATCH …/qa/{entryId}`); nil fields are left as they are.
package struct QAEdit: Codable, Sendable, Hashable {
    /// A corrected text.
    package var text: String?
    /// When the group answered.
    package var answeredAt: Date?
    /// A short summary of the answer.
    package var answer: String?
    /// The candidates who answered (ids).
    package var answeredBy: [String]?

    /// Creates an edit.
    package init(text: String? = nil, answeredAt: Date? = nil, answer: String? = nil, answeredBy: [String]? = nil) {
        self.text = text
        self.answeredAt = answeredAt
        self.answer = answer
        self.answeredBy = answeredBy
    }
}

/// One entry of the Q&A log, with the history of its edits.
package struct QAEntry: Codable, Sendable, Hashable, Identifiable {
    /// The entry's id in its group's log (`qa-1`, `qa-2`, …).
    package var id: String
    /// Question, objection or remark.
    package var kind: QAKind
    /// What was asked or said.
    package var text: String
    /// When it was asked (logged).
    package var askedAt: Date
    /// When the group answered, if it did.
    package var answeredAt: Date?
    /// A short summary of the answer.
    package var answer: String?
    /// The candidates who answered (ids), in the order given.
    package var answeredBy: [String] = []
    /// Who logged it.
    package var author: String
    /// Earlier versions, oldest first: each is the entry as it was before an edit.
    package var history: [Revision]

    /// Creates an entry (e.g. restored from storage).
    package init(
        id: String, kind: QAKind, text: String, askedAt: Date, answeredAt: Date? = nil, answer: String? = nil,
        author: String, history: [Revision] = []
    ) {
        self.id = id
        self.kind = kind
        self.text = text
        self.askedAt = askedAt
        self.answeredAt = answeredAt
        self.answer = answer
        self.author = author
        self.history = history
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, text, askedAt, answeredAt, answer, answeredBy, author, history
    }

    /// Decodes a stored entry (entries stored before `answeredBy` existed have none).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(QAKind.self, forKey: .kind)
        text = try container.decode(String.self, forKey: .text)
        askedAt = try container.decode(Date.self, forKey: .askedAt)
        answeredAt = try container.decodeIfPresent(Date.self, forKey: .answeredAt)
        answer = try container.decodeIfPresent(String.self, forKey: .answer)
        answeredBy = try container.decodeIfPresent([String].self, forKey: .answeredBy) ?? []
        author = try container.decode(String.self, forKey: .author)
        history = try container.decodeIfPresent([Revision].self, forKey: .history) ?? []
    }

    /// A former version of an entry, and the edit that replaced it.
    package struct Revision: Codable, Sendable, Hashable {
        /// The text before the edit.
        package var text: String
        /// The answer time before the edit.
        package var answeredAt: Date?
        /// The answer before the edit.
        package var answer: String?
        /// Who answered, before the edit.
        package var answeredBy: [String]?
        /// Who edited.
        package var editedBy: String
        /// When.
        package var editedAt: Date

        /// Creates a revision.
        package init(text: String, answeredAt: Date?, answer: String?, editedBy: String, editedAt: Date) {
            self.text = text
            self.answeredAt = answeredAt
            self.answer = answer
            self.editedBy = editedBy
            self.editedAt = editedAt
        }
    }
}

/// A group's Q&A log: append-only; edits keep every former version.
///
/// An entry may come with a key its author's client chose (`Idempotency-Key`): the same key
/// from the same author finds the entry logged the first time, so a request retried after a
/// lost answer (a juror's Wi-Fi) never logs it twice.
package struct QALog: Codable, Sendable, Hashable {
    /// The entries, in the order they were logged.
    package private(set) var entries: [QAEntry] = []
    /// Entry ids by author and request key (nil until the first key; logs stored before keys
    /// existed have none).
    private var requestKeys: RequestKeys<String>?

    /// An empty log.
    package init() {}

    /// A log restored from storage, entries in the order they were logged.
    package init(entries: [QAEntry]) {
        self.entries = entries
    }

    /// The entry `author` logged with request key `key`, if any.
    package func entry(requestKey key: String, author: String) -> QAEntry? {
        requestKeys?[key, author: author].flatMap { id in entries.first { $0.id == id } }
    }

    /// Appends an entry asked at `now`; its text must not be blank. With a request key the
    /// caller already used, nothing is appended and the entry logged with it is returned
    /// (`replayed`), provided the kind and text are the same (else 422).
    @discardableResult
    package mutating func add(
        kind: QAKind, text: String, by caller: Caller, at now: Date, requestKey key: String? = nil
    )
        throws(WorkshopError) -> (entry: QAEntry, replayed: Bool)
    {
        if let key, let logged = entry(requestKey: key, author: caller.id) {
            let first = logged.history.first?.text ?? logged.text
            guard logged.kind == kind, first == text else {
                throw WorkshopError(
                    .keyReused, "request key \"\(key)\" was used for Q&A entry \(logged.id) with another text or kind")
            }
            return (logged, true)
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw WorkshopError(.invalidEntry, "a Q&A entry needs a text")
        }
        guard text.count <= Limits.maxTextLength else {
            throw WorkshopError(.invalidEntry, "a Q&A entry holds at most \(Limits.maxTextLength) characters")
        }
        guard entries.count < Limits.maxQAEntries else {
            throw WorkshopError(.invalidEntry, "this Q&A log holds \(Limits.maxQAEntries) entries already")
        }
        let entry = QAEntry(
            id: "qa-\(entries.count + 1)", kind: kind, text: text, askedAt: now, answeredAt: nil, answer: nil,
            author: caller.id, history: [])
        entries.append(entry)
        if let key {
            var keys = requestKeys ?? RequestKeys()
            keys[key, author: caller.id] = entry.id
            requestKeys = keys
        }
        return (entry, false)
    }

    /// Applies `edit` to entry `id`, pushing its former version onto its history; refused for
    /// an unknown id, a blank text, an answer time before the question, or an edit that changes nothing.
    @discardableResult
    package mutating func edit(_ id: String, _ edit: QAEdit, by caller: Caller, at now: Date) throws(WorkshopError)
        -> QAEntry
    {
        guard let index = entries.firstIndex(where: { $0.id == id }) else {
            throw WorkshopError(.unknownEntry, "no Q&A entry \"\(id)\"")
        }
        var entry = entries[index]
        guard entry.history.count < Limits.maxRevisions else {
            throw WorkshopError(
                .invalidEntry, "entry \(id) was edited \(Limits.maxRevisions) times already: log a new entry instead")
        }
        if let text = edit.text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw WorkshopError(.invalidEntry, "a Q&A entry needs a text")
        }
        if let text = edit.text, text.count > Limits.maxTextLength {
            throw WorkshopError(.invalidEntry, "a Q&A entry holds at most \(Limits.maxTextLength) characters")
        }
        if let answer = edit.answer, answer.count > Limits.maxTextLength {
            throw WorkshopError(.invalidEntry, "an answer holds at most \(Limits.maxTextLength) characters")
        }
        if let answeredAt = edit.answeredAt {
            guard Limits.epochMilliseconds.contains(answeredAt.epochMilliseconds) else {
                throw WorkshopError(.invalidEntry, "answeredAt must be epoch milliseconds between 2000 and 2100")
            }
            guard answeredAt >= entry.askedAt else {
                throw WorkshopError(.invalidEntry, "answeredAt is before askedAt")
            }
            // An answer is logged as it is given or after: not ahead of the server's clock (a
            // minute's grace for a juror's clock running fast).
            guard answeredAt <= now.addingTimeInterval(60) else {
                throw WorkshopError(.invalidEntry, "answeredAt is in the future")
            }
        }
        var revision = QAEntry.Revision(
            text: entry.text, answeredAt: entry.answeredAt, answer: entry.answer, editedBy: caller.id, editedAt: now)
        revision.answeredBy = entry.answeredBy
        entry.text = edit.text ?? entry.text
        entry.answeredAt = edit.answeredAt ?? entry.answeredAt
        entry.answer = edit.answer ?? entry.answer
        entry.answeredBy = edit.answeredBy ?? entry.answeredBy
        guard
            entry.text != revision.text || entry.answeredAt != revision.answeredAt || entry.answer != revision.answer
                || entry.answeredBy != revision.answeredBy
        else { throw WorkshopError(.invalidEntry, "the edit changes nothing") }
        entry.history.append(revision)
        entries[index] = entry
        return entry
    }
}

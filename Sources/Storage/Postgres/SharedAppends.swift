import Foundation
import PostgresNIO
import Synchronization

/// A node's shared appends, grouped: while two are on their way to PostgreSQL, those that
/// arrive wait, and go together as one statement (one transaction, so one WAL flush) as soon
/// as one is back.
///
/// Every append notifies the other nodes, and PostgreSQL lets one notifying transaction commit
/// at a time (it holds a database-wide lock from before its commit until after it): concurrent
/// appends from a node's rooms waited for each other's WAL flush in turn. Grouped, the appends
/// of many rooms share one flush, as the SQLite store's group commit does (docs/DECISIONS.md,
/// "A node's appends travel together").
///
/// Two statements may be on their way at once, not one: an append can wait for a board's turn
/// that another node holds (``PostgresStore/takeTurn(boardId:)``), and the other boards of this
/// node must not wait behind it.
///
/// Each append in a group is still judged alone by `atelier_append` (its board's position, its
/// session's version), and gets its own answer. A group the database refuses as a whole (an
/// error, not an answer) is sent again one append at a time, so that one append's error is
/// only its own.
final class SharedAppends: Sendable {
    /// One append: what to write, and the positions it is judged against (none: appended
    /// wherever the board stands).
    struct Request: Sendable {
        var update: NewBoardUpdate
        var after: Int64?
        var session: (id: String, version: Int64)?
    }

    /// The most appends sent as one statement, and the most bytes of updates in it.
    static let groupLimit = 64
    static let groupBytes = 1 << 20
    /// The most statements on their way at once.
    static let statementsAtOnce = 2

    private struct Waiting {
        let request: Request
        let continuation: CheckedContinuation<SharedAppend, any Error>
    }

    private struct State {
        var sending = 0
        var waiting: [Waiting] = []

        /// Notes one more statement on its way, if one more may be.
        mutating func startsOne() -> Bool {
            guard sending < SharedAppends.statementsAtOnce else { return false }
            sending += 1
            return true
        }
    }

    private let state = Mutex(State())
    /// Statements sent so far (tests: appends made at once share statements).
    let statements = Atomic(0)
    /// Runs one statement and returns its single row.
    private let run: @Sendable (PostgresQuery) async throws -> [PostgresRow]

    init(run: @escaping @Sendable (PostgresQuery) async throws -> [PostgresRow]) {
        self.run = run
    }

    /// Appends `request`: at once if a statement may start, else with the next group.
    func append(_ request: Request) async throws -> SharedAppend {
        if state.withLock({ $0.startsOne() }) {
            let result: Result<SharedAppend, any Error>
            do {
                result = try await send([request])[0]
            } catch {
                result = .failure(error)
            }
            sendWaiting()
            return try result.get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let startsNow = state.withLock { state in
                if state.startsOne() { return true }
                state.waiting.append(Waiting(request: request, continuation: continuation))
                return false
            }
            // A statement came back in between: this one goes now.
            if startsNow { Task { await self.sendGroup([Waiting(request: request, continuation: continuation)]) } }
        }
    }

    /// Sends what waits as the next group in place of the statement that came back, or notes
    /// one statement fewer on its way.
    private func sendWaiting() {
        let group = state.withLock { state -> [Waiting] in
            var bytes = 0
            var count = 0
            for waiting in state.waiting {
                bytes += waiting.request.update.data.count
                guard count < Self.groupLimit, count == 0 || bytes <= Self.groupBytes else { break }
                count += 1
            }
            let group = Array(state.waiting.prefix(count))
            state.waiting.removeFirst(count)
            if group.isEmpty { state.sending -= 1 }
            return group
        }
        if !group.isEmpty { Task { await self.sendGroup(group) } }
    }

    private func sendGroup(_ group: [Waiting]) async {
        do {
            let answers = try await send(group.map(\.request))
            for (waiting, answer) in zip(group, answers) { waiting.continuation.resume(with: answer) }
        } catch  where group.count == 1 {
            group[0].continuation.resume(throwing: error)
        } catch {
            // Nothing of the statement was committed: each is sent again alone.
            for waiting in group {
                do {
                    waiting.continuation.resume(with: try await send([waiting.request])[0])
                } catch {
                    waiting.continuation.resume(throwing: error)
                }
            }
        }
        sendWaiting()
    }

    /// One statement calling `atelier_append` once per request; one answer each, in order. It
    /// throws only when the statement failed (and so committed nothing); an answer that is a
    /// refusal (a deleted board) is that request's failure alone — the others are committed.
    private func send(_ requests: [Request]) async throws -> [Result<SharedAppend, any Error>] {
        statements.add(1, ordering: .relaxed)
        let rows = try await run(try Self.query(requests))
        guard let row = rows.first, row.count == requests.count else {
            throw StoreError(.notFound, "the updates were not appended")
        }
        return row.map { cell in Result { try PostgresStore.appended(try cell.decode(Int64?.self)) } }
    }

    /// `SELECT atelier_append(…), atelier_append(…), …`.
    static func query(_ requests: [Request]) throws -> PostgresQuery {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 64 * requests.count, interpolationCount: 0)
        sql.appendLiteral("SELECT ")
        for (index, request) in requests.enumerated() {
            let update = request.update
            sql.appendLiteral(index == 0 ? "atelier_append(" : ", atelier_append(")
            sql.appendInterpolation(update.boardId)
            sql.appendLiteral(", ")
            sql.appendInterpolation(request.after)
            sql.appendLiteral(", ")
            sql.appendInterpolation(request.session?.id)
            sql.appendLiteral(", ")
            sql.appendInterpolation(request.session?.version)
            sql.appendLiteral(", ")
            try sql.appendInterpolation(Data(update.data))
            sql.appendLiteral(", ")
            sql.appendInterpolation(update.sender)
            sql.appendLiteral(", ")
            sql.appendInterpolation(update.phase)
            sql.appendLiteral(", ")
            sql.appendInterpolation(update.createdAt)
            sql.appendLiteral(")")
        }
        return PostgresQuery(stringInterpolation: sql)
    }
}

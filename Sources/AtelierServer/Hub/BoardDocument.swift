/// A room's in-memory board document.
///
/// Until YCore lands this keeps the accepted updates as they came and answers a client's
/// state vector with all of them; with YCore it becomes the integrated document and answers
/// with the exact difference.
struct BoardDocument {
    private var updates: [[UInt8]] = []

    /// Replays a stored history.
    init(history: [[UInt8]]) {
        updates = history
    }

    /// Integrates an update from a client; returns whether it adds anything worth storing.
    mutating func apply(_ update: [UInt8]) throws -> Bool {
        guard !Self.isEmptyUpdate(update) else { return false }
        updates.append(update)
        return true
    }

    /// The document's state vector, sent in the server's sync step 1.
    var stateVector: [UInt8] { [0] }

    /// What a client with `stateVector` misses, as updates to send in order.
    func missing(from stateVector: [UInt8]) -> [[UInt8]] {
        updates
    }

    /// An update with no structs and no deletions (`[0, 0]` in v1).
    static func isEmptyUpdate(_ update: [UInt8]) -> Bool {
        update == [0, 0]
    }
}

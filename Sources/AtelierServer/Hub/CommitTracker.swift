/// Which of a room's applied updates are durable: each applied update takes a sequence
/// number; it is in flight until its commit returns. A joining client's sync step 2 and a
/// pitch's deck snapshot wait until everything applied before them is durable.
///
/// Waiting happens in the room (an actor), which registers a continuation here; this type
/// only keeps the numbers. For example:
///
/// ```swift
/// let sequence = commits.begin()
/// _ = try await store.append(update)
/// commits.end(sequence)  // resumes waiters whose sequence is now durable
/// ```
struct CommitTracker {
    private var applied = 0
    private var inFlight: Set<Int> = []
    private var waiters: [(sequence: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// The sequence of the newest applied update.
    var lastApplied: Int { applied }

    /// Whether some applied update is not durable yet.
    var hasInFlight: Bool { !inFlight.isEmpty }

    /// Starts tracking a newly applied update; returns its sequence.
    mutating func begin() -> Int {
        applied += 1
        inFlight.insert(applied)
        return applied
    }

    /// The update of `sequence` is durable.
    mutating func end(_ sequence: Int) {
        inFlight.remove(sequence)
        resumeDurable()
    }

    /// Whether everything applied up to `sequence` is durable.
    func isDurable(through sequence: Int) -> Bool {
        guard let oldest = inFlight.min() else { return true }
        return oldest > sequence
    }

    /// Registers a waiter for `sequence` (call only when not yet durable).
    mutating func wait(for sequence: Int, _ continuation: CheckedContinuation<Void, Never>) {
        waiters.append((sequence, continuation))
    }

    /// Gives up on what is in flight (the room failed and will reload): every waiter resumes.
    mutating func abandon() {
        inFlight.removeAll()
        resumeDurable()
    }

    private mutating func resumeDurable() {
        let durableThrough = (inFlight.min() ?? (applied + 1)) - 1
        waiters.removeAll { waiter in
            guard waiter.sequence <= durableThrough else { return false }
            waiter.continuation.resume()
            return true
        }
    }
}

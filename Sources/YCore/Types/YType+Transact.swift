extension YType {
    /// Runs `body` in `txn`, or in a new transaction of the type's document.
    func withTransaction<T>(_ txn: Transaction?, _ body: (Transaction) throws -> T) rethrows -> T {
        if let txn { return try body(txn) }
        guard let doc else {
            preconditionFailure("YCore: a shared type is used after its document was released")
        }
        return try doc.transact(body)
    }
}

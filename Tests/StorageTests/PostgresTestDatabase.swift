import Foundation
import Logging

@testable import Storage

/// A new, empty PostgreSQL database per test, on the server `ATELIER_TEST_DATABASE_URL` names
/// (script/test starts a throwaway one; without it the PostgreSQL cases are not run).
enum PostgresTestDatabase {
    static var serverURL: String? {
        let url = ProcessInfo.processInfo.environment["ATELIER_TEST_DATABASE_URL"]
        return url?.isEmpty == false ? url : nil
    }

    /// A store on a new database.
    static func makeStore() async throws -> PostgresStore {
        try await PostgresStore.connect(url: try await makeDatabase(), logger: Logger(label: "test"))
    }

    /// A new database's URL (for several stores on it: several nodes).
    static func makeDatabase() async throws -> String {
        guard let serverURL else { throw StoreError(.notFound, "ATELIER_TEST_DATABASE_URL is not set") }
        return try await PostgresStore.createScratchDatabase(onServer: serverURL, logger: Logger(label: "test"))
    }
}

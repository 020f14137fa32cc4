import Foundation
import Testing

/// Runs the tests of a suite on threads of their own instead of Swift's cooperative pool.
///
/// Every test target of the package runs in one process, and Swift Testing runs suites in
/// parallel on the cooperative pool, which has one thread per core. The long synchronous
/// tests here (a 260,000-keystroke replay, the differential runs that wait on node and
/// Python) held both threads of a 2-core machine for 95–120 s; every async test of the
/// process stood still meanwhile, and a test that had started its clock before the stall
/// (the `atelier ydoc json` tests, polling for a 1-second node script with a 120-s
/// timeout) timed out on a slower machine although its script had long finished.
/// `@Suite(.ownThreads)` moves a suite's work to a small pool of dedicated threads, so the
/// cooperative pool stays free for the tests that only await.
struct OwnThreadsTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(LongWorkExecutor.shared) {
            try await function()
        }
    }
}

extension Trait where Self == OwnThreadsTrait {
    /// Run on dedicated threads, outside Swift's cooperative pool (for long synchronous tests).
    static var ownThreads: Self { Self() }
}

/// A task executor over a few dedicated threads that take jobs from one queue.
final class LongWorkExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = LongWorkExecutor(threads: 3 * max(2, ProcessInfo.processInfo.activeProcessorCount))

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in self.work() }
            thread.name = "ycore-tests-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

import Foundation
import Testing

/// Runs the tests of a suite on threads of their own instead of Swift's cooperative pool.
///
/// Every test target of the package runs in one process, and Swift Testing runs suites in
/// parallel on the cooperative pool, which is about as wide as the machine has cores. The
/// long synchronous tests here (a 260,000-keystroke replay in a debug build, the
/// differential runs) held both threads of a 2-core machine for about two minutes, and
/// every async test of the process stood still meanwhile. A test whose clock had started
/// before the stall then timed out although what it waited for had long finished: the
/// `atelier ydoc json` tests wait up to 120 s for a node script that takes half a second,
/// and on a stock Debian 12 root they failed with "timed out waiting until
/// ydoc_fixture.cjs finishes" (that suite took 118-175 s in full runs there).
/// `@Suite(.ownThreads)` moves a suite's work to a few dedicated threads, so the
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

/// A task executor over a few dedicated threads that take jobs from one queue. Three per
/// core: the cross-check and differential tests spend much of their time waiting for node
/// and Python, and keep running side by side as they did on the cooperative pool.
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

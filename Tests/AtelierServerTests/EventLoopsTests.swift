import Foundation
import Synchronization
import Testing

@testable import AtelierServer

@Suite("Event loops")
struct EventLoopsTests {
    @Test("kernel CPU lists are read; anything else is not a list")
    func cpuLists() {
        #expect(EventLoops.parseCPUList("0-1") == [0, 1])
        #expect(EventLoops.parseCPUList("0-3,8,10-11") == [0, 1, 2, 3, 8, 10, 11])
        #expect(EventLoops.parseCPUList("5") == [5])
        for bad in ["", "3-1", "a", "1-", "-1", "1-2-3", "1,,2"] {
            #expect(EventLoops.parseCPUList(bad) == nil, "\(bad)")
        }
    }

    @Test("the allowed CPUs come from /proc/self/status")
    func allowedCPUs() {
        let status = "Name:\tatelier\nCpus_allowed:\tf\nCpus_allowed_list:\t0-3\nMems_allowed:\t1\n"
        #expect(EventLoops.allowedCPUs(status: status) == [0, 1, 2, 3])
        #expect(EventLoops.allowedCPUs(status: "Name:\tatelier\n") == nil)
        #expect(EventLoops.allowedCPUs(status: nil) == nil)
        #if os(Linux)
            #expect(EventLoops.allowedCPUs() != nil, "this machine's own list")
        #endif
    }

    #if os(Linux)
        @Test("a thread pinned to a CPU may run on that CPU only; a CPU past the set is refused")
        func pinning() throws {
            let cpu = try #require(EventLoops.allowedCPUs()?.last)
            let (pinned, allowed, refused) = Self.onNewThread {
                let pinned = EventLoops.pinCurrentThread(to: cpu)
                let status = try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)
                return (pinned, EventLoops.allowedCPUs(status: status), EventLoops.pinCurrentThread(to: 1 << 20))
            }
            #expect(pinned)
            #expect(allowed == [cpu])
            #expect(!refused)
        }

        /// Runs `body` on a thread of its own (pinning changes the calling thread for good).
        private static func onNewThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
            let result = Mutex<T?>(nil)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                result.withLock { $0 = body() }
                done.signal()
            }
            thread.start()
            done.wait()
            return result.withLock { $0! }
        }
    #endif
}

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
        @Test("--event-loops sets how many loops the server runs; one loop still serves a room")
        func loopCount() async throws {
            let three = try await TestServer(arguments: ["--event-loops", "3"])
            #expect(try Self.loops(of: three) == 3)
            await three.stop()
            let one = try await TestServer(arguments: ["--event-loops", "1"])
            #expect(try Self.loops(of: one) == 1)
            let writer = try await TestSocket("\(one.wsURL)/sync/one-loop?token=\(one.token)")
            let reader = try await TestSocket("\(one.wsURL)/sync/one-loop?token=\(one.token)")
            try await reader.send(.syncStep1(stateVector: [0]))
            try await reader.waitForMessage("the reader is synced") {
                if case .syncStep2 = $0 { true } else { false }
            }
            try await writer.send(.update(YjsFixtures.mapSetUpdate))
            try await reader.waitForMessage("the update is broadcast") {
                if case .update = $0 { true } else { false }
            }
        }

        @Test("--event-loops outside 1...64 is refused before the server starts")
        func loopCountRefused() async throws {
            for bad in ["0", "-1", "65", "many"] {
                let refused = try await TestServer(arguments: ["--event-loops", bad], waitForHealth: false)
                let status = try await refused.waitForExit(timeout: .seconds(60))
                #expect(status == 64, "--event-loops \(bad): exit \(status)")
                #expect(refused.log.contains("--event-loops"), "\(bad): \(refused.log)")
            }
        }

        /// How many of NIO's singleton loops (`NIO-SGLTN-1-#N`) the server's process runs.
        private static func loops(of server: TestServer) throws -> Int {
            try server.threadNames().count { $0.hasPrefix("NIO-SGLTN-") }
        }

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

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
}

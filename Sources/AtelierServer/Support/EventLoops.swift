import Foundation
import Logging
import NIOCore
import NIOPosix

/// The event loops the server runs on: one per core, as NIO suggests (its count follows cgroup
/// CPU quotas and `NIO_SINGLETON_GROUP_LOOP_COUNT`).
///
/// When the process may run on exactly as many CPUs as it has loops, each loop is pinned to one
/// of them. A room's fan-out wakes every loop at the same moment; left to itself, the scheduler
/// ran two loops on one CPU while the other sat idle, for 3 to 13 ms in a trace, and the slowest
/// fan-outs were those (docs/DECISIONS.md, "Event loops pinned to CPUs"). Where the process may
/// use more CPUs than it has loops (a CPU quota in a container), pinning could tie a loop to a
/// CPU something else keeps busy, so the loops stay free.
enum EventLoops {
    /// A group of event loops, pinned when `pin` is set and the CPUs match the loops one to one.
    static func makeGroup(pin: Bool, logger: Logger) -> MultiThreadedEventLoopGroup {
        let count = max(1, NIOSingletons.groupLoopCountSuggestion)
        #if os(Linux)
            if pin, count > 1, let cpus = allowedCPUs(), cpus.count == count {
                logger.info("event loops pinned to CPUs", metadata: ["cpus": "\(cpus)"])
                return MultiThreadedEventLoopGroup(pinnedCPUIDs: cpus)
            }
        #endif
        return MultiThreadedEventLoopGroup(numberOfThreads: count)
    }

    /// The CPUs this process may run on, from `Cpus_allowed_list` in `/proc/self/status`
    /// (`0-3,8,10-11`); nil where that is not known.
    static func allowedCPUs(status: String? = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))
        -> [Int]?
    {
        guard let status,
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        let list = line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
        return parseCPUList(list)
    }

    /// Parses a kernel CPU list (`0-3,8,10-11`); nil if it is not one.
    static func parseCPUList(_ list: String) -> [Int]? {
        var cpus: [Int] = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard let first = Int(bounds[0]), first >= 0 else { return nil }
            switch bounds.count {
            case 1: cpus.append(first)
            case 2:
                guard let last = Int(bounds[1]), last >= first else { return nil }
                cpus.append(contentsOf: first...last)
            default: return nil
            }
        }
        return cpus.isEmpty ? nil : cpus
    }
}

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
package enum EventLoops {
    /// Makes NIO's singleton event loops Swift Concurrency's global executor, so that tasks,
    /// sockets and PostgreSQL's connections share one set of threads (NIO's own offer,
    /// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor`).
    /// Call it once, first thing in the process; returns whether the loops took over (then
    /// ``makeGroup(pin:shared:logger:)`` is to be given `shared: true`).
    ///
    /// On a two-core machine the cooperative pool's threads, the server's loops and NIO's
    /// singleton loops (PostgresNIO's connections) were six threads handing each update to one
    /// another; each hand-off to a sleeping thread is a wake-up, dear in a virtual machine
    /// (docs/DECISIONS.md, "One set of threads").
    package static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Sets how many event loops the server runs (`atelier serve --event-loops`), instead of
    /// one per core (docs/DECISIONS.md, "Event loops: one per core, and `--event-loops` to
    /// choose"). Call it at most once, before ``runTasksOnEventLoops()`` and before anything
    /// uses NIO's singleton loops (NIO traps on a second setting).
    package static func setCount(_ count: Int) {
        NIOSingletons.groupLoopCountSuggestion = count
    }

    /// A group of event loops, pinned when `pin` is set and the CPUs match the loops one to one:
    /// NIO's singleton when `shared` (the tasks run on it, ``runTasksOnEventLoops()``), else a
    /// group of the server's own.
    static func makeGroup(pin: Bool, shared: Bool, logger: Logger) async -> MultiThreadedEventLoopGroup {
        let count = max(1, NIOSingletons.groupLoopCountSuggestion)
        // The singleton has `count` loops too (NIO sizes it with the same suggestion).
        var cpus: [Int]?
        #if os(Linux)
            if pin, count > 1, let allowed = allowedCPUs(), allowed.count == count { cpus = allowed }
        #endif
        let group: MultiThreadedEventLoopGroup
        if shared {
            group = MultiThreadedEventLoopGroup.singleton
            #if os(Linux)
                if let pinning = cpus {
                    for (loop, cpu) in zip(group.makeIterator(), pinning)
                    where (try? await loop.submit({ pinCurrentThread(to: cpu) }).get()) != true {
                        cpus = nil
                    }
                }
            #endif
        } else if let cpus {
            group = MultiThreadedEventLoopGroup(pinnedCPUIDs: cpus)
        } else {
            group = MultiThreadedEventLoopGroup(numberOfThreads: count)
        }
        if let cpus { logger.info("event loops pinned to CPUs", metadata: ["cpus": "\(cpus)"]) }
        return group
    }

    #if os(Linux)
        /// Restricts the calling thread to `cpu` (what NIO does for a pinned group's threads).
        /// Glibc's `sched_setaffinity` is declared only under `_GNU_SOURCE`, so it is looked up.
        static func pinCurrentThread(to cpu: Int) -> Bool {
            typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32
            guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "sched_setaffinity") else { return false }
            let setAffinity = unsafeBitCast(symbol, to: SetAffinity.self)
            var set = cpu_set_t()
            let fits = withUnsafeMutableBytes(of: &set) { bytes in
                let words = bytes.bindMemory(to: UInt.self)
                guard cpu >= 0, cpu / UInt.bitWidth < words.count else { return false }
                words[cpu / UInt.bitWidth] |= 1 << UInt(cpu % UInt.bitWidth)
                return true
            }
            return fits && withUnsafeBytes(of: &set) { setAffinity(0, $0.count, $0.baseAddress!) } == 0
        }
    #endif

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

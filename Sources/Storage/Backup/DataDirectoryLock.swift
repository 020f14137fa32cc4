package import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a data directory: `atelier serve` holds it while it runs and
/// `atelier restore` while it replaces the data, so a restore never runs under a server and a
/// second server never opens the same database.
///
/// The lock is `flock(2)` on `<data-dir>/atelier.lock`, a file that also holds the holder's pid
/// for people and error messages. The kernel drops the lock when its process ends, even on
/// SIGKILL, so a leftover file never locks anyone out. For example:
///
/// ```swift
/// let lock = try DataDirectoryLock(directory: URL(fileURLWithPath: "sessions"))
/// try await server.run()
/// lock.release()
/// ```
package struct DataDirectoryLock: ~Copyable {
    /// The lock file's name inside the data directory.
    package static let fileName = "atelier.lock"

    private let descriptor: Int32

    /// Takes the lock, creating the directory when missing; throws `in-use` (naming the holder's
    /// pid) when another process holds it.
    package init(directory: URL) throws {
        let path = directory.appendingPathComponent(Self.fileName).path
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DataDirectoryError(.io, "cannot create the data directory \(directory.path): \(error)")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DataDirectoryError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(descriptor)
            close(descriptor)
            let who = holder.map { "another atelier process (pid \($0))" } ?? "another atelier process"
            throw DataDirectoryError(.inUse, "\(who) uses the data directory \(directory.path); stop it first")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    /// Releases the lock now (it is released anyway when the value goes away or the process ends).
    package consuming func release() {
        close(descriptor)
        discard self
    }

    deinit {
        close(descriptor)
    }

    /// The pid written in the lock file by its holder, if it can be read.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

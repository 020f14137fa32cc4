import Foundation
import Logging
import ServiceLifecycle
import Storage
import YCore

/// Collects uploaded images nothing uses any more: an image is kept while a board or a kept
/// artifact (a frozen deck, a checkpoint, a signed record) names its hash, or while it is
/// younger than the grace period (it may be placed on a board right after its upload).
/// Runs every `interval`, and on demand (`POST /api/v1/assets/collect`).
actor AssetCollector: Service {
    /// What one collection did.
    struct Result: Codable, Sendable {
        /// Images still in use (or in their grace period).
        var kept: Int
        /// Images removed.
        var removed: Int
        /// Bytes freed.
        var bytes: Int64
    }

    private let store: any AtelierStore
    private let directory: URL
    private let grace: Duration
    private let interval: Duration
    private let logger: Logger

    init(store: any AtelierStore, directory: URL, grace: Duration, interval: Duration, logger: Logger) {
        self.store = store
        self.directory = directory
        self.grace = grace
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: self.interval)
                do {
                    _ = try await self.collect()
                } catch {
                    self.logger.error("asset collection failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Removes the unused images older than the grace period.
    func collect() async throws -> Result {
        let used = try await usedHashes()
        let cutoff = Date().addingTimeInterval(-Double(grace.components.seconds))
        var result = Result(kept: 0, removed: 0, bytes: 0)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in files where Self.isHash(name) {
            let url = directory.appendingPathComponent(name)
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            let modified = attributes?[.modificationDate] as? Date ?? Date()
            if used.contains(name) || modified > cutoff {
                result.kept += 1
                continue
            }
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            // Another node sharing the folder may have collected it first.
            try? FileManager.default.removeItem(at: url)
            try await store.forgetAsset(hash: name)
            result.removed += 1
            result.bytes += size
        }
        if result.removed > 0 {
            logger.notice(
                "unused images collected", metadata: ["removed": "\(result.removed)", "bytes": "\(result.bytes)"])
        }
        return result
    }

    /// Removes these images now, grace period or not, unless a board, a kept artifact or an
    /// upload record still names them (a deleted session's images another session also uses).
    func release(_ hashes: [String]) async throws -> Result {
        var result = Result(kept: 0, removed: 0, bytes: 0)
        guard !hashes.isEmpty else { return result }
        let used = try await usedHashes()
        for hash in hashes where Self.isHash(hash) {
            let recorded = try await store.assetRecords(hash: hash)
            if used.contains(hash) || !recorded.isEmpty {
                result.kept += 1
                continue
            }
            let url = directory.appendingPathComponent(hash)
            let size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value
            try? FileManager.default.removeItem(at: url)
            result.removed += size == nil ? 0 : 1
            result.bytes += size ?? 0
        }
        logger.notice("images of a deleted session removed", metadata: ["removed": "\(result.removed)"])
        return result
    }

    /// Every hash a board or an artifact names.
    private func usedHashes() async throws -> Set<String> {
        var used: Set<String> = []
        for board in try await store.allBoardIds() {
            let stored = try await store.load(boardId: board)
            guard let document = try? BoardDocument(history: stored.replay) else { continue }
            Self.collectHashes(document.doc.toJSON(), into: &used)
        }
        for artifact in try await store.allArtifactData() {
            if let document = try? BoardDocument(history: [[UInt8](artifact.data)]) {
                Self.collectHashes(document.doc.toJSON(), into: &used)
            }
            // Records are JSON: any hash they name is theirs.
            for word in String(decoding: artifact.data, as: UTF8.self).split(whereSeparator: { !$0.isHexDigit })
            where Self.isHash(String(word)) {
                used.insert(String(word))
            }
        }
        return used
    }

    /// Adds every hash a board's JSON names (in any field) to `used`.
    static func collectHashes(_ value: JSONValue, into used: inout Set<String>) {
        switch value {
        case .string(let text) where isHash(text): used.insert(text)
        case .array(let values): for value in values { collectHashes(value, into: &used) }
        case .object(let entries): for (_, value) in entries { collectHashes(value, into: &used) }
        default: break
        }
    }

    private static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}

import ArgumentParser
import Foundation
import YCore

/// `atelier ydoc`: tools on Yjs documents, through YCore.
struct YDocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ydoc", abstract: "Read Yjs documents.", subcommands: [JSON.self])

    /// `atelier ydoc json [--root NAME=KIND]… FILE…`: applies each update file, in order, to a fresh
    /// document and prints the document as one JSON object of its roots (what Yjs's `toJSON()`
    /// followed by `JSON.stringify` gives, binary as `{"$binary": base64}`).
    struct JSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a document (Yjs v1 update files, applied in order) as JSON.",
            discussion: """
                A root's kind is inferred (keyed entries: map; string content: text; else array) unless
                --root gives it; a --root absent from the document prints as empty. '-' reads standard input.
                Malformed input: exit 1 with the file and offset. Updates whose dependencies never arrive:
                exit 0 with what integrated, and a warning naming the missing ranges.
                """)

        @Option(name: .customLong("root"), help: "A root's kind: NAME=map|array|text|xml (repeatable).")
        var roots: [String] = []

        @Argument(help: "Yjs v1 update files ('-' for standard input).")
        var files: [String]

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one update file") }
            _ = try rootKinds()
        }

        func rootKinds() throws -> [String: RootKind] {
            var kinds: [String: RootKind] = [:]
            for root in roots {
                let parts = root.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw ValidationError("--root takes NAME=map|array|text|xml, not '\(root)'")
                }
                switch parts[1] {
                case "map": kinds[parts[0]] = .map
                case "array": kinds[parts[0]] = .array
                case "text": kinds[parts[0]] = .text
                case "xml": kinds[parts[0]] = .xml
                default:
                    throw ValidationError(
                        "unknown root kind '\(parts[1])' for \(parts[0]): use map, array, text or xml")
                }
            }
            return kinds
        }

        func run() throws {
            let doc = Doc()
            for file in files {
                let bytes: [UInt8]
                if file == "-" {
                    bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                } else {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        Self.fail("\(file): cannot read the file")
                    }
                    bytes = [UInt8](data)
                }
                do {
                    try doc.applyUpdate(bytes)
                } catch let error as YCoreError {
                    let at = error.offset.map { " at offset \($0)" } ?? ""
                    Self.fail("\(file): malformed update\(at): \(error.message)")
                } catch {
                    Self.fail("\(file): \(error)")
                }
            }
            let missing = doc.missingRanges
            if !missing.isEmpty {
                let ranges = missing.map(\.description).joined(separator: ", ")
                FileHandle.standardError.write(Data("warning: updates wait for missing dependencies: \(ranges)\n".utf8))
            }
            print(doc.toJSON(rootKinds: try rootKinds()).serialized())
        }

        static func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            Foundation.exit(1)
        }
    }
}

import ArgumentParser

/// The `atelier` command: the server and its tools.
@main
struct Atelier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atelier",
        abstract: "A real-time workshop server for Design Thinking sprints and pitches.",
        version: AtelierVersion.current,
        subcommands: [Serve.self, Migrate.self, BackupCommand.self, RestoreCommand.self, YDocCommand.self]
    )
}

/// The version `atelier --version` prints.
enum AtelierVersion {
    /// Semantic version of this build.
    static let current = "0.3.0"
}

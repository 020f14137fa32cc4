import ArgumentParser

/// The `atelier` command: the server and its tools.
@main
struct Atelier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atelier",
        abstract: "A real-time workshop server for Design Thinking sprints and pitches.",
        subcommands: [Serve.self, YDocCommand.self]
    )
}

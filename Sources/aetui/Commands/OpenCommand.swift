import Engine
import Foundation
import TUI

/// `aetui open RUN_DIR`: a saved run in the lab, read-only: its curves, latent scatter,
/// reconstructions, metrics and hints.
enum OpenCommand {
    struct Settings: CommandSettings {
        var dataDirectory: String?
        var display = DisplaySettings()
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui open", usage: "aetui open RUN_DIR [options]",
        summary: "Opens a saved run in the lab, read-only: its loss curves, the latent scatter and reconstructions its weights give, its metrics and hints. q leaves.",
        options: [
            SavedRunData.option(\.dataDirectory),
        ] + DisplaySettings.options.map { $0.lifted(\.display) },
        positionals: 1) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        guard let path = settings.positionals.first else {
            throw UsageError("'aetui open' needs exactly one RUN_DIR (a folder under runs/)")
        }
        let display = try settings.display.labDisplay()
        let directory = try SavedRunData.folder(path, for: "aetui open")
        // Everything is read and checked before the terminal is touched: a damaged run is an error here.
        let run = try SavedLabRun(directory: directory) { config, summary in
            let dataDirectory = try SavedRunData.directory(explicit: settings.dataDirectory, summary: summary, of: directory, doing: "showing it")
            return try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        }
        guard NcursesBackend.hasTerminal else {
            throw UsageError("'aetui open' shows a run in a terminal, and stdin or stdout is not one (for its figures in a script: 'aetui eval \(path)')")
        }
        return try Lab.run(display) { mode in RunViewScreen(run: run, display: mode) }
    }
}

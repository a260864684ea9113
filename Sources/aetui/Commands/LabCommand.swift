import Engine
import Foundation
import TUI

/// `aetui [options]`: the live lab, training the standard and the supervised autoencoder at once.
enum LabCommand {
    struct Settings: CommandSettings {
        var training = TrainingSettings()
        var display = DisplaySettings()
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui", usage: "aetui [options]",
        summary: "The live lab: trains the standard and the supervised autoencoder side by side and shows them learning.\nThe training options set both runs; each run trains on its own queue with --threads math threads (default 1 here). Press ? in the lab for the keys.",
        options: DisplaySettings.options.map { $0.lifted(\.display) } + TrainingOptions.options.map { $0.lifted(\.training) }) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        let config = try settings.training.validatedConfig(runs: 2)
        let threads = settings.training.mathThreads(default: 1)
        let display = try settings.display.labDisplay()
        let dataDirectory = try settings.training.resolvedDataDirectory()
        let runsDirectory = try settings.training.writableRunsDirectory()
        let data = try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        let configs = [ModelKind.standard, .supervised].map { model in
            var runConfig = config
            runConfig.model = model
            return runConfig
        }
        let environment = RunEnvironment(data: data, dataDirectory: dataDirectory,
                                         runsDirectory: runsDirectory, threads: threads)
        return try Lab.train(configs: configs, environment: environment, display: display)
    }
}

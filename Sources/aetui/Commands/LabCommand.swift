import Engine
import Foundation
import TUI

/// `aetui [options]`: the live lab, training the standard and the supervised autoencoder at once.
enum LabCommand {
    struct Settings: CommandSettings {
        var training = TrainingSettings()
        var theme: String?
        var ascii = false
        var noColor = false
        var framesPerSecond = 10
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui", usage: "aetui [options]",
        summary: "The live lab: trains the standard and the supervised autoencoder side by side and shows them learning.\nThe training options set both runs; each run trains on its own queue with --threads math threads (default 1 here). Press ? in the lab for the keys.",
        options: [
            .value("theme", "NAME", "colour theme: a name in themes/ (dark, light, high-contrast) or a .json path", default: "dark",
                   \.theme, Parse.path),
            .flag("ascii", "ASCII only: no braille, blocks or box lines (automatic without a UTF-8 locale)", \.ascii),
            .flag("no-color", "no colour (automatic when NO_COLOR is set)", \.noColor),
            .value("fps", "N", "frames per second at most", default: "10", \.framesPerSecond, Parse.whole(1...60)),
        ] + TrainingOptions.options.map { $0.lifted(\.training) }) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        let config = try settings.training.validatedConfig()
        let threads = settings.training.threads ?? 1
        let themes = try ThemeCatalog(selecting: settings.theme)
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
        return try Lab.run(LabOptions(configs: configs, environment: environment, themes: themes,
                                      ascii: settings.ascii, noColor: settings.noColor,
                                      framesPerSecond: settings.framesPerSecond))
    }
}

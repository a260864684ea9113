import Engine
import Foundation
import TUI

/// `aetui [options]`: the live lab, training the standard and the supervised autoencoder at once.
enum LabCommand {
    static let labSpecs: [OptionSpec] = [
        OptionSpec("theme", "NAME", "colour theme: a name in themes/ (dark, light, high-contrast) or a .json path", default: "dark"),
        OptionSpec("ascii", nil, "ASCII only: no braille, blocks or box lines (automatic without a UTF-8 locale)"),
        OptionSpec("no-color", nil, "no colour (automatic when NO_COLOR is set)"),
        OptionSpec("fps", "N", "frames per second at most", default: "10"),
    ]

    static let specs = labSpecs + TrainingOptions.modelSpecs + [OptionSpec("help", nil, "show this help")]

    static let help = helpText(
        usage: "aetui [options]",
        summary: "The live lab: trains the standard and the supervised autoencoder side by side and shows them learning.\nThe training options set both runs; each run trains on its own queue with --threads math threads (default 1 here). Press ? in the lab for the keys.",
        specs: specs)

    static func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try ParsedArguments(arguments, specs: specs, command: "aetui")
        if parsed.flag("help") {
            Output.line(help)
            return 0
        }
        if let extra = parsed.positionals.first { throw UsageError("unexpected argument '\(extra)' for 'aetui'") }
        let config = try TrainingOptions.config(from: parsed)
        let framesPerSecond = try parsed.int("fps", range: 1...60) ?? 10
        let threads = try TrainingOptions.threads(from: parsed, default: 1)
        let themes = try ThemeCatalog(selecting: parsed.string("theme"))
        let dataDirectory = try TrainingOptions.dataDirectory(from: parsed)
        let runsDirectory = try TrainingOptions.runsDirectory(from: parsed)
        let data = try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        let configs = [ModelKind.standard, .supervised].map { model in
            var runConfig = config
            runConfig.model = model
            return runConfig
        }
        let environment = RunEnvironment(data: data, dataDirectory: dataDirectory,
                                         runsDirectory: runsDirectory, threads: threads)
        return try Lab.run(LabOptions(configs: configs, environment: environment, themes: themes,
                                      ascii: parsed.flag("ascii"), noColor: parsed.flag("no-color"),
                                      framesPerSecond: framesPerSecond))
    }
}

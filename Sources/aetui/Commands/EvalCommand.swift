import Engine
import Foundation

/// `aetui eval RUN_DIR`: reloads a saved run and prints its test metrics.
enum EvalCommand {
    static let specs: [OptionSpec] = [
        OptionSpec("data", "DIR", "folder with the four MNIST IDX files", default: "the run's own data folder, else the bundled copy"),
        OptionSpec("threads", "N", "threads for the math", default: "all cores"),
        OptionSpec("json", nil, "print one JSON line"),
        OptionSpec("help", nil, "show this help"),
    ]

    static let help = helpText(usage: "aetui eval RUN_DIR [options]",
                               summary: "Reloads a saved run (config + weights) and prints its test metrics.", specs: specs)

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let parsed = try parseCommand(arguments, specs: specs, command: "aetui eval", help: help, positionals: 1) else {
            return 0
        }
        guard parsed.positionals.count == 1, let path = parsed.positionals.first else {
            throw UsageError("'aetui eval' needs exactly one RUN_DIR (a folder under runs/)")
        }
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        let (config, model, summary) = try RunStore.load(directory)
        let dataDirectory: String
        if let explicit = parsed.string("data") {
            dataDirectory = explicit
        } else if let saved = summary?.dataDirectory, FileManager.default.fileExists(atPath: saved) {
            dataDirectory = saved
        } else {
            dataDirectory = try TrainingOptions.dataDirectory(from: parsed)
        }
        let data = try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        let gemm = GEMM(threads: try TrainingOptions.threads(from: parsed, default: WorkerPool.availableCores))
        let evaluator = Evaluator(model: model, gemm: gemm, batch: Batch(capacity: model.capacity))
        let test = evaluator.testMetrics(data: data, pool: gemm.pool)
        if parsed.flag("json") {
            Output.json("eval", test, extra: ["run_dir": directory.path, "model": config.model.rawValue,
                                              "architecture": config.architecture])
        } else {
            Output.line("run: \(directory.path)")
            Output.line("model: \(config.model.rawValue) \(config.architecture), trained \(summary?.epochsCompleted ?? 0) epochs (\(summary?.status.rawValue ?? "unknown"))")
            Output.line(Output.testSummary(test))
        }
        return 0
    }
}

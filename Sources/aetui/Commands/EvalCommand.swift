import Engine
import Foundation

/// `aetui eval RUN_DIR`: reloads a saved run, prints its test metrics and checks its bottleneck
/// for dead units.
enum EvalCommand {
    struct Settings: CommandSettings {
        var dataDirectory: String?
        var threads: Int?
        var json = false
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui eval", usage: "aetui eval RUN_DIR [options]",
        summary: "Reloads a saved run (config + weights) and prints its test metrics.",
        options: [
            SavedRunData.option(\.dataDirectory),
            .value("threads", "N", "threads for the math", default: "all cores", \.threads, Parse.whole(1...256)),
            .flag("json", "print one JSON line", \.json),
        ], positionals: 1) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        guard let path = settings.positionals.first else {
            throw UsageError("'aetui eval' needs exactly one RUN_DIR (a folder under runs/)")
        }
        let directory = try SavedRunData.folder(path, for: "aetui eval")
        let (config, model, summary) = try RunStore.load(directory)
        let dataDirectory = try SavedRunData.directory(explicit: settings.dataDirectory, summary: summary, of: directory, doing: "evaluating")
        let data = try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        let gemm = GEMM(threads: settings.threads.map(TrainingSettings.capped) ?? WorkerPool.availableCores)
        let evaluator = Evaluator(model: model, gemm: gemm, batch: Batch(capacity: model.capacity))
        let test = evaluator.testMetrics(data: data, pool: gemm.pool)
        // The saved weights may have collapsed (a dead ReLU bottleneck): checked on the validation codes.
        let collapsed = LatentHealth.collapsedUnits(evaluator.evaluate(data.validation).codes, dimensions: config.bottleneck)
        let collapse = LatentHealth.collapseHint(collapsed, dimensions: config.bottleneck, activation: config.bottleneckActivation,
                                                 epoch: summary?.keptEpoch ?? summary?.epochsCompleted ?? 0, learningRate: config.learningRate)
        if settings.json {
            var extra: [String: Any] = ["run_dir": directory.path, "model": config.model.rawValue, "architecture": config.architecture,
                                        "data": dataDirectory, "collapsed_units": collapsed]
            if let collapse { extra["warning"] = collapse.evidence }
            Output.json("eval", test, extra: extra)
        } else {
            Output.line("run: \(directory.path)")
            Output.line("data: \(dataDirectory)")
            Output.line("model: \(config.model.rawValue) \(config.architecture), " + (summary.map { "trained \(counted($0.epochsCompleted, "epoch")) (\($0.status.rawValue))" }
                        ?? "epochs trained unknown (its summary.json \(SavedRunData.summaryProblem(directory)))"))
            Output.line(Output.testSummary(test))
            Output.line(collapse.map { "warning: \($0.evidence) (validation codes of the saved weights)" }
                        ?? "latent: all \(config.bottleneck) bottleneck units alive on the validation codes")
            if let split = summary?.anomaly?.split {
                Output.line("note: an anomaly run trained on the digits \(AnomalySplit.describe(split.normal)) only; these figures are on every digit. Its detector's figures: aetui anomaly \(path)")
            }
        }
        // Weights that give no finite figures are a run error, as the diverged training was.
        guard test.testLoss.isFinite, test.testMSE.isFinite else {
            let why = summary?.status == .diverged ? "the run diverged during training" : "the figures are not finite"
            throw DataError(path: directory.path, problem: "\(why): its saved weights give a test loss of \(Output.loss(test.testLoss)), so its figures mean nothing")
        }
        return 0
    }
}

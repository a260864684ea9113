import Dispatch
import Engine
import Foundation

/// `aetui train`: one run, headless, one line per epoch (or JSON lines), saved when it ends.
enum TrainCommand {
    struct Settings: CommandSettings {
        var training = TrainingSettings()
        var probeEvery = 1
        var kernel = GEMM.Kernel.best
        var evalSubset = EvaluationSubset.auto
        var seeds: [UInt64]?
        var json = false
        var noSave = false
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui train", usage: "aetui train [options]",
        summary: "Trains a standard or supervised autoencoder on MNIST without the UI and saves the run.\nCtrl-C, SIGTERM or SIGHUP stops after the current batch, then evaluates and saves; a second one ends at once.\n\n\(Output.exitCodes)",
        options: [
            .value("model", "KIND", "standard or supervised", default: TrainingConfig().model.rawValue,
                   \.training.config.model, Parse.choice(ModelKind.self)),
        ] + TrainingOptions.options.map { $0.lifted(\.training) } + [
            .value("seeds", "S1,S2,...", "train once per seed, one after another, then print mean ± sd and min-max of each headline figure",
                   default: "off (one run, --seed)", \.seeds) { text in
                       let seeds = try Parse.list { UInt64(try Parse.whole(0...Int.max)($0)) }(text)
                       if let repeated = seeds.indices.first(where: { seeds[..<$0].contains(seeds[$0]) }) {
                           throw ValueProblem("seed \(seeds[repeated]) is given twice: each seed once")
                       }
                       return seeds
                   },
            .value("probe-every", "N", "run the k-NN latent probe every N epochs (and always on the last)", default: "1",
                   \.probeEvery, Parse.whole(1...Int.max)),
            .value("eval-subset", "N|all|auto", "evaluate epochs on the first N validation images (probe: N training codes); final figures on all. auto: a fifth of --train, at least \(EvaluationSubset.minimum)",
                   default: "auto", \.evalSubset, Parse.evaluationSubset),
            .value("kernel", "NAME", "GEMM kernel: \(Parse.kernelNames) (to compare kernels' results)", default: "best",
                   \.kernel, Parse.kernel),
            .flag("json", "print JSON lines instead of human lines", \.json),
            .flag("no-save", "do not save the run", \.noSave),
        ]) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        let config = try settings.training.validatedConfig()
        let threads = settings.training.mathThreads(default: WorkerPool.availableCores)
        let runsDirectory = settings.noSave ? nil : try settings.training.writableRunsDirectory()
        let dataDirectory = try settings.training.resolvedDataDirectory()
        let loadStart = Date()
        let data = try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        let loadSeconds = Date().timeIntervalSince(loadStart)
        let gemm = GEMM(kernel: settings.kernel, threads: threads)
        let control = TrainingControl()
        let signals = StopSignals(stopping: control)
        let run = SeedRun(settings: settings, data: data, dataDirectory: dataDirectory, loadSeconds: loadSeconds,
                          runsDirectory: runsDirectory, gemm: gemm, control: control)
        guard let seeds = settings.seeds else { return exitStatus(try run.train(config), signals: signals) }
        var outcomes: [TrainingOutcome] = []
        var status: Int32 = 0
        for seed in seeds {
            var seeded = config
            seeded.seed = seed
            let (outcome, code) = try run.train(seeded)
            outcomes.append(outcome)
            status = max(status, exitStatus((outcome, code), signals: signals))
            // A stop asked for while a seed was evaluated or saved still ends the series.
            if outcome.status == .stopped || signals.stoppedBy != nil { break }
        }
        SeedSummary(seeds: Array(seeds.prefix(outcomes.count)), outcomes: outcomes).print(json: settings.json)
        return status
    }

    /// 1 after a lost save or a divergence; 128 + the signal after one, also when it came too late
    /// to stop the training (during the final evaluation or the save); else 0.
    private static func exitStatus(_ result: (outcome: TrainingOutcome, status: Int32), signals: StopSignals) -> Int32 {
        if result.status != 0 { return result.status }
        if let signal = signals.stoppedBy { return 128 + signal }
        return 0
    }

    /// What one run of `aetui train` needs besides its config: the data, the math, the control.
    private struct SeedRun {
        let settings: Settings
        let data: MNIST
        let dataDirectory: String
        let loadSeconds: Double
        let runsDirectory: URL?
        let gemm: GEMM
        let control: TrainingControl

        /// Trains, saves and summarizes one run: its outcome, and 1 for a lost save or a divergence.
        func train(_ config: TrainingConfig) throws -> (TrainingOutcome, Int32) {
            try TrainCommand.train(config, settings: settings, data: data, dataDirectory: dataDirectory, loadSeconds: loadSeconds,
                               runsDirectory: runsDirectory, gemm: gemm, control: control)
        }
    }

    private static func train(_ config: TrainingConfig, settings: Settings, data: MNIST, dataDirectory: String, loadSeconds: Double,
                              runsDirectory: URL?, gemm: GEMM, control: TrainingControl) throws -> (TrainingOutcome, Int32) {
        let json = settings.json
        let trainer = Trainer(config: config, data: data, gemm: gemm, control: control) { event in
            report(event, config: config, json: json)
        }
        trainer.probeEvery = settings.probeEvery
        trainer.evalSubset = settings.evalSubset
        if json {
            Output.json("start", config, extra: ["kernel": gemm.kernel.name, "threads": gemm.threads,
                                                 "data": dataDirectory, "load_seconds": loadSeconds])
        } else {
            Output.line("aetui train: \(config.model.rawValue) \(config.architecture), \(config.optimizer.rawValue) lr \(config.learningRate), batch \(config.batchSize), \(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), seed \(config.seed)")
            Output.line("data: \(dataDirectory) (train \(data.train.count), val \(data.validation.count), test \(data.test.count); loaded in \(String(format: "%.2f", loadSeconds)) s) · kernel: \(gemm.description)")
            if let subset = settings.evalSubset.size(trainCount: data.train.count), subset < max(data.validation.count, data.train.count) {
                let images = subset < data.validation.count ? "the first \(counted(subset, "validation image"))" : "every validation image"
                let probe = subset < data.train.count ? ", the probe fitted on the first \(counted(subset, "training code"))" : ""
                Output.line("epochs are evaluated on \(images)\(probe); the final figures on all (--eval-subset all: every epoch on all)")
            }
        }
        let outcome = trainer.run()
        var runDirectory: URL?
        var saveError: RunStoreError?
        if let runsDirectory {
            do {
                runDirectory = try RunStore.save(config: config, outcome: outcome, model: trainer.model, kernel: gemm.kernel.name,
                                                 threads: gemm.threads, dataDirectory: dataDirectory, runsDirectory: runsDirectory)
            } catch let error as RunStoreError {
                saveError = error
            }
        }
        // The figures are printed even when the save failed: the training is not thrown away.
        summarize(outcome, config: config, runDirectory: runDirectory, saveError: saveError, json: json)
        if let saveError {
            Output.error("the run was not saved: \(saveError)")
            return (outcome, 1)
        }
        return (outcome, outcome.status == .diverged ? 1 : 0)
    }

    private static func report(_ event: TrainingEvent, config: TrainingConfig, json: Bool) {
        switch event {
        case .epoch(let metrics):
            if json {
                Output.json("epoch", metrics)
            } else {
                var text = String(format: "epoch %3d/%d  loss %.5f  val_loss %.5f", metrics.epoch, config.epochs, metrics.trainLoss, metrics.valLoss)
                if let accuracy = metrics.valAccuracy { text += "  val_acc \(percentText(accuracy))" }
                if let probe = metrics.probeAccuracy { text += "  probe \(percentText(probe))" }
                text += String(format: "  %.2f s (%.0f samples/s)", metrics.seconds, metrics.samplesPerSecond)
                Output.line(text)
            }
        case .hint(let hint):
            if json { Output.json("hint", hint, extra: ["message": hint.commandLineText]) } else { Output.line("hint: \(hint.commandLineText)") }
        default:
            break
        }
    }

    private static func summarize(_ outcome: TrainingOutcome, config: TrainingConfig, runDirectory: URL?,
                                  saveError: RunStoreError?, json: Bool) {
        if json {
            var extra: [String: Any] = ["status": outcome.status.rawValue, "epochs_completed": outcome.epochs.count,
                                        "total_seconds": outcome.totalSeconds]
            if let best = outcome.bestEpoch {
                extra["best_epoch"] = best.epoch
                extra["kept_epoch"] = outcome.keptEpoch ?? best.epoch
                extra["seed"] = config.seed
                if let accuracy = best.valAccuracy { extra["best_val_accuracy"] = accuracy }
                if let probe = best.probeAccuracy { extra["best_probe_accuracy"] = probe }
            }
            if let message = outcome.message { extra["message"] = message }
            if let runDirectory { extra["run_dir"] = runDirectory.path }
            if let saveError {
                extra["save_error"] = "\(saveError.action) \(saveError.path): \(saveError.reason)"
                if let kept = saveError.kept { extra["kept"] = kept }
            }
            Output.json("result", outcome.test, extra: extra)
            return
        }
        let epochSeconds = outcome.epochs.map(\.seconds)
        let mean = epochSeconds.isEmpty ? 0 : epochSeconds.reduce(0, +) / Double(epochSeconds.count)
        let warned = outcome.hints.contains { $0.cause == .validationDiverged }
        Output.line("\(outcome.status.rawValue)\(warned ? " with a divergence warning (see the hint)" : ""): \(counted(outcome.epochs.count, "epoch")) in \(String(format: "%.1f", outcome.totalSeconds)) s (mean \(String(format: "%.3f", mean)) s of training per epoch)")
        if let message = outcome.message { Output.line(message) }
        if let best = outcome.bestEpoch, let last = outcome.epochs.last, let kept = outcome.keptEpoch {
            let figure = best.valAccuracy.map { "val_acc \(percentText($0))" } ?? "val_loss \(Output.loss(best.valLoss))"
            let which = kept == best.epoch ? "the best" : kept == last.epoch ? "the last" : "epoch \(kept)"
            Output.line("kept weights: epoch \(kept) (\(which), --keep \(config.keep.rawValue)); best epoch \(best.epoch) (\(figure)); seed \(config.seed); the test figures and the saved weights are the kept epoch's")
        }
        if let test = outcome.test { Output.line(Output.testSummary(test)) }
        if let runDirectory { Output.line("saved: \(runDirectory.path)") }
    }
}

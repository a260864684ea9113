import Dispatch
import Engine
import Foundation

/// `aetui train`: one run, headless, one line per epoch (or JSON lines), saved when it ends.
enum TrainCommand {
    struct Settings: CommandSettings {
        var training = TrainingSettings()
        var probeEvery = 1
        var kernel = GEMM.Kernel.best
        var evalSubset: Int? = Trainer.defaultEvalSubset
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
            .value("probe-every", "N", "run the k-NN latent probe every N epochs (and always on the last)", default: "1",
                   \.probeEvery, Parse.whole(1...Int.max)),
            .value("eval-subset", "N|all", "evaluate epochs on the first N validation images (probe: N training codes); final figures on all",
                   default: "\(Trainer.defaultEvalSubset)", \.evalSubset, Parse.wholeOrAll(1...Int.max)),
            .value("kernel", "NAME", "GEMM kernel: \(Parse.kernelNames) (to compare kernels' results)", default: "best",
                   \.kernel, Parse.kernel),
            .flag("json", "print JSON lines instead of human lines", \.json),
            .flag("no-save", "do not save the run", \.noSave),
        ]) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        let config = try settings.training.validatedConfig()
        let json = settings.json
        let threads = settings.training.mathThreads(default: WorkerPool.availableCores)
        let runsDirectory = settings.noSave ? nil : try settings.training.writableRunsDirectory()
        let dataDirectory = try settings.training.resolvedDataDirectory()
        let loadStart = Date()
        let data = try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        let loadSeconds = Date().timeIntervalSince(loadStart)

        let gemm = GEMM(kernel: settings.kernel, threads: threads)
        let control = TrainingControl()
        let signals = StopSignals(stopping: control)
        let trainer = Trainer(config: config, data: data, gemm: gemm, control: control) { event in
            report(event, config: config, json: json)
        }
        trainer.probeEvery = settings.probeEvery
        trainer.evalSubset = settings.evalSubset
        if json {
            Output.json("start", config, extra: ["kernel": gemm.kernel.name, "threads": gemm.threads,
                                                 "data": dataDirectory, "load_seconds": loadSeconds])
        } else {
            Output.line("aetui train: \(config.model.rawValue) \(config.architecture), \(config.optimizer.rawValue) lr \(config.learningRate), batch \(config.batchSize), \(config.epochs) epochs, seed \(config.seed)")
            Output.line("data: \(dataDirectory) (train \(data.train.count), val \(data.validation.count), test \(data.test.count); loaded in \(String(format: "%.2f", loadSeconds)) s) · kernel: \(gemm.description)")
            if let subset = settings.evalSubset, subset < max(data.validation.count, data.train.count) {
                Output.line("epochs are evaluated on the first \(min(subset, data.validation.count)) validation images (probe fitted on \(min(subset, data.train.count)) training codes); the final figures on all (--eval-subset all: every epoch on all)")
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
            return 1
        }
        if outcome.status == .diverged { return 1 }
        if outcome.status == .stopped, let signal = signals.stoppedBy { return 128 + signal }
        return 0
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
        Output.line("\(outcome.status.rawValue): \(outcome.epochs.count) epochs in \(String(format: "%.1f", outcome.totalSeconds)) s (mean \(String(format: "%.3f", mean)) s of training per epoch)")
        if let message = outcome.message { Output.line(message) }
        if let best = outcome.bestEpoch, let last = outcome.epochs.last, best.epoch != last.epoch {
            let figure = best.valAccuracy.map { "val_acc \(percentText($0))" } ?? "val_loss \(Output.loss(best.valLoss))"
            Output.line("best epoch: \(best.epoch) (\(figure)); the saved weights and test figures are the final epoch's")
        }
        if let test = outcome.test { Output.line(Output.testSummary(test)) }
        if let runDirectory { Output.line("saved: \(runDirectory.path)") }
    }
}

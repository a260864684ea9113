import Dispatch
import Engine
import Foundation
import Synchronization
import TUI

/// `aetui anomaly`: trains on normal digits only and measures how well each score flags the rest.
enum AnomalyCommand {
    struct Settings: CommandSettings {
        var training = TrainingSettings(config: AnomalyCommand.defaults)
        var normal: String?
        var anomalous: String?
        var allDigits = false
        var experiment = AnomalyExperiment.Settings()
        var parallel: Int?
        var headless = false
        var display = DisplaySettings()
        var json = false
        var noSave = false
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui anomaly",
        usage: "aetui anomaly (--normal DIGITS [--anomalous DIGITS] | --all-digits) [options]\n       aetui anomaly RUN_DIR... [--headless | --json]",
        summary: """
            Anomaly detection on MNIST: trains on the normal digits' training images only, then scores every
            test image of the normal and anomalous digits. One normal digit trains the standard autoencoder;
            several train the supervised one too. Scores: recon_mse, latent_knn, latent_mahalanobis and, for the
            supervised model, one_minus_max_softmax and softmax_entropy; per score ROC AUC, average precision,
            precision@n and the contamination threshold's confusion matrix. Every model is saved as a run.
            Without --headless (or --json) the anomaly screen shows the results. Given saved anomaly runs
            (RUN_DIR...), it shows their figures again without training.
            Training defaults differ from 'aetui train': \(defaultsDescription).
            """,
        options: [
            .value("normal", "DIGITS", "normal digits: one digit (one-class protocol) or several, e.g. 0-8 or 0,1,2,3,4 (hold-out protocol)",
                   default: nil, \.normal, Parse.path),
            .value("anomalous", "DIGITS", "anomalous digits", default: "every digit not normal", \.anomalous, Parse.path),
            .flag("all-digits", "one-class protocol for each digit 0-9 in turn: a table and the mean", \.allDigits),
            .value("contamination", "F", "threshold = the (1 - F) quantile of the normal validation images' scores",
                   default: "\(AnomalyExperiment.Settings().contamination)", \.experiment.contamination) {
                Double(try Parse.number(0.0001...0.9999)($0))
            },
            .value("neighbors", "K", "k of the latent k-NN score", default: "\(AnomalyExperiment.Settings().neighbors)",
                   \.experiment.neighbors, Parse.whole(1...1000)),
            .value("parallel", "P", "models trained at once, each on its own thread(s)", default: "the number of cores",
                   \.parallel, Parse.whole(1...64)),
            .flag("headless", "print lines instead of opening the anomaly screen (automatic without a terminal)", \.headless),
            .flag("json", "JSON lines: one per (split, model, score), then one mean per score (implies --headless)", \.json),
            .flag("no-save", "do not save the runs", \.noSave),
        ] + DisplaySettings.options.map { $0.lifted(\.display) } + trainingOptions.map { $0.lifted(\.training) },
        positionals: 1000) }

    /// The one-class default configuration, chosen by the experiment in docs/ANOMALY.md: it ran
    /// without dropout, at a constant rate, keeping the last epoch, which `train`'s recipe changed
    /// later; those stay the defaults here, so the published figures are what the command prints.
    static var defaults: TrainingConfig {
        var config = TrainingConfig()
        config.model = .standard
        config.layers = [392, 98, 32]
        config.optimizer = .adam
        config.learningRate = 0.001
        config.epochs = 30
        config.dropout = 0
        config.schedule = LearningRateSchedule(kind: .constant)
        config.keep = .last
        return config
    }

    /// The training options, their help naming this command's own defaults.
    static var trainingOptions: [Option<TrainingSettings>] {
        let own = ["layers": TrainingOptions.sizes(defaults.layers), "optimizer": defaults.optimizer.rawValue,
                   "lr": "\(defaults.learningRate)", "epochs": "\(defaults.epochs)", "threads": "cores / parallel",
                   "dropout": "\(defaults.dropout)", "lr-schedule": defaults.schedule.kind.rawValue, "keep": defaults.keep.rawValue]
        return TrainingOptions.options.map { option in own[option.name].map(option.withDefault) ?? option }
    }

    static var defaultsDescription: String {
        "--layers \(TrainingOptions.sizes(defaults.layers)) --optimizer \(defaults.optimizer.rawValue) --lr \(defaults.learningRate) --epochs \(defaults.epochs)"
            + " --dropout \(defaults.dropout) --lr-schedule \(defaults.schedule.kind.rawValue) --keep \(defaults.keep.rawValue)"
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        let display = try settings.display.labDisplay()
        if !settings.positionals.isEmpty { return try show(settings, display: display) }
        let splits = try splits(from: settings)
        let cores = WorkerPool.availableCores
        let parallel = min(settings.parallel ?? cores, splits.reduce(0) { $0 + ($1.isOneClass ? 1 : 2) })
        let config = try settings.training.validatedConfig(runs: parallel)
        let jobs = AnomalyJob.jobs(for: splits, config: config)
        let threads = settings.training.mathThreads(default: max(1, cores / parallel))
        let dataDirectory = try settings.training.resolvedDataDirectory()
        let runsDirectory = settings.noSave ? nil : try settings.training.writableRunsDirectory()
        let data = try MNIST.load(directory: dataDirectory, trainCount: config.trainCount, validationCount: config.validationCount)
        if showsScreen(settings) {
            let environment = RunEnvironment(data: data, dataDirectory: dataDirectory,
                                             runsDirectory: runsDirectory ?? URL(fileURLWithPath: settings.training.runsDirectory), threads: threads)
            let session = AnomalySession(jobs: jobs, environment: environment, settings: settings.experiment,
                                         parallel: parallel, threadsPerJob: threads, saves: runsDirectory != nil)
            return try Lab.run(display) { _ in
                session.start()
                return AnomalyScreen(session: session)
            }
        }
        let runner = AnomalyJobRunner(jobs: jobs, data: data, settings: settings.experiment, parallel: parallel, threadsPerJob: threads)
        return try runHeadless(runner, allDigits: settings.allDigits, json: settings.json,
                               runsDirectory: runsDirectory, dataDirectory: dataDirectory)
    }

    /// The anomaly screen, unless lines were asked for or there is no terminal to show it on.
    static func showsScreen(_ settings: Settings) -> Bool {
        !settings.headless && !settings.json && NcursesBackend.hasTerminal
    }

    /// Saved anomaly runs: their tables (headless) or the screen, as they were measured.
    static func show(_ settings: Settings, display: LabDisplay) throws -> Int32 {
        guard settings.normal == nil, settings.anomalous == nil, !settings.allDigits else {
            throw UsageError("saved runs are shown as they were measured: leave out --normal, --anomalous and --all-digits")
        }
        let saved = try settings.positionals.map { try SavedAnomalyRun(directory: SavedRunData.folder($0, for: "aetui anomaly")) }
        let reports = saved.map(\.report)
        if settings.json {
            for run in saved { jsonLines(run.report, status: run.summary.status, seconds: run.summary.totalSeconds, folder: run.directory) }
            if reports.count > 1 && reports.allSatisfy(\.split.isOneClass) { printMeans(reports, json: true) }
            return 0
        }
        if !showsScreen(settings) {
            if reports.count > 1 && reports.allSatisfy(\.split.isOneClass) { printDigitTable(reports) } else { printDetailTable(reports) }
            return 0
        }
        var dataDirectory = try settings.training.resolvedDataDirectory()
        if settings.training.dataDirectory == nil, let own = saved.first?.summary.dataDirectory,
           FileManager.default.fileExists(atPath: own) {
            dataDirectory = own
        }
        let test = try MNIST.load(directory: dataDirectory, trainCount: 1, validationCount: 1).test
        if let run = saved.first(where: { $0.scores.testIndices.contains { $0 >= test.count } }) {
            throw DataError(path: run.directory.appendingPathComponent(TestScores.fileName).path,
                            problem: "names test images beyond the \(test.count) of \(dataDirectory)")
        }
        return try Lab.run(display) { _ in
            AnomalyScreen(session: AnomalySession(saved: saved, test: test))
        }
    }

    static func splits(from settings: Settings) throws -> [AnomalySplit] {
        do {
            if settings.allDigits {
                guard settings.normal == nil, settings.anomalous == nil else {
                    throw UsageError("'--all-digits' runs every digit as the normal one: leave out --normal and --anomalous")
                }
                return try (0...9).map { try AnomalySplit(normal: [$0]) }
            }
            guard let normal = settings.normal else {
                throw UsageError("'aetui anomaly' needs --normal DIGITS (e.g. --normal 3, --normal 0-8 --anomalous 9) or --all-digits")
            }
            let anomalous = try settings.anomalous.map { try AnomalySplit.parseDigits($0) }
            return [try AnomalySplit(normal: AnomalySplit.parseDigits(normal), anomalous: anomalous)]
        } catch let error as AnomalySplitError {
            throw UsageError("options '--normal'/'--anomalous': \(error)")
        }
    }

    // MARK: - Headless

    private static func runHeadless(_ runner: AnomalyJobRunner, allDigits: Bool, json: Bool, runsDirectory: URL?,
                                    dataDirectory: String) throws -> Int32 {
        let signals = StopSignals { runner.stop() }
        let jobs = runner.jobs
        if !json {
            let first = jobs[0].config
            Output.line("aetui anomaly: \(jobs.count) model\(jobs.count == 1 ? "" : "s") (\(first.architecture.split(separator: "|")[0]), \(first.optimizer.rawValue) lr \(first.learningRate), batch \(first.batchSize), \(first.epochs) epoch\(first.epochs == 1 ? "" : "s"), seed \(first.seed)), \(runner.parallel) at a time on \(runner.threadsPerJob) thread\(runner.threadsPerJob == 1 ? "" : "s") each")
        }
        let started = Date()
        // What each finished job measured (models stay on their threads: they are not Sendable).
        let finished = Mutex([(report: AnomalyReport?, status: RunStatus)?](repeating: nil, count: jobs.count))
        let failures = Mutex([String]())
        runner.run { index, run in
            var folder: URL?
            if let runsDirectory {
                do {
                    folder = try run.save(dataDirectory: dataDirectory, runsDirectory: runsDirectory)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            report(run, folder: folder, json: json)
            let result = (report: run.report, status: run.outcome.status)
            finished.withLock { $0[index] = result }
        }
        let runs = finished.withLock { $0 }.compactMap { $0 }
        let reports = runs.compactMap(\.report)
        if json {
            if allDigits { printMeans(reports, json: true) }
        } else {
            Output.line("")
            if allDigits {
                printDigitTable(reports)
            } else {
                printDetailTable(reports)
            }
            Output.line("\(counted(runs.count, "model")) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
        for failure in failures.withLock({ $0 }) { Output.error(failure) }
        if runs.contains(where: { $0.status == .diverged }) || !failures.withLock({ $0 }).isEmpty { return 1 }
        return signals.stoppedBy.map { 128 + $0 } ?? 0
    }

    /// One line (or one JSON line per score) as each model finishes.
    private static func report(_ run: AnomalyRun, folder: URL?, json: Bool) {
        guard let report = run.report else {
            let message = "\(run.split.name) \(run.config.model.rawValue): \(run.outcome.status.rawValue) (\(run.outcome.message ?? "no figures"))"
            if json { Output.json("error", Optional<Int>.none, extra: ["split": run.split.name, "model": run.config.model.rawValue, "message": message]) } else { Output.line(message) }
            return
        }
        if json {
            jsonLines(report, status: run.outcome.status, seconds: run.outcome.totalSeconds, folder: folder)
            return
        }
        let aucs = report.results.map { "\($0.score.rawValue) \(String(format: "%.3f", $0.metrics.rocAUC))" }.joined(separator: "  ")
        var line = "normal \(run.split.name) \(report.model.rawValue): ROC AUC \(aucs)  (\(report.trainImages) training images, \(String(format: "%.1f", run.outcome.totalSeconds)) s"
        if run.outcome.status != .finished { line += ", \(run.outcome.status.rawValue)" }
        line += ")"
        if let folder { line += "  saved: \(folder.lastPathComponent)" }
        Output.line(line)
    }

    /// One JSON line per score of a model.
    private static func jsonLines(_ report: AnomalyReport, status: RunStatus, seconds: Double, folder: URL?) {
        for result in report.results {
            var extra: [String: Any] = ["split": report.split.name, "normal": report.split.normal, "anomalous": report.split.anomalous,
                                        "model": report.model.rawValue, "score": result.score.rawValue,
                                        "threshold": result.threshold, "precision": result.confusion.precision,
                                        "recall": result.confusion.recall, "f1": result.confusion.f1,
                                        "status": status.rawValue, "seconds": seconds]
            if let folder { extra["run_dir"] = folder.path }
            Output.json("anomaly", result.metrics, extra: extra.merging(confusionFields(result.confusion)) { a, _ in a })
        }
    }

    private static func confusionFields(_ confusion: ConfusionMatrix) -> [String: Any] {
        ["true_positives": confusion.truePositives, "false_positives": confusion.falsePositives,
         "true_negatives": confusion.trueNegatives, "false_negatives": confusion.falseNegatives]
    }

    // MARK: - Tables

    private static func format(_ value: Double) -> String { value.isNaN ? "  -  " : String(format: "%.3f", value) }

    /// One row per normal digit: ROC AUC, AP and precision@n of each score, then the mean.
    private static func printDigitTable(_ reports: [AnomalyReport]) {
        let scores = AnomalyScore.available(for: .standard)
        let header = "digit  " + scores.map { $0.title.padding(toLength: 20, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        Output.line(header)
        Output.line("       " + scores.map { _ in "AUC    AP     P@n  " }.joined(separator: "   "))
        for report in reports {
            let cells = scores.map { score in
                report.result(score).map { "\(format($0.metrics.rocAUC))  \(format($0.metrics.averagePrecision))  \(format($0.metrics.precisionAtN))" } ?? ""
            }
            Output.line("\(report.split.name.padding(toLength: 7, withPad: " ", startingAt: 0))" + cells.joined(separator: "   "))
        }
        printMeans(reports, json: false)
    }

    /// The mean of each score's figures over the reports (the ten digits of `--all-digits`).
    private static func printMeans(_ reports: [AnomalyReport], json: Bool) {
        let scores = AnomalyScore.available(for: .standard)
        var cells: [String] = []
        for score in scores {
            let results = reports.compactMap { $0.result(score) }
            guard !results.isEmpty else { continue }
            func mean(_ value: (DetectionMetrics) -> Double) -> Double {
                results.map { value($0.metrics) }.reduce(0, +) / Double(results.count)
            }
            let means = DetectionMetrics(rocAUC: mean(\.rocAUC), averagePrecision: mean(\.averagePrecision),
                                             precisionAtN: mean(\.precisionAtN))
            if json {
                Output.json("mean", means, extra: ["score": score.rawValue, "model": ModelKind.standard.rawValue, "digits": results.count])
            }
            cells.append("\(format(means.rocAUC))  \(format(means.averagePrecision))  \(format(means.precisionAtN))")
        }
        if !json {
            Output.line("mean   " + cells.joined(separator: "   "))
            if reports.count < 10 { Output.line("(the mean of \(reports.count) digits: the others were not run)") }
        }
    }

    /// One row per (model, score) with every metric and the threshold's confusion matrix.
    private static func printDetailTable(_ reports: [AnomalyReport]) {
        guard let first = reports.first else { return }
        Output.line("normal \(AnomalySplit.describe(first.split.normal)), anomalous \(AnomalySplit.describe(first.split.anomalous)): \(first.testNormal) normal and \(first.testAnomalous) anomalous test images; threshold at contamination \(first.contamination)")
        Output.line("model       score                 ROC AUC  AP     P@n    threshold   TP    FP    TN    FN    prec   recall  F1")
        for report in reports {
            for result in report.results {
                let c = result.confusion
                Output.line(report.model.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + result.score.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + "\(format(result.metrics.rocAUC))    \(format(result.metrics.averagePrecision))  \(format(result.metrics.precisionAtN))  "
                    + String(format: "%-10.4g  %-5d %-5d %-5d %-5d %.3f  %.3f   %.3f", result.threshold, c.truePositives, c.falsePositives,
                             c.trueNegatives, c.falseNegatives, c.precision, c.recall, c.f1))
            }
        }
    }
}

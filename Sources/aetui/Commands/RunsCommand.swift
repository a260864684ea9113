import Engine
import Foundation
import TUI

/// `aetui runs`: every saved run under the runs folder (searches included) with its headline
/// figures, headless or in the lab's runs browser; `aetui runs compare RUN RUN ...` prints the
/// config differences and a metrics table.
enum RunsCommand {
    struct Settings: CommandSettings {
        var runsDirectory: String?
        var sort = RunCatalog.SortKey.date
        var json = false
        var headless = false
        var dataDirectory: String?
        var display = DisplaySettings()
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui runs", usage: "aetui runs [options]  |  aetui runs compare RUN RUN ... [--json]",
        summary: """
            Lists every saved run under the runs folder, the runs of search folders included, with its headline figures;
            a folder that is not a readable run is listed as damaged with the reason. Without --headless it opens the
            lab's runs browser. 'compare' prints the config differences and the metrics of the runs given.
            """,
        options: [
            .value("runs-dir", "DIR", "the runs folder", default: "./runs", \.runsDirectory, Parse.path),
            .value("sort", "KEY", RunCatalog.SortKey.allCases.map(\.rawValue).joined(separator: ", ") + " (figures best first, dates newest first)",
                   default: "date", \.sort, Parse.choice(RunCatalog.SortKey.self)),
            .flag("json", "one JSON line per run", \.json),
            .flag("headless", "print the list instead of opening the browser (automatic without a terminal)", \.headless),
            .value("data", "DIR", "MNIST folder for a run opened in the browser", default: "bundled sample-data/mnist",
                   \.dataDirectory, Parse.path),
        ] + DisplaySettings.options.map { $0.lifted(\.display) },
        positionals: .max) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        let display = try settings.display.labDisplay()
        let runsDirectory = URL(fileURLWithPath: settings.runsDirectory ?? "runs", isDirectory: true)
        if settings.positionals.first == "compare" {
            return try compare(Array(settings.positionals.dropFirst()), runsDirectory: runsDirectory, json: settings.json)
        }
        if let extra = settings.positionals.first { throw UsageError("unexpected argument '\(extra)' for 'aetui runs' (did you mean 'aetui runs compare'?)") }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: runsDirectory.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw UsageError("option '--runs-dir': \(runsDirectory.path) is not a folder") }
        // Before the first run there is no runs folder: that is an empty list, not a mistake,
        // unless the folder was named on purpose.
        if !exists && settings.runsDirectory != nil {
            throw UsageError("option '--runs-dir': \(runsDirectory.path) does not exist")
        }
        let interactive = !settings.headless && !settings.json && NcursesBackend.hasTerminal
        if interactive {
            let dataDirectory = try TrainingSettings(dataDirectory: settings.dataDirectory).resolvedDataDirectory()
            let data = try MNIST.load(directory: dataDirectory)
            return try Lab.run(display) { mode in
                RunsBrowserScreen(runsDirectory: runsDirectory, sort: settings.sort, display: mode) { try RunViewScreen(directory: $0, data: data, display: mode) }
            }
        }
        let runs = RunCatalog.sorted(RunCatalog.list(runsDirectory), by: settings.sort)
        if settings.json {
            for run in runs { Output.json("run", Optional<Int>.none, extra: jsonFields(run)) }
        } else if runs.isEmpty {
            Output.line("no runs in \(runsDirectory.path)")
        } else {
            // The date and time start every run's name: the created column would repeat them.
            let shown = RunCatalog.columns.indices.filter { RunCatalog.columns[$0] != "created" }
            Output.line(TextTable.render(([RunCatalog.columns] + runs.map(RunCatalog.cells)).map { row in shown.map { row[$0] } }))
            let damaged = runs.filter { $0.damage != nil }
            if !damaged.isEmpty {
                Output.line("")
                for run in damaged { Output.line("damaged: \(run.name): \(run.damage!)") }
            }
        }
        return 0
    }

    static func jsonFields(_ run: SavedRun) -> [String: Any] {
        var fields: [String: Any] = ["name": run.name, "path": run.directory.path]
        if let damage = run.damage { fields["damaged"] = damage }
        if let search = run.search { fields["search"] = search }
        if let config = run.config { fields["model"] = config.model.rawValue }
        if let summary = run.summary {
            fields["status"] = summary.status.rawValue
            fields["created"] = summary.created
        }
        fields["epochs"] = run.epochs.count
        if let best = run.best {
            fields["best_epoch"] = best.epoch
            fields["val_loss"] = Double(best.valLoss)
            if let accuracy = best.valAccuracy { fields["val_accuracy"] = accuracy }
        }
        if let probe = run.probeAccuracy { fields["probe_accuracy"] = probe }
        if let test = run.summary?.test { fields["test_mse"] = Double(test.testMSE) }
        return fields
    }

    // MARK: - compare

    /// A RUN is a folder path, or a name under the runs folder.
    static func resolve(_ text: String, runsDirectory: URL) throws -> URL {
        let direct = URL(fileURLWithPath: text, isDirectory: true)
        if text.trimmingCharacters(in: .whitespaces).isEmpty || FileManager.default.fileExists(atPath: direct.path) {
            return try SavedRunData.folder(text, for: "aetui runs compare")
        }
        let named = runsDirectory.appendingPathComponent(text, isDirectory: true)
        guard FileManager.default.fileExists(atPath: named.path) else {
            throw UsageError("'aetui runs compare': \(text) is neither a folder nor a run in \(runsDirectory.path)")
        }
        return try SavedRunData.folder(named.path, for: "aetui runs compare")
    }

    static func compare(_ names: [String], runsDirectory: URL, json: Bool) throws -> Int32 {
        guard names.count >= 2 else { throw UsageError("'aetui runs compare' needs at least two runs (folders, or names under the runs folder)") }
        let folders = try names.map { try resolve($0, runsDirectory: runsDirectory).standardizedFileURL }
        if let repeated = folders.indices.first(where: { folders[..<$0].contains(folders[$0]) }) {
            throw UsageError("'aetui runs compare': \(names[repeated]) is given twice")
        }
        let runs = zip(folders, names).map { RunCatalog.read($0, name: $1) }
        if let damaged = runs.first(where: { $0.damage != nil }) {
            throw DataError(path: damaged.directory.path, problem: damaged.damage!)
        }
        let differences = RunCatalog.differences(runs)
        let metrics = metricRows(runs)
        if json {
            Output.json("compare", Optional<Int>.none, extra: [
                "runs": runs.map(\.directory.path),
                "differences": Dictionary(uniqueKeysWithValues: differences.map { ($0.key, $0.values) }),
                "metrics": Dictionary(uniqueKeysWithValues: metrics.map { ($0.name, $0.values) }),
            ])
            return 0
        }
        let letters = runs.indices.map { String(UnicodeScalar(UInt8(65 + $0 % 26))) }
        for (letter, run) in zip(letters, runs) { Output.line("\(letter) = \(run.directory.path)") }
        Output.line("")
        if differences.isEmpty {
            Output.line("config: the same in every setting")
        } else {
            Output.line("config differences (\(differences.count) of \(Set(runs.flatMap(\.configFields.keys)).count) settings):")
            Output.line(TextTable.render([["setting"] + letters] + differences.map { [$0.key] + $0.values }))
        }
        Output.line("")
        Output.line("metrics:")
        Output.line(TextTable.render([["figure"] + letters] + metrics.map { [$0.name] + $0.values }))
        return 0
    }

    /// The figures compared: how each run ended, its best epoch's validation figures, and its test figures.
    static func metricRows(_ runs: [SavedRun]) -> [(name: String, values: [String])] {
        func row(_ name: String, _ value: (SavedRun) -> String?) -> (String, [String]) { (name, runs.map { value($0) ?? "-" }) }
        return [
            row("status") { $0.summary?.status.rawValue },
            row("epochs") { "\($0.epochs.count)" },
            row("best_epoch") { $0.best.map { "\($0.epoch)" } },
            row("val_loss (best)") { $0.best.map { String(format: "%.5f", $0.valLoss) } },
            row("val_acc (best)") { $0.best?.valAccuracy.map { String(format: "%.2f%%", $0 * 100) } },
            row("probe_acc (best)") { $0.probeAccuracy.map { String(format: "%.2f%%", $0 * 100) } },
            row("test_mse") { $0.summary?.test.map { String(format: "%.5f", $0.testMSE) } },
            row("test_acc") { $0.summary?.test?.testAccuracy.map { String(format: "%.2f%%", $0 * 100) } },
            row("test_probe_acc") { run in run.summary?.anomaly == nil ? run.summary?.test.map { String(format: "%.2f%%", $0.testProbeAccuracy * 100) } : nil },
            row("seconds") { $0.summary.map { String(format: "%.1f", $0.totalSeconds) } },
        ] + (runs.contains { $0.summary?.anomaly != nil } ? [
            row("anomaly_auc (\(AnomalyScore.recommended.rawValue))") { $0.summary?.anomaly?.result(.recommended).map { String(format: "%.3f", $0.metrics.rocAUC) } },
        ] : [])
    }
}

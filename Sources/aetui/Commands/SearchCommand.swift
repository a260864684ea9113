import Engine
import Foundation
import TUI

/// `aetui search`: a grid or random hyperparameter search, every trial a saved run in one search
/// folder with a `search.json`; resumable, shardable across processes and machines, headless or
/// in the lab's search screen.
enum SearchCommand {
    struct Settings: CommandSettings {
        var training = TrainingSettings()
        var display = DisplaySettings()
        var lists: [SearchKey: [String]] = [:]
        var gridFile: String?
        var random: Int?
        var searchSeed: UInt64 = 1
        var shard = Shard.whole
        var parallel = 1
        var resume: String?
        var searchDirectory: String?
        var json = false
        var csv: String?
        var quiet = false
        var yes = false
        var headless = false
        var help = false
        var positionals: [String] = []
    }

    /// Above this many trials a search needs `--yes`.
    static let confirmAbove = 1000

    static let listHelp: [SearchKey: String] = [
        .model: "models: standard, supervised", .layers: "encoder size lists, e.g. 392,98,2 256,64,2 (or 392,98,2/256,64,2)",
        .classifier: "classifier size lists, e.g. 40,40 20,20 80", .alpha: "supervised loss weights of the cross-entropy",
        .activation: "hidden activations", .bottleneckActivation: "bottleneck activations: linear, relu, tanh, sigmoid",
        .optimizer: "optimizers: rmsprop, adam, sgd, adagrad", .lr: "learning rates, e.g. 0.01,0.001", .momentum: "SGD momenta",
        .lrSchedule: "learning-rate schedules: constant, cosine, step, plateau", .lrMin: "floors of the cosine and plateau schedules",
        .weightDecay: "decoupled weight decays, e.g. 0,1e-4,1e-3", .keep: "weights kept: best, last", .dropout: "dropout rates, e.g. 0,0.2",
        .batch: "batch sizes, e.g. 32,48,256", .epochs: "epoch counts", .seed: "seeds (repeats of each configuration)",
    ]

    static var commandLine: CommandLineSpec<Settings> {
        let listed = Set(SearchKey.allCases.map(\.rawValue))
        let lists: [Option<Settings>] = SearchKey.allCases.map { key in
            Option(name: key.rawValue, valueName: "LIST", help: listHelp[key]!, defaultText: nil) { settings, text in
                settings.lists[key, default: []] += SearchGrid.split(text ?? "", for: key)
            }
        }
        return CommandLineSpec(
            command: "aetui search", usage: "aetui search [LIST OPTIONS] [options]",
            summary: """
                Trains every combination of the listed values (or --random N of them), each trial a saved run in one search
                folder with a search.json; prints a leaderboard ranked by val loss (standard) or val accuracy (supervised).
                Lists are comma-, space- or /-separated (layer and classifier lists: space- or /-separated).
                The same command again, or --resume DIR, skips finished trials. Without --headless it opens the lab's search screen.
                """,
            options: lists + TrainingOptions.options.filter { !listed.contains($0.name) }
                .map { ($0.name == "threads" ? $0.withDefault("cores / parallel") : $0).lifted(\.training) } + [
                .value("grid", "FILE", "a JSON grid: {\"optimizer\": [\"adam\", \"sgd\"], \"lr\": [0.01, 0.001], ...}", default: nil,
                       \.gridFile, Parse.path),
                .value("random", "N", "train N combinations drawn from the grid instead of all", default: nil, \.random) {
                    try Parse.whole(1...Int.max)($0)
                },
                .value("search-seed", "S", "seed of the --random draw", default: "1", \.searchSeed) { UInt64(try Parse.whole(0...Int.max)($0)) },
                .value("shard", "I/N", "run only the trials whose index is I modulo N (0 <= I < N)", default: "0/1", \.shard) { text in
                    do { return try Shard(parsing: text) } catch let error as SearchError { throw ValueProblem(error.description) }
                },
                .value("parallel", "P", "trials at once in this process, --threads each", default: "1", \.parallel, Parse.whole(1...64)),
                .value("resume", "DIR", "resume the search in DIR (its grid and options)", default: nil, \.resume, Parse.path),
                .value("search-dir", "DIR", "the search folder", default: "RUNS_DIR/search-<hash of the grid and options>",
                       \.searchDirectory, Parse.path),
                .flag("json", "JSON lines: one per finished trial, then the ranked leaderboard", \.json),
                .value("csv", "FILE", "also write the leaderboard as CSV", default: nil, \.csv, Parse.path),
                .flag("quiet", "no per-trial lines and no chart: the leaderboard only", \.quiet),
                .flag("yes", "run a search of more than \(confirmAbove) trials", \.yes),
                .flag("headless", "no lab: lines on stdout (automatic without a terminal)", \.headless),
            ] + DisplaySettings.options.map { $0.lifted(\.display) })
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(joiningLists(arguments)) else { return 0 }
        let display = try settings.display.labDisplay()
        if let csv = settings.csv { try checkCSV(csv) }
        let store = try openStore(settings)
        let manifest = try store.read()
        let base = manifest.base
        let dataDirectory = try settings.training.resolvedDataDirectory()
        let data = try MNIST.load(directory: dataDirectory, trainCount: base.trainCount, validationCount: base.validationCount)
        let threads = settings.training.mathThreads(default: max(1, WorkerPool.availableCores / settings.parallel))
        let runner = SearchRunner(store: store, data: data, dataDirectory: dataDirectory, shard: settings.shard,
                                  parallel: settings.parallel, threads: threads)
        let interactive = !settings.headless && NcursesBackend.hasTerminal
        if interactive {
            return try Lab.run(display) { mode in
                SearchScreen(runner: runner, shard: settings.shard) { folder in try RunViewScreen(directory: folder, data: data, display: mode) }
            }
        }
        return try runHeadless(runner, settings: settings, threads: threads)
    }

    // MARK: - Setting up

    /// Joins the words after a list option into its value: `--layers 392,98,2 256,64,2`.
    static func joiningLists(_ arguments: [String]) -> [String] {
        let names = Set(SearchKey.allCases.map { "--\($0.rawValue)" })
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            result.append(argument)
            index += 1
            guard names.contains(argument) else { continue }
            var words: [String] = []
            while index < arguments.count, !arguments[index].hasPrefix("--") {
                words.append(arguments[index])
                index += 1
            }
            if !words.isEmpty { result.append(words.joined(separator: " ")) }
        }
        return result
    }

    /// The search folder, created with its `search.json`, or the earlier one the same command left.
    static func openStore(_ settings: Settings) throws -> SearchStore {
        if let resume = settings.resume {
            guard settings.lists.isEmpty, settings.gridFile == nil, settings.random == nil else {
                throw UsageError("--resume takes the grid and options from \(resume)/search.json: drop the list options, --grid and --random")
            }
            let directory = URL(fileURLWithPath: resume, isDirectory: true)
            guard SearchStore.isSearch(directory) else { throw UsageError("option '--resume': \(resume) holds no search.json") }
            let store = SearchStore(directory: directory)
            try checkTrials(of: store, parallel: settings.parallel)
            return store
        }
        let base = try settings.training.validatedConfig(runs: settings.parallel)
        var grid = SearchGrid()
        do {
            if let file = settings.gridFile { grid = try SearchGrid.load(file: file, base: base) }
            for key in SearchKey.allCases { if let list = settings.lists[key] { try grid.set(key, list, base: base) } }
        } catch let error as SearchError {
            throw UsageError(error.description)
        }
        if let problem = grid.inertProblem(base: base) { throw UsageError(problem) }
        let trials = min(grid.combinations, settings.random ?? Int.max)
        guard trials <= confirmAbove || settings.yes else {
            throw UsageError("the search has \(trials) trials (more than \(confirmAbove)): pass --yes to run it, or --random N for fewer")
        }
        let manifest: SearchManifest
        do {
            manifest = try SearchManifest(grid: grid, base: base, random: settings.random, searchSeed: settings.searchSeed)
            for trial in manifest.trials {
                if let problem = try manifest.config(of: trial).memoryProblem(runs: settings.parallel) {
                    throw UsageError("trial \(trial.index + 1) (\(trial.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))): \(problem)")
                }
            }
        } catch let error as SearchError {
            throw UsageError(error.description)
        }
        let runsDirectory = try settings.training.writableRunsDirectory()
        let directory = settings.searchDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? runsDirectory.appendingPathComponent(manifest.folderName, isDirectory: true)
        if settings.searchDirectory != nil {
            do {
                try RunStore.checkWritable(directory, what: "the search folder")
            } catch let error as RunStoreError {
                throw UsageError("option '--search-dir': \(error)")
            }
        }
        let store = try SearchStore.openOrCreate(directory: directory, manifest: manifest)
        // The same command again finds its folder, whose search.json may have changed since.
        try checkTrials(of: store, parallel: settings.parallel)
        return store
    }

    /// A resumed search's trials, checked as a new search's are: search.json may have been
    /// edited or damaged, and a trial it describes must not crash the process or fill its memory.
    static func checkTrials(of store: SearchStore, parallel: Int) throws {
        let manifest = try store.read()
        let path = store.directory.appendingPathComponent(SearchStore.manifestFile).path
        // The runner takes a trial's index as its place in the list.
        if let misplaced = manifest.trials.indices.first(where: { manifest.trials[$0].index != $0 }) {
            throw DataError(path: path, problem: "trial \(misplaced + 1) has index \(manifest.trials[misplaced].index): each trial's index must be its place in the list")
        }
        let configs: [TrainingConfig]
        do {
            configs = try manifest.configs()
        } catch let error as SearchError {
            throw DataError(path: path, problem: error.description)
        }
        for (trial, config) in zip(manifest.trials, configs) {
            if let problem = config.validationProblem() {
                throw DataError(path: path, problem: "trial \(trial.index + 1): field '\(problem.field)' \(problem.problem)")
            }
            if let problem = config.memoryProblem(runs: parallel) { throw DataError(path: path, problem: "trial \(trial.index + 1): \(problem)") }
            if let run = trial.run, run.isEmpty || run.contains("/") || run == "." || run == ".." {
                throw DataError(path: path, problem: "trial \(trial.index + 1): run '\(run)' is not a folder name in the search folder")
            }
        }
    }

    // MARK: - Headless

    private static func runHeadless(_ runner: SearchRunner, settings: Settings, threads: Int) throws -> Int32 {
        let manifest = try runner.store.read()
        let remaining = try runner.remainingTrials()
        let folder = runner.store.directory.path
        if settings.json {
            Output.json("search", Optional<Int>.none, extra: [
                "folder": folder, "trials": manifest.trials.count, "grid_size": try manifest.searchGrid().combinations,
                "shard": settings.shard.description, "to_run": remaining.count, "parallel": settings.parallel, "threads": threads,
            ])
        } else {
            Output.line("aetui search: \(counted(manifest.trials.count, "trial")) (grid of \(try manifest.searchGrid().combinations)), shard \(settings.shard): \(remaining.count) to run, \(settings.parallel) at once x \(threads) thread\(threads == 1 ? "" : "s")")
            Output.line("folder: \(folder)")
        }
        let board = Leaderboard(manifest: manifest)
        let total = manifest.trials.count
        let signals = StopSignals { runner.stop() }
        let started = Date()
        var failure: Error?
        do {
            try runner.run { event in
                guard case .trialFinished(let trial) = event else { return }
                if settings.json {
                    Output.json("trial", trial)
                } else if !settings.quiet {
                    Output.line(trialLine(trial, total: total, board: board))
                }
            }
        } catch {
            failure = error
        }
        // With the folder gone, the board is the search's own record of it (the runs went too).
        let final = failure is SearchFolderGone ? runner.store.lastKnown ?? manifest : try runner.store.read()
        let ranked = Leaderboard(manifest: final)
        let left = final.trials.filter { settings.shard.contains($0.index) && !$0.state.isDone }.count
        if settings.json {
            Output.json("leaderboard", Optional<Int>.none, extra: ["folder": folder, "seconds": Date().timeIntervalSince(started),
                                                                   "left": left, "rows": jsonRows(ranked)])
        } else {
            Output.line("")
            Output.line("leaderboard: \(ranked.entries.count) of \(counted(final.trials.count, "trial")), ranked by \(ranked.rankingDescription); \(String(format: "%.1f", Date().timeIntervalSince(started))) s this time")
            Output.line(ranked.text)
            if !settings.quiet, !ranked.top(5).isEmpty {
                Output.line("")
                Output.line(CurveOverlayWidget(topOf: ranked, context: .plainText).plainText(width: 100, height: 24))
            }
            if left > 0, !(failure is SearchFolderGone) {
                Output.line("")
                Output.line("\(left) trial\(left == 1 ? "" : "s") of this shard left: run the same command again, or 'aetui search --resume \(folder)'")
            }
        }
        if let csv = settings.csv { try writeCSV(ranked.csv, to: csv) }
        if let failure { throw failure }
        return signals.stoppedBy.map { 128 + $0 } ?? 0
    }

    static func trialLine(_ trial: TrialRecord, total: Int, board: Leaderboard) -> String {
        var text = "trial \(trial.index + 1)/\(total)  \(board.label(trial))  \(trial.state.rawValue)"
        if let loss = trial.valLoss { text += "  val_loss \(Output.loss(loss))" }
        if let accuracy = trial.valAccuracy { text += "  val_acc \(percentText(accuracy))" }
        if let probe = trial.probeAccuracy { text += "  probe \(percentText(probe))" }
        if let best = trial.bestEpoch { text += "  best epoch \(best)/\(trial.epochsRun ?? 0)" }
        if let seconds = trial.seconds { text += String(format: "  %.1f s", seconds) }
        if trial.state == .diverged || trial.state == .stopped, let message = trial.message { text += "  (\(message))" }
        return text
    }

    static func jsonRows(_ board: Leaderboard) -> [[String: Any]] {
        board.entries.map { entry in
            let trial = entry.trial
            var row: [String: Any] = ["trial": trial.index, "values": trial.values, "model": trial.model.rawValue,
                                      "state": trial.state.rawValue]
            if let rank = entry.rank { row["rank"] = rank }
            if let value = trial.valLoss { row["val_loss"] = Double(value) }
            if let value = trial.valAccuracy { row["val_accuracy"] = value }
            if let value = trial.probeAccuracy { row["probe_accuracy"] = value }
            if let value = trial.bestEpoch { row["best_epoch"] = value }
            if let value = trial.epochsRun { row["epochs_run"] = value }
            if let value = trial.seconds { row["seconds"] = value }
            if let value = trial.run { row["run"] = value }
            return row
        }
    }

    /// Where `--csv` writes: standard output or error by their device names (a redirected stdout
    /// keeps what was printed before); else the file at the end of its symlinks, replaced whole
    /// when it is a regular file or none yet, or written through when it is a device or a FIFO.
    enum CSVTarget: Equatable {
        case standardOutput, standardError
        case replace(String)
        case writeThrough(String)
    }

    static func csvTarget(_ path: String) throws -> CSVTarget {
        if ["/dev/stdout", "/proc/self/fd/1"].contains(path) { return .standardOutput }
        if ["/dev/stderr", "/proc/self/fd/2"].contains(path) { return .standardError }
        var current = URL(fileURLWithPath: path).path
        // As many links as the system itself follows (ELOOP).
        for _ in 0..<40 {
            guard let type = (try? FileManager.default.attributesOfItem(atPath: current))?[.type] as? FileAttributeType else {
                return .replace(current)
            }
            switch type {
            case .typeRegular: return .replace(current)
            case .typeDirectory: throw DataError(path: current, problem: "is a folder, not a file")
            case .typeSymbolicLink:
                guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                    throw DataError(path: current, problem: "is a symlink that cannot be read")
                }
                current = URL(fileURLWithPath: destination, relativeTo: URL(fileURLWithPath: current).deletingLastPathComponent()).path
            default: return .writeThrough(current)
            }
        }
        throw DataError(path: path, problem: "is one of a loop of symlinks")
    }

    /// The --csv file, checked before any trial trains: where it leads must take a write.
    static func checkCSV(_ path: String) throws {
        let target: CSVTarget
        do {
            target = try csvTarget(path)
        } catch let error as DataError {
            throw UsageError("option '--csv': \(error)")
        }
        switch target {
        case .standardOutput, .standardError: return
        case .writeThrough(let file):
            guard access(file, W_OK) == 0 else { throw UsageError("option '--csv': \(file) is not writable") }
        case .replace(let file):
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("option '--csv': the folder \(folder) does not exist")
            }
            guard access(folder, W_OK) == 0 else { throw UsageError("option '--csv': the folder \(folder) is not writable") }
        }
    }

    /// A regular file is written to a temporary file and renamed, so a reader never sees half a
    /// table; a symlink is followed, never replaced; a device or FIFO is written through.
    static func writeCSV(_ text: String, to path: String) throws {
        let data = Data(text.utf8)
        switch try csvTarget(path) {
        case .standardOutput:
            fflush(nil)  // what print() buffered (the leaderboard) goes first
            FileHandle.standardOutput.write(data)
        case .standardError: FileHandle.standardError.write(data)
        case .writeThrough(let file):
            guard let handle = FileHandle(forWritingAtPath: file) else { throw DataError(path: file, problem: "cannot be opened to write the CSV") }
            defer { try? handle.close() }
            do {
                try handle.write(contentsOf: data)
            } catch {
                throw DataError(path: file, problem: "cannot write the CSV: \(error.localizedDescription)")
            }
        case .replace(let file):
            let temporary = file + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
            do {
                try data.write(to: URL(fileURLWithPath: temporary))
                guard rename(temporary, file) == 0 else { throw DataError(path: file, problem: String(cString: strerror(errno))) }
            } catch {
                unlink(temporary)
                throw DataError(path: file, problem: "cannot write the CSV: \((error as? DataError)?.problem ?? error.localizedDescription)")
            }
        }
    }
}

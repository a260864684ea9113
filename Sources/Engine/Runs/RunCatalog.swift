import Foundation

/// A folder under the runs folder as `aetui runs` and the runs browser list it: a run's config,
/// summary and curves, or why it cannot be read (`damage`). Reading never throws.
public struct SavedRun: Sendable {
    public var directory: URL
    /// The path under the runs folder, e.g. `search-1a2b3c4d/20261129-101200-supervised-val_acc=0.942`.
    public var name: String
    /// The search folder it belongs to, if any.
    public var search: String?
    public var config: TrainingConfig?
    public var summary: RunSummary?
    public var epochs: [EpochMetrics] = []
    /// Why the folder is not a readable run; nil when it is.
    public var damage: String?

    public var model: ModelKind? { config?.model }
    /// The best epoch by the model's validation metric (as a search ranks it).
    public var best: EpochMetrics? { config.flatMap { ValidationMetric(for: $0.model).best(of: epochs) } }
    /// The k-NN probe's validation accuracy at the best epoch, as the search's leaderboard gives
    /// it beside the same epoch's val loss and accuracy (else the final figure, else the latest);
    /// none for an anomaly run, whose validation images are its normal digits only (a probe there
    /// is trivially right, and says nothing).
    public var probeAccuracy: Double? {
        guard summary?.anomaly == nil else { return nil }
        return best?.probeAccuracy ?? summary?.test?.valProbeAccuracy ?? epochs.last(where: { $0.probeAccuracy != nil })?.probeAccuracy
    }
    public var created: String { summary?.created ?? "" }

    /// The config as flat `key: value` text, for side-by-side differences.
    public var configFields: [String: String] {
        guard let config, let data = try? RunStore.encoder().encode(config),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        func text(_ value: Any) -> String {
            if let list = value as? [Any] { return list.map { "\($0)" }.joined(separator: ",") }
            if let number = value as? NSNumber { return number.stringValue }
            return "\(value)"
        }
        var fields: [String: String] = [:]
        // An anomaly run's split is part of what it was trained for, though not of its config.
        if let split = summary?.anomaly?.split {
            fields["anomaly.normal"] = AnomalySplit.describe(split.normal)
            fields["anomaly.anomalous"] = AnomalySplit.describe(split.anomalous)
        }
        for (key, value) in object {
            // A nested setting (the learning-rate schedule) is one field per entry: "lr_schedule.kind".
            if let nested = value as? [String: Any] {
                for (inner, innerValue) in nested { fields["\(key).\(inner)"] = text(innerValue) }
            } else {
                fields[key] = text(value)
            }
        }
        return fields
    }
}

/// Lists and reads saved runs: the runs folder's run folders, and the runs inside its search folders.
public enum RunCatalog {
    /// How the listing can be ordered.
    public enum SortKey: String, CaseIterable, Sendable {
        case date, name, model, valLoss = "val_loss", valAccuracy = "val_acc", probe, epochs
    }

    /// Every folder under `runsDirectory` (hidden ones skipped), a search folder's runs after it.
    public static func list(_ runsDirectory: URL) -> [SavedRun] {
        var runs: [SavedRun] = []
        for folder in folders(in: runsDirectory) {
            let name = folder.lastPathComponent
            if SearchStore.isSearch(folder) {
                runs += folders(in: folder).map { read($0, name: "\(name)/\($0.lastPathComponent)", search: name) }
            } else {
                runs.append(read(folder, name: name, search: nil))
            }
        }
        return runs
    }

    private static func folders(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { directory.appendingPathComponent($0, isDirectory: true) }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Reads one run folder; what is missing or broken goes into `damage`.
    public static func read(_ directory: URL, name: String? = nil, search: String? = nil) -> SavedRun {
        var run = SavedRun(directory: directory, name: name ?? directory.lastPathComponent, search: search)
        let fileManager = FileManager.default
        // Each file as `eval` reads it: a regular file of sane size (a FIFO would block the listing).
        func file(_ name: String) throws -> Data? {
            do {
                return try RunStore.smallFileIfPresent(directory.appendingPathComponent(name))
            } catch let error as DataError {
                throw DataError(path: name, problem: error.problem)
            }
        }
        let configData: Data
        do {
            guard let data = try file(RunStore.configFile) else {
                run.damage = "not a run: no \(RunStore.configFile)"
                return run
            }
            configData = data
        } catch {
            run.damage = "\(error)"
            return run
        }
        do {
            run.config = try RunStore.decoder().decode(TrainingConfig.self, from: configData)
        } catch let error as DecodingError {
            run.damage = "\(RunStore.configFile) is not a valid config (\(JSONProblem.describeDecoding(error, data: configData)))"
            return run
        } catch {
            run.damage = "\(RunStore.configFile) is not a valid config"
            return run
        }
        if let problem = run.config?.validationProblem() {
            run.damage = "\(RunStore.configFile): \(problem.field) \(problem.problem)"
            return run
        }

        do {
            run.epochs = try metrics(of: directory)
        } catch {
            run.damage = "\(error)"
            return run
        }
        let summary: RunSummary
        do {
            guard let summaryData = try file(RunStore.summaryFile) else {
                run.damage = "\(RunStore.summaryFile) is missing"
                return run
            }
            guard let decoded = try? RunStore.decoder().decode(RunSummary.self, from: summaryData) else {
                run.damage = "\(RunStore.summaryFile) is not a valid summary"
                return run
            }
            summary = decoded
        } catch {
            run.damage = "\(error)"
            return run
        }
        run.summary = summary
        let weights = directory.appendingPathComponent(RunStore.weightsFile).path
        guard fileManager.fileExists(atPath: weights) else {
            run.damage = "\(RunStore.weightsFile) is missing"
            return run
        }
        // A run trained on a larger machine is listed as it is; only sizes no file can hold are damage.
        guard let payload = run.config?.parameterBytes else {
            run.damage = "\(RunStore.configFile): its layer sizes are too large for any weights file"
            return run
        }
        if let problem = Safetensors.layoutProblem(at: weights, payloadBytes: payload) {
            run.damage = "\(RunStore.weightsFile) \(problem)"
        }
        return run
    }

    /// The per-epoch metrics of a run folder (`metrics.jsonl`); an unreadable line is an error naming it.
    public static func metrics(of directory: URL) throws -> [EpochMetrics] {
        let url = directory.appendingPathComponent(RunStore.metricsFile)
        guard let data = try RunStore.smallFileIfPresent(url) else {
            throw DataError(path: url.path, problem: "missing")
        }
        let decoder = RunStore.decoder()
        return try data.split(separator: 0x0A).enumerated().map { index, line in
            do {
                return try decoder.decode(EpochMetrics.self, from: Data(line))
            } catch {
                throw DataError(path: url.path, problem: "line \(index + 1) is not an epoch's metrics")
            }
        }
    }

    /// The listing's columns, and a run's cells under them (a damaged run is marked so; its
    /// `damage` says why, which the listing gives apart: a long reason would widen every row).
    public static let columns = ["name", "model", "status", "epochs", "best_epoch", "val_loss", "val_acc", "probe_acc", "test_mse", "created"]

    public static func cells(_ run: SavedRun) -> [String] {
        guard run.damage == nil, let config = run.config else {
            return ["\(run.name) (damaged)", run.config?.model.rawValue ?? "-", "damaged", "-", "-", "-", "-", "-", "-", "-"]
        }
        let best = run.best
        return [run.name, config.model.rawValue, run.summary?.status.rawValue ?? "-", "\(run.epochs.count)/\(config.epochs)",
                best.map { String($0.epoch) } ?? "-", best.map { String(format: "%.5f", $0.valLoss) } ?? "-",
                percentText(best?.valAccuracy), percentText(run.probeAccuracy),
                run.summary?.test.map { String(format: "%.5f", $0.testMSE) } ?? "-", run.created]
    }

    /// The config keys whose values differ between `runs`, in order, each with every run's value.
    public static func differences(_ runs: [SavedRun]) -> [(key: String, values: [String])] {
        let fields = runs.map(\.configFields)
        let keys = Set(fields.flatMap(\.keys)).sorted()
        return keys.compactMap { key in
            let values = fields.map { $0[key] ?? "-" }
            return Set(values).count > 1 ? (key, values) : nil
        }
    }

    /// Runs ordered by `key`: figures best first, dates newest first, damaged runs last; ties
    /// keep their listing order.
    public static func sorted(_ runs: [SavedRun], by key: SortKey) -> [SavedRun] {
        let order = runs.indices.sorted { i, j in precedes(runs[i], runs[j], by: key) ?? (i < j) }
        return order.map { runs[$0] }
    }

    /// Whether `x` comes before `y`, or nil when `key` cannot tell them apart.
    static func precedes(_ x: SavedRun, _ y: SavedRun, by key: SortKey) -> Bool? {
        if (x.damage == nil) != (y.damage == nil) { return x.damage == nil }
        switch key {
        case .date: return x.created == y.created ? nil : x.created > y.created
        case .name: return x.name == y.name ? nil : x.name < y.name
        case .model:
            let a = x.model?.rawValue ?? "~", b = y.model?.rawValue ?? "~"
            return a == b ? nil : a < b
        case .valLoss, .valAccuracy, .probe, .epochs:
            let a = figure(x, key) ?? -.infinity, b = figure(y, key) ?? -.infinity
            return a == b ? nil : a > b
        }
    }

    /// A run's figure for a figure key, larger being better (a loss is negated).
    static func figure(_ run: SavedRun, _ key: SortKey) -> Double? {
        switch key {
        case .valLoss: run.best.map { -Double($0.valLoss) }
        case .valAccuracy: run.best?.valAccuracy
        case .probe: run.probeAccuracy
        case .epochs: Double(run.epochs.count)
        case .date, .name, .model: nil
        }
    }
}

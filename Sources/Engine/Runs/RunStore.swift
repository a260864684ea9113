import Foundation

/// What a saved run's `summary.json` says about it.
public struct RunSummary: Codable, Sendable {
    public var name: String
    public var status: RunStatus
    public var message: String?
    public var epochsCompleted: Int
    public var test: TestMetrics?
    public var last: EpochMetrics?
    public var best: EpochMetrics?
    /// The epoch whose weights were saved and tested (absent in runs saved before it existed).
    public var keptEpoch: Int?
    /// The run's seed, for readers comparing runs.
    public var seed: UInt64?
    /// Each hint's summary, for people reading the file.
    public var warnings: [String]
    /// The hints as values (absent in runs saved before they existed).
    public var hints: [TrainingHint]?
    public var kernel: String
    public var threads: Int
    public var dataDirectory: String
    public var totalSeconds: Double
    public var created: String
    /// Runs of `aetui anomaly`: the detector's figures (per-image scores in `TestScores.fileName`).
    public var anomaly: AnomalyReport?

    enum CodingKeys: String, CodingKey {
        case name, status, message, test, last, best, warnings, hints, kernel, threads, created, anomaly
        case keptEpoch = "kept_epoch", seed
        case epochsCompleted = "epochs_completed", dataDirectory = "data_directory", totalSeconds = "total_seconds"
    }
}

/// Saves runs as folders: `config.json`, `metrics.jsonl`, `weights.safetensors`, `summary.json`,
/// and `latent_timelapse.bin` (`LatentTimeLapse`).
///
/// Several processes, on several machines sharing one runs folder, may save at once. A run is
/// written into a hidden partial folder of its own (`PartialFolder`), then published by one
/// `rename` onto its readable name, `NAME`, else `NAME-2`, `NAME-3`…: renaming a folder onto a
/// name that holds a non-empty folder fails (ENOTEMPTY or EEXIST) and changes nothing, and every
/// run folder holds files, so the rename is the claim. It is a single atomic operation on a local
/// file system and on the server of a network one (NFS, SMB), so two writers can never both get
/// a name, no run is ever overwritten, and nobody ever sees a half-written run. A crash leaves
/// only a partial folder, which a later save removes once its owner is dead.
public enum RunStore {
    public static let configFile = "config.json"
    public static let metricsFile = "metrics.jsonl"
    public static let weightsFile = "weights.safetensors"
    public static let summaryFile = "summary.json"
    /// Where a run goes when its runs folder cannot take it (a full disk, a mount gone).
    public static var fallbackDirectory: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("aetui-runs", isDirectory: true)
    }
    /// How many numbered names are tried before a random tag is used instead.
    static let numberedNames = 999

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// The folder name: time, model and headline figure, e.g. `20261129-101200-supervised-val_acc=0.951`;
    /// for an anomaly run, its normal digits and the ROC AUC of the recommended score instead.
    /// A stopped run is named after its last completed epoch, the figure a user saw when stopping
    /// it; its final figures (the mid-epoch weights on the whole sets) stay in its summary.
    public static func runName(config: TrainingConfig, outcome: TrainingOutcome, date: Date, anomaly: AnomalyReport? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var name = "\(formatter.string(from: date))-\(config.model.rawValue)"
        if outcome.status != .finished { name += "-\(outcome.status.rawValue)" }
        let test = outcome.status == .stopped && !outcome.epochs.isEmpty ? nil : outcome.test
        if let anomaly {
            name += "-anomaly-normal=\(AnomalySplit.describe(anomaly.split.normal))"
            if let headline = anomaly.result(.recommended) {
                name += String(format: "-\(headline.score.rawValue)_auc=%.3f", headline.metrics.rocAUC)
            }
        } else if let accuracy = test?.valAccuracy ?? outcome.epochs.last?.valAccuracy {
            name += String(format: "-val_acc=%.3f", accuracy)
        } else if let probe = test?.valProbeAccuracy ?? outcome.epochs.last(where: { $0.probeAccuracy != nil })?.probeAccuracy {
            name += String(format: "-probe_acc=%.3f", probe)
        }
        return name
    }

    /// Checks, before any training, that runs can be saved in `runsDirectory`: creates it if
    /// needed and writes a file there, then leaves it as it was (what it created is removed
    /// again, so a command refused later leaves nothing behind). Throws a `RunStoreError` saying
    /// what, where and why.
    public static func checkWritable(_ runsDirectory: URL, what: String = "the runs folder") throws {
        let path = runsDirectory.path
        let created = try RunFiles.makeDirectories(path, what: what)
        defer { created.reversed().forEach { rmdir($0) } }
        let probe = (path as NSString).appendingPathComponent(PartialFolder.mine().name)
        guard mkdir(probe, 0o755) == 0 else { throw RunStoreError.system("cannot write in \(what)", path) }
        defer { RunFiles.removeTree(probe) }
        do {
            try RunFiles.write(Data("aetui checks that runs can be saved here\n".utf8),
                               to: (probe as NSString).appendingPathComponent("probe"))
        } catch let error as RunStoreError {
            throw RunStoreError(action: "cannot write in \(what)", path: path, reason: error.reason)
        }
    }

    /// Whether `folder` may be removed as an earlier save of a run: a run folder (it has a config)
    /// directly in `runsDirectory`, not a symlink. A path read back from a file (a search's
    /// `search.json`) may name anything; only a run's own earlier folder is ever deleted.
    static func isReplaceableRun(_ folder: URL, in runsDirectory: URL) -> Bool {
        let name = folder.lastPathComponent
        guard !name.isEmpty, name != ".", name != "..", !name.hasPrefix("."),
              folder.deletingLastPathComponent().standardizedFileURL.path == runsDirectory.standardizedFileURL.path,
              let type = (try? FileManager.default.attributesOfItem(atPath: folder.path))?[.type] as? FileAttributeType,
              type == .typeDirectory else { return false }
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent(configFile).path)
    }

    /// Writes the run under a name no other run has and returns its folder. `replacing` an
    /// earlier save of the same run removes that folder once the new one is in place.
    ///
    /// When the runs folder cannot take the run, it is saved in `fallbackDirectory` instead (or,
    /// failing that, what was written is left in a hidden `.incomplete-` folder) and a
    /// `RunStoreError` is thrown whose `kept` says where: the caller reports it and fails.
    @discardableResult
    public static func save(config: TrainingConfig, outcome: TrainingOutcome, model: Autoencoder, kernel: String,
                            threads: Int, dataDirectory: String, runsDirectory: URL, date: Date = Date(),
                            replacing previous: URL? = nil, anomaly: (report: AnomalyReport, scores: TestScores)? = nil) throws -> URL {
        // The saved config reproduces the run: it records the rate changes the trainer made.
        var config = config
        config.learningRateChanges = outcome.learningRateChanges
        let name = runName(config: config, outcome: outcome, date: date, anomaly: anomaly?.report)
        var files = try contents(config: config, outcome: outcome, model: model)
        if let scores = anomaly?.scores { files.append((TestScores.fileName, try scores.encoded())) }
        let summary = RunSummary(name: name, status: outcome.status, message: outcome.message,
                                 epochsCompleted: outcome.epochs.count, test: outcome.test, last: outcome.epochs.last,
                                 best: outcome.bestEpoch, keptEpoch: outcome.keptEpoch, seed: config.seed, warnings: outcome.hints.map(\.summary), hints: outcome.hints,
                                 kernel: kernel, threads: threads,
                                 dataDirectory: dataDirectory, totalSeconds: outcome.totalSeconds,
                                 created: ISO8601DateFormatter().string(from: date), anomaly: anomaly?.report)
        do {
            let folder = try publish(files: files, summary: summary, in: runsDirectory.path, keepOnFailure: true)
            if let previous, isReplaceableRun(previous, in: runsDirectory), previous.standardizedFileURL != folder.standardizedFileURL {
                RunFiles.removeTree(previous.path)
            }
            return folder
        } catch var error as RunStoreError {
            let fallback = fallbackDirectory
            guard fallback.standardizedFileURL != runsDirectory.standardizedFileURL,
                  let saved = try? publish(files: files, summary: summary, in: fallback.path, keepOnFailure: false) else {
                throw error
            }
            if let incomplete = error.kept { RunFiles.removeTree(incomplete) }
            error.kept = saved.path
            throw error
        }
    }

    /// The run's files but the summary, which carries the name and is written at the claim.
    private static func contents(config: TrainingConfig, outcome: TrainingOutcome, model: Autoencoder) throws -> [(String, Data)] {
        let json = encoder()
        var lines = Data()
        for epoch in outcome.epochs {
            lines.append(try json.encode(epoch))
            lines.append(0x0A)
        }
        return [(configFile, try prettyEncoder().encode(config)), (metricsFile, lines),
                (weightsFile, try weights(of: model, config: config))]
            + (outcome.timeLapse.map { [(LatentTimeLapse.fileName, $0.encoded())] } ?? [])
    }

    private static func prettyEncoder() -> JSONEncoder {
        let pretty = encoder()
        pretty.outputFormatting = [.sortedKeys, .prettyPrinted]
        return pretty
    }

    /// Writes a partial folder in `directory` and renames it onto the first free name.
    /// On failure the partial folder is removed, or kept under a hidden `.incomplete-` name.
    private static func publish(files: [(String, Data)], summary: RunSummary, in directory: String,
                                keepOnFailure: Bool) throws -> URL {
        try RunFiles.makeDirectories(directory, what: "the runs folder")
        PartialFolder.removeStale(in: directory)
        let staging = (directory as NSString).appendingPathComponent(PartialFolder.mine().name)
        guard mkdir(staging, 0o755) == 0 else { throw RunStoreError.system("cannot write in the runs folder", directory) }
        do {
            for (file, data) in files { try RunFiles.write(data, to: (staging as NSString).appendingPathComponent(file)) }
            return try claim(staging: staging, summary: summary, in: directory)
        } catch var error as RunStoreError {
            let incomplete = (directory as NSString).appendingPathComponent(
                ".incomplete-\(summary.name)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))")
            if keepOnFailure && rename(staging, incomplete) == 0 {
                error.kept = incomplete
            } else {
                RunFiles.removeTree(staging)
            }
            throw error
        }
    }

    /// Renames `staging` onto `NAME`, `NAME-2`, … (then `NAME-<random tag>`), whichever is free
    /// first, writing the summary with that name just before each try.
    private static func claim(staging: String, summary: RunSummary, in directory: String) throws -> URL {
        let summaryPath = (staging as NSString).appendingPathComponent(summaryFile)
        var candidates = (1...numberedNames).lazy.map { $0 == 1 ? summary.name : "\(summary.name)-\($0)" }
            .makeIterator()
        while true {
            let name = candidates.next() ?? "\(summary.name)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
            var named = summary
            named.name = name
            unlink(summaryPath)
            try RunFiles.write(try prettyEncoder().encode(named), to: summaryPath)
            let final = (directory as NSString).appendingPathComponent(name)
            if rename(staging, final) == 0 { return URL(fileURLWithPath: final, isDirectory: true) }
            // Taken: a run (ENOTEMPTY, or EEXIST on some systems) or a file (ENOTDIR) has the name.
            guard [ENOTEMPTY, EEXIST, ENOTDIR].contains(errno) else {
                throw RunStoreError.system("cannot move the saved run into place at", final)
            }
        }
    }

    static func weights(of model: Autoencoder, config: TrainingConfig) throws -> Data {
        let tensors = model.parameters.map { parameter in
            let shape = parameter.name.hasSuffix(".bias") ? [parameter.value.cols] : [parameter.value.rows, parameter.value.cols]
            return (name: parameter.name, tensor: Safetensors.Tensor(shape: shape, values: parameter.value.toArray()))
        }
        let configJSON = String(decoding: try encoder().encode(config), as: UTF8.self)
        return try Safetensors.encode(tensors, metadata: [
            "format": "aetui", "layout": "weight [inputs, outputs]; y = x @ weight + bias", "config": configJSON,
        ])
    }

    /// A saved run's config and a model carrying its weights. Everything is checked before the
    /// model is built: the config as for training, its memory estimate against this machine, and
    /// every tensor's dtype and exact shape; weights that are NaN or infinite are refused.
    public static func load(_ directory: URL, capacity: Int = 256) throws -> (config: TrainingConfig, model: Autoencoder, summary: RunSummary?) {
        let configURL = directory.appendingPathComponent(configFile)
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw DataError(path: configURL.path, problem: "not found: is \(directory.path) a saved run folder?")
        }
        let configData = try smallFile(configURL)
        let config: TrainingConfig
        do {
            config = try decoder().decode(TrainingConfig.self, from: configData)
        } catch let error as DecodingError {
            throw DataError(path: configURL.path, problem: "not a valid run config (\(JSONProblem.describeDecoding(error, data: configData)))")
        }
        if let problem = config.validationProblem() {
            throw DataError(path: configURL.path, problem: "field '\(problem.field)' \(problem.problem)")
        }
        if let problem = config.memoryProblem() { throw DataError(path: configURL.path, problem: problem) }
        let weightsURL = directory.appendingPathComponent(weightsFile)
        // Within the memory estimate, so this cannot overflow: the parameters, a header, no more.
        let largest = 8 + Safetensors.maximumHeaderBytes + (config.parameterBytes ?? Int.max / 2)
        // A regular file of at most that, refused unread otherwise (a FIFO would block the read).
        guard let weightData = try smallFileIfPresent(weightsURL, limit: largest, tooLarge: "more than the weights of \(config.architecture) can take") else {
            throw DataError(path: weightsURL.path, problem: "not found")
        }
        let tensors = try Safetensors.decode(weightData, path: weightsURL.path)
        let model = Autoencoder(config: config, capacity: capacity)
        let parameters = model.parameters
        if let stray = tensors.keys.sorted().first(where: { name in !parameters.contains { $0.name == name } }) {
            throw DataError(path: weightsURL.path, problem: "tensor \(stray) is not part of the \(config.architecture) model its config describes")
        }
        for parameter in parameters {
            guard let tensor = tensors[parameter.name] else {
                throw DataError(path: weightsURL.path, problem: "tensor \(parameter.name) is missing")
            }
            let shape = parameter.name.hasSuffix(".bias") ? [parameter.value.cols] : [parameter.value.rows, parameter.value.cols]
            guard tensor.shape == shape else {
                throw DataError(path: weightsURL.path, problem: "tensor \(parameter.name) has shape \(tensor.shape), the config needs \(shape)")
            }
            let broken = tensor.values.count { !$0.isFinite }
            guard broken == 0 else {
                throw DataError(path: weightsURL.path, problem: "tensor \(parameter.name) holds \(broken) NaN or infinite values: the run diverged or the file is damaged")
            }
            parameter.value.copy(from: tensor.values)
        }
        // The summary only informs: a damaged one is read as none.
        let summary = (try? smallFile(directory.appendingPathComponent(summaryFile))).flatMap { try? decoder().decode(RunSummary.self, from: $0) }
        return (config, model, summary)
    }

    /// The most a run's JSON files take (they are a few kilobytes).
    static let maximumJSONBytes = 16 << 20

    /// A run's file, refused unread when it is not a regular file of at most `limit` bytes (a
    /// JSON file's by default; `tooLarge` says what holds that many in the error).
    static func smallFile(_ url: URL, limit: Int = maximumJSONBytes,
                          tooLarge: String = "far more than a run's JSON file holds") throws -> Data {
        guard let data = try smallFileIfPresent(url, limit: limit, tooLarge: tooLarge) else {
            throw DataError(path: url.path, problem: "is not a regular file")
        }
        return data
    }

    /// `smallFile`, or nil when nothing at all is at `url` (so the caller can say it is missing).
    static func smallFileIfPresent(_ url: URL, limit: Int = maximumJSONBytes,
                                   tooLarge: String = "far more than a run's JSON file holds") throws -> Data? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return nil }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw DataError(path: url.path, problem: "is not a regular file")
        }
        if let size = attributes[.size] as? Int, size > limit {
            throw DataError(path: url.path, problem: "is \(size) bytes, \(tooLarge) (at most \(limit))")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw DataError(path: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
    }
}

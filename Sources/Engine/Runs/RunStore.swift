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
    public var warnings: [String]
    public var kernel: String
    public var threads: Int
    public var dataDirectory: String
    public var totalSeconds: Double
    public var created: String
    /// Runs of `aetui anomaly`: the detector's figures (per-image scores in `TestScores.fileName`).
    public var anomaly: AnomalyReport?

    enum CodingKeys: String, CodingKey {
        case name, status, message, test, last, best, warnings, kernel, threads, created, anomaly
        case epochsCompleted = "epochs_completed", dataDirectory = "data_directory", totalSeconds = "total_seconds"
    }
}

/// Saves runs as folders: `config.json`, `metrics.jsonl`, `weights.safetensors`, `summary.json`.
///
/// A run is written into a hidden temporary folder and renamed into place, so a crash or Ctrl-C
/// never leaves a half-written run; saving again replaces the earlier folder the same way.
public enum RunStore {
    public static let configFile = "config.json"
    public static let metricsFile = "metrics.jsonl"
    public static let weightsFile = "weights.safetensors"
    public static let summaryFile = "summary.json"

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

    /// The folder name: time, model and headline figure, e.g. `20261129-101200-supervised-val_acc=0.951`.
    public static func runName(config: TrainingConfig, outcome: TrainingOutcome, date: Date, anomaly: AnomalyReport? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var name = "\(formatter.string(from: date))-\(config.model.rawValue)"
        if let split = anomaly?.split { name += "-anomaly-normal=\(AnomalySplit.describe(split.normal))" }
        if outcome.status != .finished { name += "-\(outcome.status.rawValue)" }
        if let accuracy = outcome.test?.valAccuracy ?? outcome.epochs.last?.valAccuracy {
            name += String(format: "-val_acc=%.3f", accuracy)
        } else if let probe = outcome.test?.valProbeAccuracy ?? outcome.epochs.last(where: { $0.probeAccuracy != nil })?.probeAccuracy {
            name += String(format: "-probe_acc=%.3f", probe)
        }
        return name
    }

    /// Writes the run and returns its folder. `replacing` an earlier save of the same run removes
    /// that folder once the new one is in place.
    @discardableResult
    public static func save(config: TrainingConfig, outcome: TrainingOutcome, model: Autoencoder, kernel: String,
                            threads: Int, dataDirectory: String, runsDirectory: URL, date: Date = Date(),
                            replacing previous: URL? = nil, anomaly: (report: AnomalyReport, scores: TestScores)? = nil) throws -> URL {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: runsDirectory, withIntermediateDirectories: true)
        let name = runName(config: config, outcome: outcome, date: date, anomaly: anomaly?.report)
        var final = runsDirectory.appendingPathComponent(name)
        var suffix = 2
        while fileManager.fileExists(atPath: final.path) && final.standardizedFileURL != previous?.standardizedFileURL {
            final = runsDirectory.appendingPathComponent("\(name)-\(suffix)")
            suffix += 1
        }
        let staging = runsDirectory.appendingPathComponent(".partial-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            let json = encoder()
            let pretty = encoder()
            pretty.outputFormatting = [.sortedKeys, .prettyPrinted]
            try pretty.encode(config).write(to: staging.appendingPathComponent(configFile))
            var lines = Data()
            for epoch in outcome.epochs {
                lines.append(try json.encode(epoch))
                lines.append(0x0A)
            }
            try lines.write(to: staging.appendingPathComponent(metricsFile))
            try weights(of: model, config: config).write(to: staging.appendingPathComponent(weightsFile))
            let summary = RunSummary(name: final.lastPathComponent, status: outcome.status, message: outcome.message,
                                     epochsCompleted: outcome.epochs.count, test: outcome.test, last: outcome.epochs.last, best: outcome.bestEpoch,
                                     warnings: outcome.warnings, kernel: kernel, threads: threads,
                                     dataDirectory: dataDirectory, totalSeconds: outcome.totalSeconds,
                                     created: ISO8601DateFormatter().string(from: date), anomaly: anomaly?.report)
            if let scores = anomaly?.scores {
                try scores.encoded().write(to: staging.appendingPathComponent(TestScores.fileName))
            }
            try pretty.encode(summary).write(to: staging.appendingPathComponent(summaryFile))
            if let previous, fileManager.fileExists(atPath: previous.path) {
                try fileManager.removeItem(at: previous)
            }
            guard rename(staging.path, final.path) == 0 else {
                throw DataError(path: final.path, problem: "cannot move the saved run into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
        return final
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

    /// A saved run's config and a model carrying its weights.
    public static func load(_ directory: URL, capacity: Int = 256) throws -> (config: TrainingConfig, model: Autoencoder, summary: RunSummary?) {
        let configURL = directory.appendingPathComponent(configFile)
        guard let configData = try? Data(contentsOf: configURL) else {
            throw DataError(path: configURL.path, problem: "not found: is \(directory.path) a saved run folder?")
        }
        let config: TrainingConfig
        do {
            config = try decoder().decode(TrainingConfig.self, from: configData)
        } catch {
            throw DataError(path: configURL.path, problem: "not a valid run config (\(error))")
        }
        if let problem = config.validationError() { throw DataError(path: configURL.path, problem: problem) }
        let weightsURL = directory.appendingPathComponent(weightsFile)
        guard let weightData = try? Data(contentsOf: weightsURL) else {
            throw DataError(path: weightsURL.path, problem: "not found")
        }
        let tensors = try Safetensors.decode(weightData, path: weightsURL.path)
        let model = Autoencoder(config: config, capacity: capacity)
        for parameter in model.parameters {
            guard let tensor = tensors[parameter.name] else {
                throw DataError(path: weightsURL.path, problem: "tensor \(parameter.name) is missing")
            }
            guard tensor.values.count == parameter.value.count else {
                throw DataError(path: weightsURL.path, problem: "tensor \(parameter.name) has shape \(tensor.shape), the config needs \(parameter.value.rows)x\(parameter.value.cols)")
            }
            parameter.value.copy(from: tensor.values)
        }
        let summary = try? decoder().decode(RunSummary.self, from: Data(contentsOf: directory.appendingPathComponent(summaryFile)))
        return (config, model, summary)
    }
}

import Foundation

/// Where a trial is in its life, as `search.json` records it.
public enum TrialState: String, Codable, Sendable, CaseIterable {
    case pending, running, finished, stopped, diverged
    case earlyStopped = "early-stopped"

    /// Done for good: a resumed search skips it. A stopped or interrupted (`running`) trial runs again.
    public var isDone: Bool { self == .finished || self == .earlyStopped || self == .diverged }

    public init(_ status: RunStatus) {
        switch status {
        case .finished: self = .finished
        case .stopped, .running: self = .stopped
        case .diverged: self = .diverged
        case .earlyStopped: self = .earlyStopped
        }
    }
}

/// One trial of a search: its values, its state, its run folder and its headline figures (those of
/// its best epoch by the model's validation metric), and its validation curves.
public struct TrialRecord: Codable, Sendable, Equatable {
    public var index: Int
    /// The combination's index in the full grid.
    public var gridIndex: Int
    /// Each searched key's value (`SearchKey` raw names).
    public var values: [String: String]
    public var model: ModelKind
    public var state: TrialState = .pending
    /// The run folder, inside the search folder.
    public var run: String?
    /// `host:pid` of the process running it, while it runs.
    public var worker: String?
    public var valLoss: Float?
    public var valAccuracy: Double?
    public var probeAccuracy: Double?
    public var bestEpoch: Int?
    public var epochsRun: Int?
    public var seconds: Double?
    public var message: String?
    /// Validation loss and (supervised) validation accuracy per epoch.
    public var lossCurve: [Float] = []
    public var accuracyCurve: [Double] = []

    enum CodingKeys: String, CodingKey {
        case index, values, model, state, run, worker, seconds, message
        case gridIndex = "grid_index", valLoss = "val_loss", valAccuracy = "val_accuracy", probeAccuracy = "probe_accuracy"
        case bestEpoch = "best_epoch", epochsRun = "epochs_run", lossCurve = "loss_curve", accuracyCurve = "accuracy_curve"
    }

    /// The figure it is ranked by (see `ValidationMetric`).
    public var rankingValue: Double? {
        ValidationMetric(for: model) == .accuracy ? valAccuracy : valLoss.map(Double.init)
    }

    /// The same trial with nothing measured yet: pending, its figures and curves gone (a trial
    /// trained again must not show its earlier run's figures as its own).
    public var cleared: TrialRecord { TrialRecord(index: index, gridIndex: gridIndex, values: values, model: model) }

    /// Takes in how its run ended.
    public mutating func record(_ outcome: TrainingOutcome, run folder: String?) {
        state = TrialState(outcome.status)
        run = folder
        worker = nil
        message = outcome.message
        epochsRun = outcome.epochs.count
        seconds = outcome.totalSeconds
        lossCurve = outcome.epochs.map(\.valLoss)
        accuracyCurve = outcome.epochs.compactMap(\.valAccuracy)
        let best = outcome.bestEpoch
        bestEpoch = best?.epoch
        valLoss = best?.valLoss
        valAccuracy = best?.valAccuracy
        probeAccuracy = best?.probeAccuracy ?? outcome.test?.valProbeAccuracy
    }
}

/// `search.json`: the grid, the base config, how trials were chosen, and every trial's state.
public struct SearchManifest: Codable, Sendable, Equatable {
    public var version = 1
    public var grid: [String: [String]]
    public var base: TrainingConfig
    /// `--random N`, or nil for the whole grid.
    public var random: Int?
    public var searchSeed: UInt64
    public var created: String
    public var trials: [TrialRecord]

    enum CodingKeys: String, CodingKey {
        case version, grid, base, random, created, trials
        case searchSeed = "search_seed"
    }

    /// A new search: one pending trial per chosen combination.
    public init(grid: SearchGrid, base: TrainingConfig, random: Int?, searchSeed: UInt64, date: Date = Date()) throws {
        self.grid = Dictionary(uniqueKeysWithValues: grid.values.map { ($0.key.rawValue, $0.values) })
        self.base = base
        self.random = random
        self.searchSeed = searchSeed
        created = ISO8601DateFormatter().string(from: date)
        trials = try grid.trialIndexes(random: random, seed: searchSeed).enumerated().map { index, gridIndex in
            let choice = grid.choice(gridIndex)
            let config = try grid.config(for: choice, base: base)
            return TrialRecord(index: index, gridIndex: gridIndex,
                               values: Dictionary(uniqueKeysWithValues: choice.map { ($0.key.rawValue, $0.value) }), model: config.model)
        }
    }

    /// The grid back from its recorded values.
    public func searchGrid() throws -> SearchGrid {
        var result = SearchGrid()
        for (name, list) in grid {
            guard let key = SearchKey(rawValue: name) else { throw SearchError("search.json: unknown key '\(name)'") }
            try result.set(key, list, base: base, refusingRepeats: false)
        }
        return result
    }

    /// The full config of a trial.
    public func config(of trial: TrialRecord) throws -> TrainingConfig {
        try config(of: trial, in: searchGrid())
    }

    /// Every trial's config, in order, the grid built once (a long grid read back stays linear).
    public func configs() throws -> [TrainingConfig] {
        let grid = try searchGrid()
        return try trials.map { try config(of: $0, in: grid) }
    }

    private func config(of trial: TrialRecord, in grid: SearchGrid) throws -> TrainingConfig {
        let choice = Dictionary(uniqueKeysWithValues: try trial.values.map { name, value -> (SearchKey, String) in
            guard let key = SearchKey(rawValue: name) else { throw SearchError("search.json: trial \(trial.index): unknown key '\(name)'") }
            return (key, value)
        })
        return try grid.config(for: choice, base: base)
    }

    /// A folder name that is the same for the same search, so running the same command again
    /// finds and resumes it: `search-` and 8 hex digits of a hash (FNV-1a) of what decides the trials.
    public var folderName: String {
        struct Identity: Encodable {
            let grid: [String: [String]], base: TrainingConfig, random: Int?, seed: UInt64
        }
        let bytes = (try? RunStore.encoder().encode(Identity(grid: grid, base: base, random: random, seed: searchSeed))) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "search-" + String(String(hash, radix: 16).suffix(8))
    }

    /// The same search: grid, base config and choice of trials (what decides the trials).
    public func isSameSearch(as other: SearchManifest) -> Bool {
        grid == other.grid && base == other.base && random == other.random && searchSeed == other.searchSeed
    }
}

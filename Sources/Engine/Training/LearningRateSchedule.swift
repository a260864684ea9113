import Foundation

/// How the learning rate moves over the epochs of a run. The rate is set once per epoch (as
/// Keras' `LearningRateScheduler`); a front end's own changes (the lab's `+`/`-`) scale it.
public struct LearningRateSchedule: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The base rate throughout.
        case constant
        /// Half a cosine from the base rate (first epoch after warm-up) to `minimum` (last epoch).
        case cosine
        /// The base rate times `gamma` every `stepEpochs` epochs after warm-up.
        case step
        /// Keras `ReduceLROnPlateau`: times `factor` once the validation figure has not improved
        /// for `plateauPatience` epochs, never below `minimum`.
        case plateau
    }

    public var kind: Kind = .constant
    /// The floor of cosine and plateau.
    public var minimum: Float = 0
    /// Epochs of linear warm-up (base · e / warmup for epoch e) before the schedule starts.
    public var warmupEpochs: Int = 0
    public var stepEpochs: Int = 30
    public var gamma: Float = 0.1
    public var plateauPatience: Int = 5
    public var plateauFactor: Float = 0.5

    public init(kind: Kind = .constant) { self.kind = kind }

    enum CodingKeys: String, CodingKey {
        case kind, minimum = "min", gamma
        case warmupEpochs = "warmup_epochs", stepEpochs = "step_epochs"
        case plateauPatience = "plateau_patience", plateauFactor = "plateau_factor"
    }

    /// Missing fields take their defaults.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var schedule = LearningRateSchedule()
        schedule.kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? schedule.kind
        schedule.minimum = try container.decodeIfPresent(Float.self, forKey: .minimum) ?? schedule.minimum
        schedule.warmupEpochs = try container.decodeIfPresent(Int.self, forKey: .warmupEpochs) ?? schedule.warmupEpochs
        schedule.stepEpochs = try container.decodeIfPresent(Int.self, forKey: .stepEpochs) ?? schedule.stepEpochs
        schedule.gamma = try container.decodeIfPresent(Float.self, forKey: .gamma) ?? schedule.gamma
        schedule.plateauPatience = try container.decodeIfPresent(Int.self, forKey: .plateauPatience) ?? schedule.plateauPatience
        schedule.plateauFactor = try container.decodeIfPresent(Float.self, forKey: .plateauFactor) ?? schedule.plateauFactor
        self = schedule
    }

    /// The rate of epoch `epoch` (1-based) of `epochs`, before plateau reductions and any
    /// front end's factor.
    public func rate(base: Float, epoch: Int, epochs: Int) -> Float {
        if epoch <= warmupEpochs { return base * Float(epoch) / Float(warmupEpochs) }
        let since = epoch - warmupEpochs - 1
        switch kind {
        case .constant, .plateau:
            return base
        case .cosine:
            let span = max(1, epochs - warmupEpochs - 1)
            let progress = Double(min(since, span)) / Double(span)
            return minimum + (base - minimum) * Float(0.5 * (1 + cos(Double.pi * progress)))
        case .step:
            return base * pow(gamma, Float(since / max(1, stepEpochs)))
        }
    }
}

/// Keras `ReduceLROnPlateau` (cooldown 0, `min_delta` 0) on the run's validation figure: after
/// each epoch, an improvement resets the wait; a wait of `patience` epochs multiplies the rate by
/// `factor` (down to `minimum`) and starts a new wait.
public struct PlateauReducer: Sendable {
    public let patience: Int
    public let factor: Float
    public let minimum: Float
    public let metric: ValidationMetric
    private var best: Double?
    private var wait = 0

    public init(patience: Int, factor: Float, minimum: Float, metric: ValidationMetric) {
        self.patience = patience
        self.factor = factor
        self.minimum = minimum
        self.metric = metric
    }

    /// Takes in one epoch and the rate it trained with; the rate for the next epoch.
    public mutating func rate(after metrics: EpochMetrics, current: Float) -> Float {
        guard let value = metric.value(of: metrics) else { return current }
        if metric.improves(value, on: best) {
            best = value
            wait = 0
            return current
        }
        wait += 1
        guard wait >= patience else { return current }
        wait = 0
        return max(current * factor, minimum)
    }
}

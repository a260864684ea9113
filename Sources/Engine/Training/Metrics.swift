/// What one epoch measured. Encoded as one line of `metrics.jsonl` (snake_case keys).
public struct EpochMetrics: Codable, Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Float
    public var trainMSE: Float
    public var valLoss: Float
    public var valMSE: Float
    /// Supervised only: validation cross-entropy and classifier-head accuracy.
    public var valCrossEntropy: Float?
    public var valAccuracy: Double?
    /// k-NN (k = 5) accuracy of validation codes against training codes, when computed.
    public var probeAccuracy: Double?
    /// Seconds of training steps in this epoch (evaluation excluded), and evaluation seconds.
    public var seconds: Double
    public var evalSeconds: Double
    public var samplesPerSecond: Double
    public var learningRate: Float
    /// How many validation images the epoch was evaluated on and how many training codes the probe
    /// was fitted on: the first N of each set when epochs are evaluated on subsets (nil in runs
    /// saved before these were kept).
    public var valImages: Int?
    public var probeReferences: Int?

    enum CodingKeys: String, CodingKey {
        case epoch, seconds
        case trainLoss = "train_loss", trainMSE = "train_mse", valLoss = "val_loss", valMSE = "val_mse"
        case valCrossEntropy = "val_ce", valAccuracy = "val_accuracy", probeAccuracy = "probe_accuracy"
        case evalSeconds = "eval_seconds", samplesPerSecond = "samples_per_second", learningRate = "learning_rate"
        case valImages = "val_images", probeReferences = "probe_references"
    }
}

/// Held-out figures of a trained model.
public struct TestMetrics: Codable, Sendable, Equatable {
    public var testLoss: Float
    public var testMSE: Float
    public var testCrossEntropy: Float?
    public var testAccuracy: Double?
    public var valAccuracy: Double?
    /// k-NN probe (fit on training codes) scored on validation and test codes.
    public var valProbeAccuracy: Double
    public var testProbeAccuracy: Double

    enum CodingKeys: String, CodingKey {
        case testLoss = "test_loss", testMSE = "test_mse", testCrossEntropy = "test_ce"
        case testAccuracy = "test_accuracy", valAccuracy = "val_accuracy"
        case valProbeAccuracy = "val_probe_accuracy", testProbeAccuracy = "test_probe_accuracy"
    }
}

public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case finished, stopped, diverged
    /// Ended by early stopping (`patience`): the validation figure stopped improving.
    case earlyStopped = "early-stopped"
    /// Saved mid-training, on request.
    case running
}

/// How a training run ended and what it measured.
public struct TrainingOutcome: Sendable {
    public var status: RunStatus
    public var message: String?
    public var epochs: [EpochMetrics]
    public var test: TestMetrics?
    /// Problems seen, in order (a divergence is the last).
    public var hints: [TrainingHint]
    /// Every change of the learning rate the run trained with (replayed and new), in order.
    public var learningRateChanges: [LearningRateChange]
    public var totalSeconds: Double
    /// The epoch whose weights the run kept (tested and saved): the best on validation with
    /// `keep: best`, else the last one trained.
    public var keptEpoch: Int? = nil
    /// The probe images' codes after each epoch, saved with the run.
    public var timeLapse: LatentTimeLapse? = nil

    /// The epoch with the best validation figure (see `ValidationMetric`), the first on a tie.
    /// Reported beside the final epoch, never in its place.
    public var bestEpoch: EpochMetrics? {
        guard let first = epochs.first else { return nil }
        let metric = ValidationMetric(for: first.valAccuracy == nil ? .standard : .supervised)
        return metric.best(of: epochs)
    }
}

/// The validation figure that ranks epochs and runs, stops a run early and names the best epoch:
/// validation loss for the standard model (lower is better), the classifier head's validation
/// accuracy for the supervised one (higher is better).
public enum ValidationMetric: String, Sendable {
    case loss = "val_loss"
    case accuracy = "val_accuracy"

    public init(for model: ModelKind) { self = model == .supervised ? .accuracy : .loss }

    public func value(of metrics: EpochMetrics) -> Double? {
        switch self {
        case .loss: metrics.valLoss.isFinite ? Double(metrics.valLoss) : nil
        case .accuracy: metrics.valAccuracy
        }
    }

    /// Whether `candidate` beats `incumbent` (strictly; Keras' `min_delta` of 0).
    public func improves(_ candidate: Double, on incumbent: Double?) -> Bool {
        guard let incumbent else { return true }
        return self == .loss ? candidate < incumbent : candidate > incumbent
    }

    /// The best epoch, the earliest on a tie.
    public func best(of epochs: [EpochMetrics]) -> EpochMetrics? {
        var best: EpochMetrics?, bestValue: Double?
        for epoch in epochs {
            guard let value = value(of: epoch), improves(value, on: bestValue) else { continue }
            best = epoch
            bestValue = value
        }
        return best
    }
}

/// Keras `EarlyStopping` on the validation metric: after each epoch, an improvement resets the
/// wait; otherwise the wait grows, and the run stops once it reaches `patience`.
public struct EarlyStopping: Sendable {
    public let patience: Int
    public let metric: ValidationMetric
    public private(set) var best: Double?
    public private(set) var bestEpoch: Int?
    private var wait = 0

    public init(patience: Int, metric: ValidationMetric) {
        self.patience = patience
        self.metric = metric
    }

    /// Takes in one epoch; true when training should stop after it.
    public mutating func shouldStop(after metrics: EpochMetrics) -> Bool {
        guard let value = metric.value(of: metrics) else { return false }
        wait += 1
        if metric.improves(value, on: best) {
            best = value
            bestEpoch = metrics.epoch
            wait = 0
            return false
        }
        return wait >= patience
    }
}

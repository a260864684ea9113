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

public enum RunStatus: String, Codable, Sendable {
    case finished, stopped, diverged
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

    /// The epoch with the best validation figure: classifier accuracy for the supervised model,
    /// the k-NN probe for the standard one. Reported beside the final epoch, never in its place.
    public var bestEpoch: EpochMetrics? {
        epochs.max { ($0.valAccuracy ?? $0.probeAccuracy ?? 0) < ($1.valAccuracy ?? $1.probeAccuracy ?? 0) }
    }
}

/// A problem the engine saw in a run, as values: what happened, the figures that show it, and
/// the changes that should help. The engine words none of it for a particular front end: the CLI
/// names flags, the lab names keys.
public struct TrainingHint: Codable, Sendable, Equatable {
    public enum Cause: String, Codable, Sendable {
        /// The loss became NaN or infinite.
        case diverged
        /// Bottleneck units dead (ReLU: zero for every probe image) or constant.
        case collapsedBottleneck = "collapsed_bottleneck"
        /// Every loss finite, but the validation loss ended far above its best or the classifier
        /// at chance: a divergence in all but name.
        case validationDiverged = "validation_diverged"
        /// The validation loss rising for several epochs past its best while the training loss
        /// falls: the model learns the training images, not the digits.
        case overfitting
        /// The training loss still flat some epochs in: the learning rate is too low to learn.
        case learningRateTooLow = "learning_rate_too_low"
    }

    /// A change to the run's configuration that addresses the cause.
    public enum Fix: String, Codable, Sendable {
        case lowerLearningRate = "lower_learning_rate"
        case linearBottleneck = "linear_bottleneck"
        case anotherSeed = "another_seed"
        /// End the run now and keep its best validation epoch's weights.
        case stopAtBestEpoch = "stop_at_best_epoch"
        case raiseLearningRate = "raise_learning_rate"

        /// How much the rate fixes scale the rate a hint names.
        public static let rateFactor: Float = 10

        /// The rate this fix suggests instead of `learningRate`: a tenth after a divergence, ten
        /// times when too low to learn; nil for a fix that keeps the rate.
        public func suggestedLearningRate(from learningRate: Float) -> Float? {
            switch self {
            case .lowerLearningRate: learningRate / Self.rateFactor
            case .raiseLearningRate: learningRate * Self.rateFactor
            case .linearBottleneck, .anotherSeed, .stopAtBestEpoch: nil
            }
        }
    }

    public var cause: Cause
    /// When it was seen: the epoch, and the batch within it when it was seen during training.
    public var epoch: Int
    public var batch: Int?
    /// The figures, in plain words: "loss is NaN at learning rate 0.5", "bottleneck units 0, 1 of 2 are dead (zero for every probe image)".
    public var evidence: String
    /// The learning rate in force, for fixes that scale it.
    public var learningRate: Float
    public var fixes: [Fix]

    /// Where and what, with no advice: "epoch 3, batch 12: loss is NaN at learning rate 0.5".
    public var summary: String {
        "epoch \(epoch)\(batch.map { ", batch \($0)" } ?? ""): \(evidence)"
    }
}

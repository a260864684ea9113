/// A learning rate too low to learn: the training loss still about where it started a few epochs
/// in. A healthy run (even one whose bottleneck died) loses far more than this in its first epoch;
/// a rate far too high moves the loss too, usually up, within the first batches.
public enum SlowStart {
    /// Epochs (after any warm-up) the loss is given to fall.
    public static let epochs = 2
    /// The starting loss is the mean of this many first batches.
    public static let startBatches = 5
    /// The least change, as a share of the starting loss, that is not flat.
    public static let minimumChange: Float = 0.05

    /// The hint for a run whose mean training loss of its latest epoch lies within `minimumChange`
    /// of `startLoss` (either way); checked once, after epoch `warmupEpochs + epochs`.
    public static func hint(startLoss: Float, last: EpochMetrics, warmupEpochs: Int, learningRate: Float) -> TrainingHint? {
        guard last.epoch == warmupEpochs + epochs, startLoss > 0, startLoss.isFinite else { return nil }
        let fall = (startLoss - last.trainLoss) / startLoss
        guard abs(fall) < minimumChange else { return nil }
        let change = fall >= 0 ? "fell only \(percentText(Double(fall)))" : "rose \(percentText(Double(-fall)))"
        let evidence = "training loss \(change) in \(last.epoch) epochs (\(decimal(startLoss)) at the start -> \(decimal(last.trainLoss))) at learning rate \(learningRate)"
        return TrainingHint(cause: .learningRateTooLow, epoch: last.epoch, batch: nil, evidence: evidence,
                            learningRate: learningRate, fixes: [.raiseLearningRate])
    }

    /// Four digits: a flat loss still shows that it moved.
    private static func decimal(_ value: Float) -> String { String(format: "%.4g", value) }
}

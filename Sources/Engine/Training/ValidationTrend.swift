import Foundation

/// What the validation figures say across epochs. Divergence that leaves every loss finite: a run
/// whose validation loss ends far above its best, or whose classifier ends at chance, finished
/// nothing worth a clean "finished". Overfitting: the validation loss rising past its best while
/// the training loss still falls.
public enum ValidationTrend {
    /// The last validation loss above this multiple of the best one is divergence, not noise.
    public static let lossRatio: Float = 2
    /// A supervised run's last validation accuracy at or below this is chance (10 classes: 10%).
    public static let chanceAccuracy = 0.15

    /// The hint for a run whose validation figures ended far from their best, or nil.
    public static func degradationHint(_ epochs: [EpochMetrics], learningRate: Float) -> TrainingHint? {
        guard let last = epochs.last, let best = epochs.min(by: { $0.valLoss < $1.valLoss }) else { return nil }
        var evidence: String?
        if last.valLoss > lossRatio * best.valLoss {
            evidence = "validation loss ends at \(decimal(last.valLoss)), \(decimal(last.valLoss / best.valLoss))× its best (\(decimal(best.valLoss)) at epoch \(best.epoch))"
        } else if let accuracy = last.valAccuracy, accuracy <= chanceAccuracy, fellBackOrStalled(epochs) {
            evidence = "validation accuracy ends at \(percentText(accuracy)), chance level for \(TrainingConfig.classes) classes"
        }
        guard let evidence else { return nil }
        return TrainingHint(cause: .validationDiverged, epoch: last.epoch, batch: nil, evidence: evidence,
                            learningRate: learningRate, fixes: [.lowerLearningRate])
    }

    /// Whether a classifier at chance diverged rather than not learned yet: it was above chance
    /// once, or over two epochs or more its training loss stopped falling. A short run still
    /// learning (a single epoch, a few steps, a slow optimizer) is at chance without diverging.
    static func fellBackOrStalled(_ epochs: [EpochMetrics]) -> Bool {
        guard let first = epochs.first, let last = epochs.last else { return false }
        if epochs.contains(where: { ($0.valAccuracy ?? 0) > chanceAccuracy }) { return true }
        return epochs.count >= 2 && last.trainLoss >= first.trainLoss * (1 - SlowStart.minimumChange)
    }

    /// Overfitting is seen once the validation loss has not improved for this many epochs and rose over them.
    public static let overfittingEpochs = 3
    /// The least rise above the best validation loss that counts, so that noise on a plateau does not.
    public static let minimumRise: Float = 0.02

    /// The hint for a run whose validation loss rose over its last `overfittingEpochs` epochs, with
    /// no new best among them and at least `minimumRise` above the best, while its training loss
    /// fell over the same epochs; or nil.
    public static func overfittingHint(_ epochs: [EpochMetrics], learningRate: Float) -> TrainingHint? {
        let window = overfittingEpochs
        guard epochs.count > window, let last = epochs.last,
              let best = epochs.min(by: { $0.valLoss < $1.valLoss }) else { return nil }
        let start = epochs[epochs.count - 1 - window]
        guard best.epoch <= start.epoch, last.valLoss > start.valLoss, last.valLoss >= best.valLoss * (1 + minimumRise),
              last.trainLoss < start.trainLoss else { return nil }
        let evidence = "validation loss rose for \(window) epochs (\(decimal(start.valLoss)) at epoch \(start.epoch) -> \(decimal(last.valLoss)); best \(decimal(best.valLoss)) at epoch \(best.epoch)) while training loss fell (\(decimal(start.trainLoss)) -> \(decimal(last.trainLoss)))"
        return TrainingHint(cause: .overfitting, epoch: last.epoch, batch: nil, evidence: evidence,
                            learningRate: learningRate, fixes: [.stopAtBestEpoch])
    }

    private static func decimal(_ value: Float) -> String {
        String(format: "%.3g", value)
    }
}

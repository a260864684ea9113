import Foundation

/// Divergence that leaves every loss finite: a run whose validation loss ends far above its
/// best, or whose classifier ends at chance, finished nothing worth a clean "finished".
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
        } else if let accuracy = last.valAccuracy, accuracy <= chanceAccuracy {
            evidence = "validation accuracy ends at \(percentText(accuracy)), chance level for \(TrainingConfig.classes) classes"
        }
        guard let evidence else { return nil }
        return TrainingHint(cause: .validationDiverged, epoch: last.epoch, batch: nil, evidence: evidence,
                            learningRate: learningRate, fixes: [.lowerLearningRate])
    }

    private static func decimal(_ value: Float) -> String {
        String(format: "%.3g", value)
    }
}

@testable import Engine
import Foundation
import TestSupport

/// Saved runs and searches to browse, made without training: a model with its initial weights and
/// made-up epochs.
enum SavedRuns {
    static func epochs(_ losses: [Float], accuracy: Double?) -> [EpochMetrics] {
        losses.enumerated().map { index, loss in
            EpochMetrics(epoch: index + 1, trainLoss: loss, trainMSE: loss, valLoss: loss, valMSE: loss, valCrossEntropy: nil,
                         valAccuracy: accuracy.map { $0 * Double(index + 1) / Double(losses.count) }, probeAccuracy: 0.5,
                         seconds: 1, evalSeconds: 0.1, samplesPerSecond: 1000, learningRate: 0.01)
        }
    }

    /// Saves a small run with `losses` per epoch (and a time-lapse, if given); returns its folder.
    @discardableResult
    static func save(in directory: URL, model: ModelKind, learningRate: Float, losses: [Float], hints: [TrainingHint] = [],
                     timeLapse: LatentTimeLapse? = nil) throws -> URL {
        var config = TrainingConfig()
        config.model = model
        config.layers = [16, 2]
        config.classifier = [8]
        config.learningRate = learningRate
        config.epochs = losses.count
        let autoencoder = Autoencoder(config: config, capacity: 8)
        autoencoder.initialize(seed: 1)
        let outcome = TrainingOutcome(status: .finished, message: nil, epochs: epochs(losses, accuracy: model == .supervised ? 0.9 : nil),
                                      test: nil, hints: hints, learningRateChanges: [], totalSeconds: 2, timeLapse: timeLapse)
        return try RunStore.save(config: config, outcome: outcome, model: autoencoder, kernel: "test", threads: 1,
                                 dataDirectory: "-", runsDirectory: directory)
    }
}

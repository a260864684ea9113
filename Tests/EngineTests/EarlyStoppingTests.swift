@testable import Engine
import TestSupport
import Testing

@Suite struct EarlyStoppingTests {
    static func epoch(_ number: Int, loss: Float, accuracy: Double? = nil) -> EpochMetrics {
        EpochMetrics(epoch: number, trainLoss: loss, trainMSE: loss, valLoss: loss, valMSE: loss, valCrossEntropy: nil,
                     valAccuracy: accuracy, probeAccuracy: nil, seconds: 0, evalSeconds: 0, samplesPerSecond: 0, learningRate: 0.01)
    }

    /// Keras: an improvement resets the wait; the run stops once `patience` epochs in a row did not improve.
    @Test(arguments: [
        ([0.5, 0.4, 0.45, 0.41, 0.42], 2, 4, 2),     // two epochs without beating 0.4
        ([0.5, 0.4, 0.45, 0.39, 0.42, 0.40], 2, 6, 4), // 0.39 resets the wait
        ([0.5, 0.5, 0.5], 1, 2, 1),                  // equal is not better (min_delta 0)
        ([0.5, 0.4, 0.3, 0.2], 1, nil, 4),           // always improving: never stops
    ] as [([Float], Int, Int?, Int)])
    func lossStopsAfterPatienceEpochsWithoutImprovement(losses: [Float], patience: Int, stopsAt: Int?, best: Int) {
        var stopping = EarlyStopping(patience: patience, metric: .loss)
        let stopped = losses.enumerated().first { stopping.shouldStop(after: Self.epoch($0.offset + 1, loss: $0.element)) }
        #expect(stopped.map { $0.offset + 1 } == stopsAt)
        #expect(stopping.bestEpoch == best)
    }

    @Test func accuracyMustRise() {
        var stopping = EarlyStopping(patience: 2, metric: .accuracy)
        let accuracies = [0.5, 0.7, 0.69, 0.7]
        let decisions = accuracies.enumerated().map { stopping.shouldStop(after: Self.epoch($0.offset + 1, loss: 1, accuracy: $0.element)) }
        #expect(decisions == [false, false, false, true])
        #expect(stopping.best == 0.7)
        #expect(stopping.bestEpoch == 2)
    }

    @Test func theMetricFollowsTheModel() {
        #expect(ValidationMetric(for: .standard) == .loss)
        #expect(ValidationMetric(for: .supervised) == .accuracy)
        let epochs = [Self.epoch(1, loss: 0.3), Self.epoch(2, loss: 0.2), Self.epoch(3, loss: 0.2), Self.epoch(4, loss: 0.25)]
        #expect(ValidationMetric.loss.best(of: epochs)?.epoch == 2)
        let outcome = TrainingOutcome(status: .finished, message: nil, epochs: epochs, test: nil, hints: [], learningRateChanges: [], totalSeconds: 0)
        #expect(outcome.bestEpoch?.epoch == 2)
    }

    /// A real run whose learning rate is too low to move the accuracy: stopped early and recorded so.
    @Test(.timeLimit(.minutes(1))) func aTrainerStopsEarlyAndSaysSo() {
        var config = TrainingTests.config(.supervised, epochs: 30)
        config.patience = 2
        config.learningRate = 1e-7
        config.optimizer = .sgd
        let outcome = Trainer(config: config, data: TrainingTests.small, gemm: GEMM(threads: 1)).run()
        #expect(outcome.status == .earlyStopped)
        let best = outcome.bestEpoch!.epoch
        #expect(outcome.epochs.count == best + 2)
        #expect(outcome.message!.contains("best: epoch \(best)"))
        #expect(outcome.test != nil)
    }

    @Test func patienceBelowOneIsRefused() {
        var config = TrainingConfig()
        config.patience = 0
        #expect(config.validationProblem() == ConfigProblem(setting: .patience, problem: "must be at least 1"))
    }
}

@Suite struct PatienceConfigTests {
    @Test func patienceSurvivesASaveAndAReload() throws {
        var config = TrainingConfig()
        config.patience = 4
        let data = try RunStore.encoder().encode(config)
        #expect(try RunStore.decoder().decode(TrainingConfig.self, from: data).patience == 4)
        #expect(try RunStore.decoder().decode(TrainingConfig.self, from: RunStore.encoder().encode(TrainingConfig())).patience == nil)
    }
}

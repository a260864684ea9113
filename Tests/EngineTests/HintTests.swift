@testable import Engine
import Foundation
import Synchronization
import TestSupport
import Testing

/// Overfitting and a learning rate too low to learn: the rules on known figures, then real runs
/// built to show each (and a healthy run that shows neither).
@Suite(.timeLimit(.minutes(3))) struct HintTests {
    static func epoch(_ number: Int, train: Float, val: Float) -> EpochMetrics {
        EpochMetrics(epoch: number, trainLoss: train, trainMSE: train, valLoss: val, valMSE: val, valCrossEntropy: nil,
                     valAccuracy: nil, probeAccuracy: nil, seconds: 1, evalSeconds: 0, samplesPerSecond: 1, learningRate: 0.01)
    }

    static func epochs(train: [Float], val: [Float]) -> [EpochMetrics] {
        zip(train, val).enumerated().map { epoch($0.offset + 1, train: $0.element.0, val: $0.element.1) }
    }

    @Test func overfittingIsValidationRisingForThreeEpochsWhileTrainingFalls() throws {
        let rising = Self.epochs(train: [0.5, 0.4, 0.3, 0.25, 0.2, 0.15], val: [0.6, 0.5, 0.45, 0.47, 0.5, 0.52])
        let hint = try #require(ValidationTrend.overfittingHint(rising, learningRate: 0.01))
        #expect(hint.cause == .overfitting && hint.epoch == 6 && hint.fixes == [.stopAtBestEpoch])
        #expect(hint.evidence == "validation loss rose for 3 epochs (0.45 at epoch 3 -> 0.52; best 0.45 at epoch 3) while training loss fell (0.3 -> 0.15)")
        // One epoch fewer of rising, a new best in the window, training not falling, a rise within noise.
        #expect(ValidationTrend.overfittingHint(Array(rising.prefix(5)), learningRate: 0.01) == nil)
        let newBest = Self.epochs(train: [0.5, 0.4, 0.3, 0.25, 0.2, 0.15], val: [0.6, 0.5, 0.45, 0.44, 0.5, 0.52])
        #expect(ValidationTrend.overfittingHint(newBest, learningRate: 0.01) == nil)
        let stalled = Self.epochs(train: [0.5, 0.4, 0.3, 0.3, 0.3, 0.31], val: [0.6, 0.5, 0.45, 0.47, 0.5, 0.52])
        #expect(ValidationTrend.overfittingHint(stalled, learningRate: 0.01) == nil)
        let noise = Self.epochs(train: [0.5, 0.4, 0.3, 0.25, 0.2, 0.15], val: [0.6, 0.5, 0.45, 0.451, 0.452, 0.455])
        #expect(ValidationTrend.overfittingHint(noise, learningRate: 0.01) == nil)
    }

    @Test func aFlatLossAfterTwoEpochsIsALearningRateTooLow() throws {
        let flat = Self.epoch(2, train: 0.228, val: 0.23)
        let hint = try #require(SlowStart.hint(startLoss: 0.23, last: flat, warmupEpochs: 0, learningRate: 1e-6))
        #expect(hint.cause == .learningRateTooLow && hint.epoch == 2 && hint.fixes == [.raiseLearningRate])
        #expect(hint.evidence == "training loss fell only 0.87% in 2 epochs (0.23 at the start -> 0.228) at learning rate 1e-06")
        #expect(SlowStart.hint(startLoss: 0.23, last: Self.epoch(2, train: 0.2, val: 0.2), warmupEpochs: 0, learningRate: 1e-6) == nil)
        // A loss that rose is no slow start (a rate far too high does that).
        #expect(SlowStart.hint(startLoss: 0.23, last: Self.epoch(2, train: 0.27, val: 0.27), warmupEpochs: 0, learningRate: 100) == nil)
        // Checked once, after the warm-up and two more epochs.
        #expect(SlowStart.hint(startLoss: 0.23, last: flat, warmupEpochs: 1, learningRate: 1e-6) == nil)
        #expect(SlowStart.hint(startLoss: 0.23, last: Self.epoch(3, train: 0.228, val: 0.23), warmupEpochs: 1, learningRate: 1e-6) != nil)
    }

    // MARK: - Real runs

    /// The hints a run reports as events, and its outcome.
    static func run(_ config: TrainingConfig, data: MNIST = TrainingTests.small, control: TrainingControl = TrainingControl(),
                    onHint: @escaping @Sendable (TrainingHint) -> Void = { _ in }) -> (hints: [TrainingHint], outcome: TrainingOutcome) {
        let hints = Mutex<[TrainingHint]>([])
        let outcome = Trainer(config: config, data: data, gemm: GEMM(), control: control) { event in
            guard case .hint(let hint) = event else { return }
            hints.withLock { $0.append(hint) }
            onHint(hint)
        }.run()
        return (hints.withLock { $0 }, outcome)
    }

    @Test func aTinyLearningRateIsReportedAfterTwoEpochs() throws {
        // Its classifier ends at chance too, which is no divergence here: no second hint.
        var config = TrainingTests.config(.supervised, epochs: 3)
        config.learningRate = 1e-6
        let run = Self.run(config)
        #expect(run.hints.map(\.cause) == [.learningRateTooLow])
        let hint = try #require(run.hints.first)
        #expect(run.outcome.hints == run.hints && hint.epoch == 2 && hint.learningRate == 1e-6)
        #expect(hint.evidence.contains("% in 2 epochs (") && hint.evidence.hasSuffix(") at learning rate 1e-06"))
    }

    /// RMSprop at rate 100 leaves the loss flat at chance too, but after a jump: not a rate too low.
    @Test func aRateFarTooHighIsNotCalledTooLow() {
        var config = TrainingTests.config(.supervised, epochs: 2)
        config.learningRate = 100
        let run = Self.run(config)
        #expect(run.outcome.test?.valAccuracy ?? 1 < 0.2, "at chance")
        #expect(!run.hints.map(\.cause).contains(.learningRateTooLow), "\(run.hints.map(\.cause))")
    }

    static let tiny: MNIST = try! MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 60, validationCount: 300)

    /// 60 training images for a model with room to memorise them.
    static func overfitting(keep: KeptWeights) -> TrainingConfig {
        var config = TrainingTests.config(.supervised, epochs: 16)
        config.layers = [256, 64, 8]
        config.trainCount = 60
        config.batchSize = 10
        config.keep = keep
        return config
    }

    @Test func aTinyTrainingSetOverfits() throws {
        let run = Self.run(Self.overfitting(keep: .last), data: Self.tiny)
        #expect(run.hints.map(\.cause) == [.overfitting], "reported once")
        let hint = try #require(run.hints.first)
        let epochs = run.outcome.epochs
        let start = epochs[hint.epoch - 1 - ValidationTrend.overfittingEpochs], last = epochs[hint.epoch - 1]
        #expect(last.valLoss > start.valLoss && last.trainLoss < start.trainLoss)
        #expect(hint.fixes == [.stopAtBestEpoch] && hint.evidence.hasPrefix("validation loss rose for 3 epochs ("))
    }

    /// The fix for overfitting: a stop that keeps the best epoch's weights, even with `keep: last`.
    @Test func stoppingKeepingTheBestRestoresTheBestEpoch() throws {
        let control = TrainingControl()
        let run = Self.run(Self.overfitting(keep: .last), data: Self.tiny, control: control) { hint in
            if hint.cause == .overfitting { control.stopKeepingBest() }
        }
        let outcome = run.outcome
        let best = try #require(outcome.bestEpoch)
        #expect(outcome.status == .stopped && outcome.keptEpoch == best.epoch && best.epoch < outcome.epochs.count)
        #expect(outcome.message?.hasSuffix("to keep the best epoch (\(best.epoch))") == true)
        // Every validation image is scored each epoch here: the kept weights give the best epoch's figure.
        #expect(outcome.test?.valAccuracy == best.valAccuracy)
        let plain = Self.run(Self.overfitting(keep: .last), data: Self.tiny).outcome
        #expect(plain.keptEpoch == plain.epochs.count, "keep: last keeps the last epoch unless asked")
    }

    @Test func aHealthyRunReportsNothing() {
        let run = Self.run(TrainingTests.config(.supervised, epochs: 4))
        #expect(run.hints.isEmpty && run.outcome.hints.isEmpty)
    }
}

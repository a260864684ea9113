@testable import Engine
import Foundation
import TestSupport
import Testing

/// Learning-rate schedules by epoch against rates worked out by hand.
@Suite struct LearningRateScheduleTests {
    static func rates(_ schedule: LearningRateSchedule, base: Float, epochs: Int) -> [Float] {
        (1...epochs).map { schedule.rate(base: base, epoch: $0, epochs: epochs) }
    }

    static func expectClose(_ actual: [Float], _ expected: [Float]) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 1e-7, "got \(actual), expected \(expected)") }
    }

    @Test func constantKeepsTheBaseRate() {
        Self.expectClose(Self.rates(LearningRateSchedule(), base: 0.005, epochs: 3), [0.005, 0.005, 0.005])
    }

    /// min + (base - min) · (1 + cos(π · t)) / 2 with t = 0, 1/4, 1/2, 3/4, 1.
    @Test func cosineFallsFromTheBaseToTheFloor() {
        var schedule = LearningRateSchedule(kind: .cosine)
        schedule.minimum = 0.001
        Self.expectClose(Self.rates(schedule, base: 0.01, epochs: 5), [0.01, 0.008682, 0.0055, 0.002318, 0.001])
    }

    /// Warm-up climbs base · e / 2, then the cosine starts at the base and ends at the floor (0).
    @Test func warmupPrecedesTheCosine() {
        var schedule = LearningRateSchedule(kind: .cosine)
        schedule.warmupEpochs = 2
        Self.expectClose(Self.rates(schedule, base: 0.01, epochs: 5), [0.005, 0.01, 0.01, 0.005, 0])
    }

    @Test func stepMultipliesByGammaEveryStep() {
        var schedule = LearningRateSchedule(kind: .step)
        schedule.stepEpochs = 2
        schedule.gamma = 0.5
        Self.expectClose(Self.rates(schedule, base: 0.1, epochs: 5), [0.1, 0.1, 0.05, 0.05, 0.025])
    }

    /// Keras `ReduceLROnPlateau(patience: 2, factor: 0.5, min_lr: 0.03)` on the validation loss.
    @Test func plateauCutsAfterPatienceEpochsWithoutImprovementDownToTheFloor() {
        var reducer = PlateauReducer(patience: 2, factor: 0.5, minimum: 0.03, metric: .loss)
        var rate: Float = 0.1
        var rates: [Float] = []
        for (epoch, loss) in [1.0, 0.9, 0.95, 0.95, 0.8, 0.85, 0.9, 0.9, 0.9].enumerated() {
            rate = reducer.rate(after: EarlyStoppingTests.epoch(epoch + 1, loss: Float(loss)), current: rate)
            rates.append(rate)
        }
        Self.expectClose(rates, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03])
    }

    /// The trainer sets each epoch's rate from the schedule, and a front end's factor scales it.
    @Test(.timeLimit(.minutes(1))) func theTrainerFollowsTheScheduleAndTheLabScalesIt() {
        var config = TrainingTests.config(.standard, epochs: 3)
        config.schedule = LearningRateSchedule(kind: .step)
        config.schedule.stepEpochs = 1
        config.schedule.gamma = 0.5
        config.learningRateChanges = [LearningRateChange(epoch: 2, batch: 1, factor: 0.1)]
        let outcome = Trainer(config: config, data: TrainingTests.small, gemm: GEMM(threads: 1)).run()
        Self.expectClose(outcome.epochs.map(\.learningRate), [0.002, 0.0001, 0.00005])
    }

    @Test func badScheduleSettingsAreRefusedByName() {
        var config = TrainingConfig()
        config.schedule.minimum = 1
        #expect(config.validationProblem()?.setting == .lrMinimum)
        config = TrainingConfig()
        config.schedule.warmupEpochs = config.epochs
        #expect(config.validationProblem()?.setting == .warmupEpochs)
        config = TrainingConfig()
        config.schedule.plateauFactor = 1
        #expect(config.validationProblem()?.setting == .lrFactor)
        config = TrainingConfig()
        config.weightDecay = -0.1
        #expect(config.validationProblem()?.field == "weight_decay")
    }

    @Test func scheduleKeepAndDecaySurviveASaveAndOldConfigsTrainAsBefore() throws {
        var config = TrainingConfig()
        config.schedule = LearningRateSchedule(kind: .plateau)
        config.schedule.plateauPatience = 3
        config.keep = .last
        config.weightDecay = 0.01
        #expect(try RunStore.decoder().decode(TrainingConfig.self, from: RunStore.encoder().encode(config)) == config)
        let old = try RunStore.decoder().decode(TrainingConfig.self, from: Data(#"{"model": "supervised"}"#.utf8))
        #expect(old.schedule == LearningRateSchedule() && old.keep == .last && old.weightDecay == 0 && old.dropout == 0)
        let seed = TrainingConfig.seedPreset
        #expect(seed.epochs == 100 && seed.dropout == 0 && seed.schedule.kind == .constant && seed.keep == .last && seed.bottleneckActivation == .relu)
    }
}

/// Decoupled weight decay: w ← w − lr · wd · w, then the optimizer's own update.
@Suite struct WeightDecayTests {
    @Test func weightsShrinkBeforeTheUpdateAndBiasesDoNot() {
        let weight = Matrix(rows: 1, cols: 1), bias = Matrix(rows: 1, cols: 1)
        let weightGradient = Matrix(rows: 1, cols: 1), biasGradient = Matrix(rows: 1, cols: 1)
        weight[0, 0] = 2
        bias[0, 0] = 2
        weightGradient[0, 0] = 0.5
        biasGradient[0, 0] = 0.5
        let optimizer = Optimizer(.sgd(momentum: 0, nesterov: false),
                                  parameters: [Parameter(name: "encoder.0.weight", value: weight, gradient: weightGradient),
                                               Parameter(name: "encoder.0.bias", value: bias, gradient: biasGradient)],
                                  learningRate: 0.1)
        optimizer.weightDecay = 0.01
        optimizer.step()
        // 2 − 0.1 · 0.01 · 2 − 0.1 · 0.5 = 1.948; the bias only 2 − 0.05.
        #expect(abs(weight[0, 0] - 1.948) < 1e-6)
        #expect(abs(bias[0, 0] - 1.95) < 1e-6)
    }
}

/// Best-weight restore on a run built to overfit: the kept weights are the best epoch's, and the
/// test figures are measured on them.
@Suite struct KeptWeightsTests {
    static func overfitting(keep: KeptWeights) -> TrainingConfig {
        var config = TrainingTests.config(.supervised, epochs: 12)
        config.trainCount = 100
        config.batchSize = 10
        config.learningRate = 0.01
        config.schedule = LearningRateSchedule()
        config.keep = keep
        return config
    }

    @Test(.timeLimit(.minutes(1))) func bestWeightsAreRestoredAndTested() throws {
        let data = try MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 100, validationCount: 300)
        let outcome = Trainer(config: Self.overfitting(keep: .best), data: data, gemm: GEMM(threads: 1)).run()
        let best = try #require(outcome.bestEpoch)
        #expect(outcome.keptEpoch == best.epoch)
        #expect(best.epoch < outcome.epochs.count, "the run should overfit: \(outcome.epochs.map(\.valAccuracy))")
        // Re-evaluated on the validation set, the kept weights give the best epoch's accuracy.
        #expect(outcome.test?.valAccuracy == best.valAccuracy)
    }

    @Test(.timeLimit(.minutes(1))) func lastWeightsAreKeptWhenAsked() throws {
        let data = try MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 100, validationCount: 300)
        let outcome = Trainer(config: Self.overfitting(keep: .last), data: data, gemm: GEMM(threads: 1)).run()
        #expect(outcome.keptEpoch == outcome.epochs.count)
        #expect(outcome.test?.valAccuracy == outcome.epochs.last?.valAccuracy)
    }

    /// Early stopping with best weights: stops `patience` epochs after the best and keeps the best.
    @Test(.timeLimit(.minutes(1))) func earlyStoppingKeepsTheBestEpoch() throws {
        let data = try MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 100, validationCount: 300)
        var config = Self.overfitting(keep: .best)
        config.patience = 2
        config.epochs = 40
        let outcome = Trainer(config: config, data: data, gemm: GEMM(threads: 1)).run()
        let best = try #require(outcome.bestEpoch)
        #expect(outcome.status == .earlyStopped)
        #expect(outcome.epochs.count == best.epoch + 2)
        #expect(outcome.keptEpoch == best.epoch)
        #expect(outcome.test?.valAccuracy == best.valAccuracy)
    }
}

/// Collapse judged by the share of codes away from a unit's typical value, not by any change.
@Suite struct PartialCollapseTests {
    @Test func aUnitAliveOnOneImageOf10000IsDead() {
        let rows = 10_000
        var codes = [Float](repeating: 0, count: rows * 2)
        for r in 0..<rows { codes[r * 2 + 1] = Float(r % 97) * 0.1 }
        codes[1234 * 2] = 3.5
        #expect(LatentHealth.collapsedUnits(codes, dimensions: 2) == [0])
        #expect(LatentHealth.liveShare(codes, dimensions: 2, unit: 0) == 1.0 / 10_000)
        let hint = LatentHealth.collapseHint([0], dimensions: 2, activation: .relu, epoch: 1, learningRate: 0.005)
        #expect(hint?.evidence.contains("dead (zero for all but under 1% of the probe images)") == true)
    }

    @Test func aUnitAliveOnTwoPercentIsAlive() {
        let rows = 1000
        var codes = [Float](repeating: 0, count: rows)
        for r in stride(from: 0, to: rows, by: 50) { codes[r] = 1 }
        #expect(LatentHealth.collapsedUnits(codes, dimensions: 1).isEmpty)
    }

    /// A real bottleneck forced dead (ReLU, bias far below zero) except for one image.
    @Test func aForcedDeadBottleneckIsSeen() throws {
        var config = TrainingConfig.seedPreset
        config.layers = [16, 2]
        let model = Autoencoder(config: config, capacity: 300)
        model.initialize(seed: 1)
        let data = try MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 10, validationCount: 300)
        let bottleneck = model.encoder[1]
        bottleneck.bias.fill(-1e6)
        let evaluator = Evaluator(model: model, gemm: GEMM(threads: 1), batch: Batch(capacity: 300))
        var codes = evaluator.evaluate(data.validation).codes
        #expect(codes.allSatisfy { $0 == 0 })
        // Unit 1 alive on image 0 alone: still dead.
        codes[1] = 0.7
        #expect(LatentHealth.collapsedUnits(codes, dimensions: 2) == [0, 1])
    }
}

/// The k-NN probe on tied codes: coinciding codes must not turn the first images' labels into accuracy.
@Suite struct ProbeTieTests {
    @Test func coincidingCodesGiveChanceNotTheFirstImagesLabels() {
        // 1,000 references all at the origin; the first five (by index) are 7s, the rest cycle 0-9.
        let labels = (0..<1000).map { UInt8($0 < 5 ? 7 : $0 % 10) }
        let probe = NearestNeighbors(codes: [Float](repeating: 0, count: 2000), labels: labels, dimensions: 2, k: 5)
        let queryLabels = [UInt8](repeating: 7, count: 1000)
        let accuracy = probe.accuracy([Float](repeating: 0, count: 2000), labels: queryLabels)
        // Breaking ties by index would answer 7 every time (100%); random neighbours give about 10%.
        #expect(accuracy < 0.3, "accuracy \(accuracy)")
        #expect(probe.accuracy([Float](repeating: 0, count: 2000), labels: queryLabels) == accuracy, "the tie order is seeded")
    }

    @Test func distinctCodesAreUnaffected() {
        let codes: [Float] = [0, 0, 1, 0, 10, 10, 11, 10]
        let probe = NearestNeighbors(codes: codes, labels: [1, 1, 2, 2], dimensions: 2, k: 1)
        #expect(probe.predict([0.1, 0, 10.9, 10]) == [1, 2])
    }
}

/// A finished run whose validation loss ends far above its best, or at chance, is flagged.
@Suite struct ValidationDivergenceTests {
    @Test func aLossEndingAtTwiceItsBestIsFlagged() {
        let epochs = [0.5, 0.3, 0.4, 0.7].enumerated().map { EarlyStoppingTests.epoch($0.offset + 1, loss: Float($0.element)) }
        let hint = ValidationTrend.degradationHint(epochs, learningRate: 100)
        #expect(hint?.cause == .validationDiverged)
        #expect(hint?.evidence == "validation loss ends at 0.7, 2.33× its best (0.3 at epoch 2)")
        #expect(ValidationTrend.degradationHint(Array(epochs.prefix(3)), learningRate: 100) == nil)
    }

    /// At chance after two epochs whose training loss stopped falling, or after being above chance:
    /// flagged. A run still learning, or a single epoch, is not.
    @Test func aClassifierAtChanceIsFlaggedOnceItStalledOrFellBack() {
        func epoch(_ number: Int, _ loss: Float, _ accuracy: Double) -> EpochMetrics { EarlyStoppingTests.epoch(number, loss: loss, accuracy: accuracy) }
        let stalled = [epoch(1, 2.3, 0.095), epoch(2, 2.31, 0.095)]
        #expect(ValidationTrend.degradationHint(stalled, learningRate: 100)?.evidence == "validation accuracy ends at 9.50%, chance level for 10 classes")
        #expect(ValidationTrend.degradationHint([epoch(1, 0.9, 0.6), epoch(2, 0.9, 0.1)], learningRate: 100) != nil)
        #expect(ValidationTrend.degradationHint(Array(stalled.prefix(1)), learningRate: 100) == nil)
        #expect(ValidationTrend.degradationHint([epoch(1, 2.3, 0.095), epoch(2, 1.9, 0.12)], learningRate: 0.005) == nil)
    }
}

/// Inverted dropout on a layer's outputs, forward and backward.
@Suite struct DropoutTests {
    @Test func dropsAboutTheRateScalesTheRestAndPassesGradientsOnlyThroughKeptOutputs() {
        let layer = Dense(inputs: 1, outputs: 1000, activation: .linear, capacity: 1, dropout: 0.25)
        layer.weight.fill(1)
        var input: Float = 1
        layer.forward(&input, batch: 1, gemm: GEMM(threads: 1))
        var rng = RandomGenerator(seed: 3)
        layer.dropOut(batch: 1, using: &rng)
        let dropped = layer.output.toArray()
        #expect(Set(dropped) == [0, 1 / 0.75])
        let kept = dropped.count { $0 != 0 }
        #expect(abs(Double(kept) / 1000 - 0.75) < 0.05, "kept \(kept) of 1000")
        layer.outputGradient.fill(1)
        layer.backward(&input, batch: 1, gemm: GEMM(threads: 1))
        // dL/db = the dropout factor of each output: 0 where dropped, 1 / 0.75 where kept.
        #expect(layer.biasGradient.toArray() == dropped)
        // The kept outputs got their pre-dropout value back for the activation's derivative.
        #expect(zip(layer.output.toArray(), dropped).allSatisfy { output, factor in output == (factor == 0 ? 0 : 1) })
    }

    @Test func evaluationNeverDrops() throws {
        var config = TrainingTests.config(.supervised)
        config.dropout = 0.5
        let model = Autoencoder(config: config, capacity: 4)
        model.initialize(seed: 1)
        let images = [Float](repeating: 0.5, count: 4 * TrainingConfig.imagePixels)
        model.forward(images, batch: 4, gemm: GEMM(threads: 1))
        let first = model.codes.toArray()
        model.forward(images, batch: 4, gemm: GEMM(threads: 1))
        #expect(model.codes.toArray() == first)
    }
}

@testable import Engine
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(3))) struct TrainingTests {
    /// A few hundred real digits from the bundled MNIST.
    static let small: MNIST = try! MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 600, validationCount: 300)

    /// A model's parameters as bit patterns, in order.
    static func parameterBits(_ model: Autoencoder) -> [UInt32] {
        model.parameters.flatMap { parameter in (0..<parameter.value.count).map { parameter.value.data[$0].bitPattern } }
    }

    /// How many elements of `a` and `b` differ (all of them when the lengths do). `#expect(a == b)`
    /// on arrays this long would diff them on failure, which takes many minutes.
    static func differing<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        a.count == b.count ? zip(a, b).filter { $0 != $1 }.count : max(a.count, b.count)
    }

    static func config(_ kind: ModelKind, epochs: Int = 3) -> TrainingConfig {
        var config = TrainingConfig()
        config.model = kind
        config.epochs = epochs
        config.layers = [64, 16, 2]
        config.classifier = [16]
        config.learningRate = 0.002
        config.trainCount = 600
        config.validationCount = 300
        // These tests are about training itself: at a constant rate, without dropout.
        config.schedule = LearningRateSchedule()
        config.dropout = 0
        return config
    }

    @Test func supervisedLearns() {
        let outcome = Trainer(config: Self.config(.supervised, epochs: 6), data: Self.small, gemm: GEMM()).run()
        #expect(outcome.status == .finished)
        #expect(outcome.epochs.count == 6)
        let first = outcome.epochs.first!, last = outcome.epochs.last!
        #expect(last.trainLoss < 0.6 * first.trainLoss)
        #expect(last.valMSE < first.valMSE)
        #expect(last.valAccuracy! > 0.5, "chance is 0.1")
        #expect(outcome.test!.testAccuracy! > 0.5)
        #expect(last.probeAccuracy! > 0.3)
    }

    @Test func standardLearnsToReconstruct() {
        var config = Self.config(.standard, epochs: 6)
        config.layers = [64, 16, 8]
        config.optimizer = .adam
        config.batchSize = 16
        let outcome = Trainer(config: config, data: Self.small, gemm: GEMM()).run()
        #expect(outcome.epochs.last!.valMSE < outcome.epochs.first!.valMSE)
        #expect(outcome.epochs.last!.valAccuracy == nil)
        #expect(outcome.test!.testAccuracy == nil)
        // Predicting the mean image scores about 0.067 on MNIST; a learning AE must beat it.
        #expect(outcome.test!.testMSE < 0.06)
    }

    /// Same seed and config: the same losses to the bit, with one thread or two.
    @Test func deterministic() {
        let config = Self.config(.supervised, epochs: 2)
        let a = Trainer(config: config, data: Self.small, gemm: GEMM(threads: 1)).run()
        let b = Trainer(config: config, data: Self.small, gemm: GEMM(threads: 2)).run()
        #expect(a.epochs.map(\.trainLoss.bitPattern) == b.epochs.map(\.trainLoss.bitPattern))
        #expect(a.epochs.map(\.valLoss.bitPattern) == b.epochs.map(\.valLoss.bitPattern))
        var other = config
        other.seed = 2
        let c = Trainer(config: other, data: Self.small, gemm: GEMM()).run()
        #expect(c.epochs.map(\.trainLoss) != a.epochs.map(\.trainLoss))
    }

    /// Fetching the next step's images ahead changes nothing a step computes: the same losses and
    /// weights, to the bit, on one and two threads, up to the last (partial) batch of the set.
    @Test func fetchingTheNextImagesAheadChangesNoResult() {
        let config = Self.config(.supervised, epochs: 1)
        let order = Array((0..<600).reversed())
        func images(_ step: Int) -> ArraySlice<Int> { Trainer.images(ofStep: step, in: order, batchSize: 48) }
        for threads in [1, 2] {
            let runs = [false, true].map { ahead in
                let trainer = Trainer(config: config, data: Self.small, gemm: GEMM(threads: threads))
                let losses = (0..<13).map { trainer.step(images($0), next: ahead ? images($0 + 1) : []).total.bitPattern }
                return (losses, Self.parameterBits(trainer.model))
            }
            #expect(runs[0].0 == runs[1].0, "\(threads) threads: losses")
            #expect(Self.differing(runs[0].1, runs[1].1) == 0, "\(threads) threads: weights")
        }
    }

    /// Epochs evaluated on subsets say so, train the same weights, and end with the same final
    /// figures, to the bit, as epochs evaluated on the whole sets.
    @Test func subsetEvaluationLeavesTheFinalFiguresUnchanged() {
        let config = Self.config(.supervised, epochs: 2)
        let subset = Trainer(config: config, data: Self.small, gemm: GEMM())
        subset.evalSubset = .first(100)
        let whole = Trainer(config: config, data: Self.small, gemm: GEMM())
        whole.evalSubset = .all
        let a = subset.run(), b = whole.run()
        #expect(a.epochs.map(\.valImages) == [100, 100] && a.epochs.map(\.probeReferences) == [100, 100])
        #expect(b.epochs.map(\.valImages) == [300, 300] && b.epochs.map(\.probeReferences) == [600, 600])
        #expect(a.epochs.map(\.trainLoss.bitPattern) == b.epochs.map(\.trainLoss.bitPattern))
        #expect(a.test != nil && a.test == b.test)
        #expect(a.epochs.map(\.valLoss) != b.epochs.map(\.valLoss))
    }

    @Test func divergenceStopsWithAMessage() {
        var config = Self.config(.supervised)
        config.optimizer = .sgd
        config.learningRate = 1e6
        let outcome = Trainer(config: config, data: Self.small, gemm: GEMM()).run()
        #expect(outcome.status == .diverged)
        #expect(outcome.message?.contains("diverged at epoch 1") == true)
        #expect(outcome.test == nil)
        let hint = outcome.hints.last
        #expect(hint?.cause == .diverged && hint?.fixes == [.lowerLearningRate] && hint?.learningRate == 1e6)
    }

    @Test func stopAndSaveRequestsFromAnotherThread() {
        let control = TrainingControl()
        let saves = Mutex(0)
        let batches = Mutex(0)
        let trainer = Trainer(config: Self.config(.standard, epochs: 50), data: Self.small, gemm: GEMM(), control: control) { event in
            if case .batch = event {
                let count = batches.withLock { $0 += 1; return $0 }
                if count == 3 { control.requestSave() }
                if count == 5 { control.stop() }
            }
        }
        trainer.onSaveRequest = { outcome, _ in
            #expect(outcome.status == .running)
            saves.withLock { $0 += 1 }
        }
        let outcome = trainer.run()
        #expect(outcome.status == .stopped)
        #expect(outcome.message == "stopped at epoch 1, batch 6 of 13")
        #expect(saves.withLock { $0 } == 1)
        #expect(outcome.test != nil, "a stopped run is still evaluated")
    }

    /// The hints a run of `config` reports, as events and in its outcome; `prepare` may alter
    /// the freshly initialised model first.
    static func hints(_ config: TrainingConfig, prepare: (Autoencoder) -> Void = { _ in }) -> (events: [TrainingHint], outcome: [TrainingHint]) {
        let events = Mutex<[TrainingHint]>([])
        let trainer = Trainer(config: config, data: Self.small, gemm: GEMM()) { event in
            if case .hint(let hint) = event { events.withLock { $0.append(hint) } }
        }
        prepare(trainer.model)
        let outcome = trainer.run()
        return (events.withLock { $0 }, outcome.hints)
    }

    @Test func aDeadReluBottleneckIsReported() throws {
        var config = Self.config(.supervised, epochs: 1)
        config.bottleneckActivation = .relu
        let hints = Self.hints(config) { model in
            // A bias far below any pre-activation kills both units; a dead ReLU gets no gradient back.
            let bottleneck = model.encoder.last!
            for unit in 0..<bottleneck.bias.count { bottleneck.bias.data[unit] = -1e4 }
        }
        // The collapse alone: a classifier at chance after one epoch did not diverge, and the collapse says why.
        #expect(hints.events.map(\.cause) == [.collapsedBottleneck] && hints.outcome == hints.events)
        let hint = try #require(hints.events.first)
        #expect(hint.cause == .collapsedBottleneck && hint.epoch == 1)
        #expect(hint.evidence == "latent collapse: all 2 bottleneck units are dead (zero for all but under 1% of the probe images)")
        #expect(hint.fixes == [.linearBottleneck, .lowerLearningRate, .anotherSeed])
    }

    @Test func aHealthyRunReportsNoCollapse() {
        let hints = Self.hints(Self.config(.supervised, epochs: 2))
        #expect(hints.events.isEmpty && hints.outcome.isEmpty)
    }

    /// The trainer owns the rate: a change asked for through the control is applied from the next
    /// batch, reported in the batch events and recorded; training the recorded config replays it.
    @Test func learningRateChangesAreRecordedAndReplayed() {
        let config = Self.config(.supervised, epochs: 2)
        let control = TrainingControl()
        let rates = Mutex<[Float]>([])
        let first = Trainer(config: config, data: Self.small, gemm: GEMM(), control: control) { event in
            guard case let .batch(epoch, batch, _, rate) = event else { return }
            rates.withLock { $0.append(rate) }
            if epoch == 1 && batch == 4 { control.scaleLearningRate(by: 2) }
            if epoch == 2 && batch == 1 {
                control.scaleLearningRate(by: 0.5)
                control.scaleLearningRate(by: 0.5)
            }
        }.run()
        #expect(first.learningRateChanges == [LearningRateChange(epoch: 1, batch: 5, factor: 2), LearningRateChange(epoch: 2, batch: 2, factor: 0.25)])
        let seen = rates.withLock { $0 }
        let perEpoch = (600 + config.batchSize - 1) / config.batchSize
        #expect(seen[3] == 0.002 && seen[4] == 0.004 && seen[perEpoch] == 0.004 && seen[perEpoch + 1] == 0.001)
        var replay = config
        replay.learningRateChanges = first.learningRateChanges
        let second = Trainer(config: replay, data: Self.small, gemm: GEMM()).run()
        #expect(second.epochs.map(\.trainLoss.bitPattern) == first.epochs.map(\.trainLoss.bitPattern))
        #expect(second.learningRateChanges == first.learningRateChanges)
    }

    @Test func liveSnapshotsCarryProbeAndPreview() {
        var live = LiveSnapshots()
        live.probeImages = 100
        live.previewDigits = 4
        live.everyBatches = 5
        let latents = Mutex(0)
        let previews = Mutex<ReconstructionSnapshot?>(nil)
        var config = Self.config(.standard, epochs: 1)
        config.layers = [32, 8, 3]
        _ = Trainer(config: config, data: Self.small, gemm: GEMM(), live: live) { event in
            switch event {
            case .latent(let snapshot):
                #expect(snapshot.points.count == 200)
                #expect(snapshot.isProjected)
                latents.withLock { $0 += 1 }
            case .reconstructions(let snapshot):
                previews.withLock { $0 = snapshot }
            default: break
            }
        }.run()
        #expect(latents.withLock { $0 } == 3, "batches 5 and 10 of 13, then the epoch end")
        let preview = previews.withLock { $0 }
        #expect(preview?.originals.count == 4)
        #expect(preview?.reconstructions.first?.count == 784)
    }
}

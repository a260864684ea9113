import Foundation

/// What a trainer shows besides its metrics: live snapshots for a UI. Headless runs leave it off.
public struct LiveSnapshots: Sendable {
    /// How many fixed validation images are plotted in the latent scatter.
    public var probeImages: Int = 2000
    /// How many fixed test digits are reconstructed in the preview.
    public var previewDigits: Int = 8
    /// Snapshots every this many batches during the first epochs, then once per epoch.
    public var everyBatches: Int = 25
    public var frequentEpochs: Int = 3

    public init() {}
}

/// The shared training loop: shuffles, steps, evaluates each epoch, reports events, and obeys a
/// `TrainingControl` between batches. One trainer runs on one thread; its GEMM may use more.
public final class Trainer {
    public let config: TrainingConfig
    public let data: MNIST
    public let model: Autoencoder
    public let gemm: GEMM
    public let control: TrainingControl
    /// How often (in epochs) the k-NN probe runs; it always runs on the last epoch.
    public var probeEvery = 1
    /// The images each epoch is scored on; the epoch's metrics say how many they used.
    public var evalSubset = EvaluationSubset.auto
    /// Called on the training thread when `control.requestSave()` was asked, with the outcome so
    /// far (status `running`) and the model; this is where a UI saves a run mid-training.
    public var onSaveRequest: ((TrainingOutcome, Autoencoder) -> Void)?
    private let optimizer: Optimizer
    /// The product of the rate changes asked for so far (replayed and new): it scales the schedule.
    private var frontEndFactor: Float = 1
    /// The epoch and batch of the last snapshots a UI was given.
    private var published: (epoch: Int, batch: Int)?
    private let batch: Batch
    private let live: LiveSnapshots?
    private let observer: (TrainingEvent) -> Void

    public init(config: TrainingConfig, data: MNIST, gemm: GEMM, control: TrainingControl = TrainingControl(),
                live: LiveSnapshots? = nil, observer: @escaping (TrainingEvent) -> Void = { _ in }) {
        self.config = config
        self.data = data
        self.gemm = gemm
        self.control = control
        self.live = live
        self.observer = observer
        // Evaluation runs in larger chunks than training batches: the GEMMs are more efficient.
        let capacity = max(config.batchSize, 256)
        model = Autoencoder(config: config, capacity: capacity)
        model.initialize(seed: config.seed)
        optimizer = Optimizer.make(for: config, parameters: model.parameters, pool: gemm.pool)
        batch = Batch(capacity: capacity)
    }

    public var evaluator: Evaluator { Evaluator(model: model, gemm: gemm, batch: batch) }

    public func run() -> TrainingOutcome {
        withDenormalsFlushed(runLoop)
    }

    private func runLoop() -> TrainingOutcome {
        let started = Date()
        let batchSize = config.batchSize
        let trainCount = data.train.count
        let batchesPerEpoch = (trainCount + batchSize - 1) / batchSize
        observer(.started(kernel: gemm.kernel.name, threads: gemm.threads, batchesPerEpoch: batchesPerEpoch))
        var rng = RandomGenerator(seed: config.seed ^ 0x5EED_0F_DA7A)
        var order = Array(0..<trainCount)
        var outcome = TrainingOutcome(status: .finished, message: nil, epochs: [], test: nil, hints: [], learningRateChanges: [],
                                      totalSeconds: 0)
        var lastCollapse: [Int] = []
        let evaluator = self.evaluator
        let previewSet = live.map { data.test.subset(0..<min($0.previewDigits, data.test.count)) }
        let probeSet = live.map { data.validation.subset(0..<min($0.probeImages, data.validation.count)) }
        let metric = ValidationMetric(for: config.model)
        var earlyStopping = config.patience.map { EarlyStopping(patience: $0, metric: metric) }
        let validationSet = evaluationSubset(of: data.validation)
        let referenceSet = evaluationSubset(of: data.train)
        let schedule = config.schedule
        var plateau = schedule.kind == .plateau
            ? PlateauReducer(patience: schedule.plateauPatience, factor: schedule.plateauFactor, minimum: schedule.minimum, metric: metric)
            : nil
        var plateauRate = config.learningRate
        // Kept whatever `keep` says: a stop that keeps the best epoch (`stopKeepingBest`) needs it.
        var best: (epoch: Int, value: Double, weights: [[Float]])?
        let timeLapseSet = data.validation.subset(0..<min(LatentTimeLapse.images, data.validation.count))
        var timeLapse = LatentTimeLapse(labels: timeLapseSet.labels, isProjected: config.bottleneck > 2)
        var startLosses: [Float] = []
        var overfittingSeen = false

        training: for epoch in 1...config.epochs {
            rng.shuffle(&order)
            let scheduled = plateau != nil && epoch > schedule.warmupEpochs
                ? plateauRate : schedule.rate(base: config.learningRate, epoch: epoch, epochs: config.epochs)
            optimizer.learningRate = scheduled * frontEndFactor
            let epochStart = Date()
            var lossSum = 0.0, mseSum = 0.0
            for index in 0..<batchesPerEpoch {
                let soFar = outcome
                guard control.shouldContinue(onPauseChange: { observer(.paused($0)) },
                                             onSave: { onSaveRequest?(running(soFar, since: started), model) }) else {
                    outcome.status = .stopped
                    outcome.message = "stopped at epoch \(epoch), batch \(index + 1) of \(batchesPerEpoch)"
                    if control.isKeepBestRequested, let best { outcome.message! += " to keep the best epoch (\(best.epoch))" }
                    break training
                }
                applyLearningRateChanges(epoch: epoch, batch: index + 1, outcome: &outcome)
                let images = Self.images(ofStep: index, in: order, batchSize: batchSize)
                let count = images.count
                let loss = step(images, next: Self.images(ofStep: index + 1, in: order, batchSize: batchSize))
                guard loss.total.isFinite else {
                    diverged(&outcome, epoch: epoch, batch: index + 1, what: "loss", value: loss.total)
                    break training
                }
                if startLosses.count < SlowStart.startBatches { startLosses.append(loss.total) }
                lossSum += Double(loss.total) * Double(count)
                mseSum += Double(loss.mse) * Double(count)
                observer(.batch(epoch: epoch, batch: index + 1, loss: loss.total, learningRate: optimizer.learningRate))
                if let live, epoch <= live.frequentEpochs, (index + 1) % live.everyBatches == 0,
                   let probeSet, let previewSet {
                    publishSnapshots(probeSet: probeSet, previewSet: previewSet, epoch: epoch, batch: index + 1, evaluator: evaluator)
                }
            }
            let seconds = Date().timeIntervalSince(epochStart)
            let evalStart = Date()
            let validation = evaluator.evaluate(validationSet)
            guard validation.loss.isFinite else {
                diverged(&outcome, epoch: epoch, batch: nil, what: "validation loss", value: validation.loss)
                break training
            }
            // The evaluation's codes cover the time-lapse images unless the subset is smaller.
            let codes = validationSet.count >= timeLapseSet.count
                ? Array(validation.codes.prefix(timeLapseSet.count * config.bottleneck)) : evaluator.encode(timeLapseSet)
            timeLapse.append(epoch: epoch, points: LatentPlane(fitting: codes, dimensions: config.bottleneck).project(codes))
            outcome.timeLapse = timeLapse
            observer(.timeLapse(timeLapse))
            var probeAccuracy: Double?
            if epoch % probeEvery == 0 || epoch == config.epochs {
                probeAccuracy = evaluator.latentProbe(fittedOn: referenceSet).accuracy(validation.codes, labels: validationSet.labels, pool: gemm.pool)
            }
            let collapsed = LatentHealth.collapsedUnits(validation.codes, dimensions: config.bottleneck)
            if collapsed != lastCollapse,
               let hint = LatentHealth.collapseHint(collapsed, dimensions: config.bottleneck, activation: config.bottleneckActivation,
                                                    epoch: epoch, learningRate: optimizer.learningRate) {
                outcome.hints.append(hint)
                observer(.hint(hint))
            }
            lastCollapse = collapsed
            let metrics = EpochMetrics(
                epoch: epoch, trainLoss: Float(lossSum / Double(trainCount)), trainMSE: Float(mseSum / Double(trainCount)),
                valLoss: validation.loss, valMSE: validation.mse, valCrossEntropy: validation.crossEntropy,
                valAccuracy: validation.accuracy, probeAccuracy: probeAccuracy, seconds: seconds,
                evalSeconds: Date().timeIntervalSince(evalStart),
                samplesPerSecond: Double(trainCount) / max(seconds, 1e-9), learningRate: optimizer.learningRate,
                valImages: validationSet.count, probeReferences: probeAccuracy == nil ? nil : referenceSet.count)
            outcome.epochs.append(metrics)
            observer(.epoch(metrics))
            if let value = metric.value(of: metrics), metric.improves(value, on: best?.value) {
                best = (epoch, value, model.parameters.map { $0.value.toArray() })
            }
            let start = startLosses.reduce(0, +) / Float(max(1, startLosses.count))
            let trends = [overfittingSeen ? nil : ValidationTrend.overfittingHint(outcome.epochs, learningRate: optimizer.learningRate),
                          // The base rate, as for the divergence hint: a schedule may already be far below it.
                          SlowStart.hint(startLoss: start, last: metrics, warmupEpochs: schedule.warmupEpochs,
                                         learningRate: config.learningRate * frontEndFactor)]
            for case let hint? in trends {
                overfittingSeen = overfittingSeen || hint.cause == .overfitting
                outcome.hints.append(hint)
                observer(.hint(hint))
            }
            if epoch > schedule.warmupEpochs { plateauRate = plateau?.rate(after: metrics, current: plateauRate) ?? plateauRate }
            if let probeSet, let previewSet {
                publishSnapshots(probeSet: probeSet, previewSet: previewSet, epoch: epoch, batch: batchesPerEpoch, evaluator: evaluator)
            }
            if epoch < config.epochs, earlyStopping?.shouldStop(after: metrics) == true, let stopping = earlyStopping {
                outcome.status = .earlyStopped
                outcome.message = "early-stopped after epoch \(epoch): \(stopping.metric.rawValue) has not improved for \(stopping.patience) epoch\(stopping.patience == 1 ? "" : "s") (best: epoch \(stopping.bestEpoch ?? 0))"
                break training
            }
        }
        if outcome.status != .diverged {
            if let best, config.keep == .best || control.isKeepBestRequested {
                zip(model.parameters, best.weights).forEach { $0.value.copy(from: $1) }
                outcome.keptEpoch = best.epoch
                // A UI shows the weights the run keeps, labelled with their epoch, unless it shows
                // them already (what it showed last may be a later epoch's, or one stopped partway).
                if let probeSet, let previewSet, published.map({ $0.epoch != best.epoch || $0.batch != batchesPerEpoch }) ?? true {
                    publishSnapshots(probeSet: probeSet, previewSet: previewSet, epoch: best.epoch, batch: 0, evaluator: evaluator)
                }
            } else {
                outcome.keptEpoch = outcome.epochs.last?.epoch
            }
            // The base rate as the front end set it: the schedule may have ended near 0. A run
            // whose rate was too low to learn ends at chance without having diverged, and an
            // overfitting one ends far above its best validation loss: their hints say why.
            if !outcome.hints.contains(where: { $0.cause == .learningRateTooLow || $0.cause == .overfitting }),
               let hint = ValidationTrend.degradationHint(outcome.epochs, learningRate: config.learningRate * frontEndFactor) {
                outcome.hints.append(hint)
                observer(.hint(hint))
            }
            outcome.test = evaluator.testMetrics(data: data, pool: gemm.pool)
        }
        outcome.totalSeconds = Date().timeIntervalSince(started)
        observer(.finished(outcome))
        return outcome
    }

    /// The first `evalSubset` images of a set, or the whole set.
    private func evaluationSubset(of set: LabeledImages) -> LabeledImages {
        guard let size = evalSubset.size(trainCount: data.train.count), size < set.count else { return set }
        return set.subset(0..<size)
    }

    /// The images of step `index` of an epoch that takes `order` `batchSize` at a time: the last
    /// step takes what is left, and a step past the end none.
    static func images(ofStep index: Int, in order: [Int], batchSize: Int) -> ArraySlice<Int> {
        order[min(order.count, index * batchSize)..<min(order.count, (index + 1) * batchSize)]
    }

    /// One training step on the training images at `indices`: forward, loss, backward, update.
    /// A non-finite loss is returned without touching the weights. The images of the `next` step
    /// are fetched into the caches meanwhile: a batch's images lie anywhere in the training set,
    /// and loading them cold from memory is serial work at the start of every step.
    public func step(_ indices: ArraySlice<Int>, next: ArraySlice<Int> = []) -> Autoencoder.Loss {
        let count = indices.count
        batch.load(data.train, indices: indices, pool: gemm.pool)
        model.forward(batch.images.data, batch: count, gemm: gemm, training: true)
        let loss = model.computeLoss(target: batch.images.data, labels: batch.labels, batch: count, pool: gemm.pool)
        data.train.prefetch(next)
        guard loss.total.isFinite else { return loss }
        // Each layer is updated as soon as its gradients are final, while they are still in cache.
        optimizer.beginStep()
        model.backward(batch.images.data, batch: count, gemm: gemm) { optimizer.update(parameters: Autoencoder.parameterRange(ofLayer: $0)) }
        return loss
    }

    /// Replays the config's changes of the learning rate, then applies (and records) one asked
    /// for through the control, before batch `batch` of `epoch`; later epochs keep them as a
    /// factor on the schedule.
    private func applyLearningRateChanges(epoch: Int, batch: Int, outcome: inout TrainingOutcome) {
        var changes = config.learningRateChanges.filter { $0.epoch == epoch && $0.batch == batch }
        if let factor = control.takeLearningRateFactor() { changes.append(LearningRateChange(epoch: epoch, batch: batch, factor: factor)) }
        for change in changes {
            frontEndFactor *= change.factor
            optimizer.learningRate *= change.factor
            outcome.learningRateChanges.append(change)
        }
    }

    /// Ends the outcome as diverged, with the hint that says where and at which rate.
    private func diverged(_ outcome: inout TrainingOutcome, epoch: Int, batch: Int?, what: String, value: Float) {
        let hint = TrainingHint(cause: .diverged, epoch: epoch, batch: batch,
                                evidence: "\(what) is \(value.isNaN ? "NaN" : "infinite") at learning rate \(optimizer.learningRate)",
                                learningRate: optimizer.learningRate, fixes: [.lowerLearningRate])
        outcome.status = .diverged
        outcome.message = "diverged at \(hint.summary)"
        outcome.hints.append(hint)
        observer(.hint(hint))
    }

    private func running(_ outcome: TrainingOutcome, since started: Date) -> TrainingOutcome {
        var snapshot = outcome
        snapshot.status = .running
        snapshot.totalSeconds = Date().timeIntervalSince(started)
        return snapshot
    }

    /// Latent codes of the probe images, reconstructions of the preview digits and a copy of the
    /// decoder, for a UI.
    private func publishSnapshots(probeSet: LabeledImages, previewSet: LabeledImages, epoch: Int, batch: Int, evaluator: Evaluator) {
        // The decoder first: a UI that sees a new latent snapshot has its decoder already.
        published = (epoch, batch)
        observer(.decoder(DecoderWeights(copying: model)))
        observer(.latent(evaluator.latentSnapshot(probeSet, epoch: epoch, batch: batch)))
        observer(.reconstructions(evaluator.reconstructionSnapshot(previewSet)))
    }
}

import Engine

/// Where a run is in its life, as the header shows it.
public enum RunPhase: String, Sendable {
    case starting, training, paused, finished, stopped, diverged
}

/// One point of a chart series, x in epochs.
public struct ChartPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Everything the UI shows of one run at one moment: an immutable copy taken from its monitor.
public struct RunSnapshot: Sendable {
    /// Grows with every change, so the UI redraws only when something is new.
    public var version: UInt64 = 0
    public var config: TrainingConfig
    public var phase: RunPhase = .starting
    public var pauseRequested = false
    /// The epoch in progress (from 1) and its last batch; 0 before the first batch.
    public var epoch = 0
    public var batch = 0
    public var batchesPerEpoch = 0
    public var epochs: [EpochMetrics] = []
    /// Smoothed per-batch loss, x in epochs.
    public var batchLoss = DownsampledSeries()
    public var latent: LatentSnapshot?
    public var reconstructions: ReconstructionSnapshot?
    /// The decoder as of the latest latent snapshot: what the latent explorer decodes with.
    public var decoder: DecoderWeights?
    /// The probe images' codes after each epoch so far, for the time-lapse.
    public var timeLapse: LatentTimeLapse?
    public var stepsPerSecond: Double = 0
    /// Monotonic seconds when training started and ended.
    public var startedAt: Double?
    public var endedAt: Double?
    /// Monotonic seconds when the trainer last paused, while it is paused.
    public var pausedAt: Double?
    /// Seconds spent paused in earlier pauses: the clock does not count them.
    public var pausedSeconds: Double = 0
    /// The rate the trainer last reported.
    public var learningRate: Float
    public var hints: [TrainingHint] = []
    /// Why the run ended, when it did not simply finish (stopped, diverged), or a save error.
    public var message: String?
    public var test: TestMetrics?
    /// The epoch whose weights the run kept (its best, or its last), once it has ended.
    public var keptEpoch: Int?
    /// The folder of the latest save.
    public var savedFolder: String?
    /// Why the last save failed and where what could be kept went; nil once a save succeeds.
    public var saveFailure: String?
    public var kernel: String?
    public var threads = 1

    public init(config: TrainingConfig) {
        self.config = config
        learningRate = config.learningRate
    }

    public var model: ModelKind { config.model }

    /// The phase with a pause or resume shown at once, before the trainer answers it.
    public var displayPhase: RunPhase {
        guard phase == .training || phase == .paused else { return phase }
        return pauseRequested ? .paused : .training
    }

    public var isActive: Bool { phase == .starting || phase == .training || phase == .paused }

    /// Seconds spent training, pauses left out.
    public func elapsed(now: Double) -> Double {
        guard let startedAt else { return 0 }
        return max(0, (endedAt ?? pausedAt ?? now) - startedAt - pausedSeconds)
    }

    /// Seconds of training left at the pace so far (evaluation included); nil before the first
    /// batch and once the run has ended.
    public func remaining(now: Double) -> Double? {
        let done = progress / Double(max(config.epochs, 1))
        guard isActive, done > 0, done < 1 else { return nil }
        return elapsed(now: now) * (1 - done) / done
    }

    /// The latest k-NN probe accuracy of the latent codes (validation images).
    public var probeAccuracy: Double? {
        test?.valProbeAccuracy ?? epochs.last(where: { $0.probeAccuracy != nil })?.probeAccuracy
    }

    /// Training progress in epochs, e.g. 2.5 halfway through the third epoch.
    public var progress: Double {
        guard epoch > 0, batchesPerEpoch > 0 else { return Double(epochs.count) }
        return Double(epoch - 1) + Double(batch) / Double(batchesPerEpoch)
    }
}

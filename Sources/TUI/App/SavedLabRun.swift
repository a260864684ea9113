import Engine
import Foundation

/// A saved run behind the `LabRun` protocol, read-only: its monitor holds what the folder saved
/// (the epochs from `metrics.jsonl`, the status, test figures and hints from `summary.json`, the
/// time-lapse) and what its weights give on the data (the latent scatter of the probe images and
/// the preview digits' reconstructions, by the calls a trainer publishes live ones with, and a
/// copy of the decoder for the latent explorer). Nothing trains, so
/// there is nothing to pause, restart, rescale or save: those requests change nothing.
public final class SavedLabRun: LabRun {
    public let model: ModelKind
    public let monitor: RunMonitor
    /// The run folder.
    public let directory: URL
    /// The validation images its codes are of (the latent explorer's nearest digits).
    public let validationImages: LabeledImages?

    /// Loads the run in `directory` (an error names the file and what is wrong with it) and
    /// evaluates its weights on the data `data` gives for its config and summary.
    public init(directory: URL, data: (TrainingConfig, RunSummary?) throws -> MNIST) throws {
        let (config, network, summary) = try RunStore.load(directory)
        var snapshot = RunSnapshot(config: config)
        snapshot.epochs = try RunCatalog.metrics(of: directory)
        snapshot.phase = switch summary?.status {
        case .stopped?: .stopped
        case .diverged?: .diverged
        default: .finished
        }
        snapshot.epoch = snapshot.epochs.count
        snapshot.test = summary?.test
        snapshot.keptEpoch = summary?.keptEpoch
        snapshot.message = summary?.message
        snapshot.hints = summary?.hints ?? []
        snapshot.savedFolder = directory.path
        snapshot.learningRate = snapshot.epochs.last?.learningRate ?? config.learningRate
        let data = try data(config, summary)
        // A diverged run's weights hold NaNs: there is nothing to plot or decode.
        if snapshot.phase != .diverged {
            let evaluator = Evaluator(model: network, gemm: GEMM(threads: 1), batch: Batch(capacity: network.capacity))
            let sizes = LiveSnapshots()
            // The saved weights are the kept epoch's: the scatter says so.
            snapshot.latent = evaluator.latentSnapshot(data.validation.subset(0..<min(sizes.probeImages, data.validation.count)),
                                                       epoch: snapshot.keptEpoch ?? snapshot.epochs.count, batch: 0)
            snapshot.reconstructions = evaluator.reconstructionSnapshot(data.test.subset(0..<min(sizes.previewDigits, data.test.count)))
            snapshot.decoder = DecoderWeights(copying: network)
        }
        snapshot.timeLapse = try LatentTimeLapse.load(from: directory)
        validationImages = data.validation
        model = config.model
        monitor = RunMonitor(snapshot: snapshot)
        self.directory = directory
    }

    public func restart() {}
    public func restart(with config: TrainingConfig) {}
    public func togglePause() -> Bool { false }
    public func scaleLearningRate(by factor: Float) {}
    public func requestSave() {}
    public func stopKeepingBest() {}
    public func stop() {}
    public func wait(timeout seconds: Double) -> Bool { true }
}

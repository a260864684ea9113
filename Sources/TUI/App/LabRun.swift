import Engine

/// One run as the training screen steers it: `TrainingRun` trains for real; tests put a double
/// behind it to drive pause, restart, rate changes and saves in-process.
public protocol LabRun: AnyObject, Sendable {
    var model: ModelKind { get }
    /// Where the run reports; the screen reads its snapshots.
    var monitor: RunMonitor { get }
    /// Stops the current trainer (saved as stopped) and starts a fresh one.
    func restart()
    /// Stops the current trainer (saved as stopped) and starts a fresh one with `config` (a hint's fix).
    func restart(with config: TrainingConfig)
    /// Stops the run between batches keeping its best validation epoch's weights (saved as stopped).
    func stopKeepingBest()
    /// Pauses or resumes; returns the new state.
    @discardableResult func togglePause() -> Bool
    /// Asks the trainer to multiply its learning rate from the next batch.
    func scaleLearningRate(by factor: Float)
    /// Asks the trainer to save between batches.
    func requestSave()
    func stop()
    /// Waits until the run has ended and been saved; false on timeout.
    func wait(timeout seconds: Double) -> Bool
    /// The validation images its latent snapshots encode (the explorer shows the nearest ones);
    /// nil when the run has no data at hand.
    var validationImages: LabeledImages? { get }
}

extension LabRun {
    public var validationImages: LabeledImages? { nil }
}

import Dispatch
import Engine
import Foundation
import Synchronization

/// What both runs of the lab share: the data (loaded once), where runs are saved, threads per run.
public struct RunEnvironment: Sendable {
    public var data: MNIST
    public var dataDirectory: String
    public var runsDirectory: URL
    public var threads: Int

    public init(data: MNIST, dataDirectory: String, runsDirectory: URL, threads: Int) {
        self.data = data
        self.dataDirectory = dataDirectory
        self.runsDirectory = runsDirectory
        self.threads = threads
    }
}

/// One of the lab's runs: a serial queue that trains it, the control that steers it and the
/// monitor it reports to. Every run is saved when it ends (finished, stopped or restarted), and
/// on request in between; a later save of the same trainer replaces the earlier folder.
public final class TrainingRun: LabRun {
    public let monitor: RunMonitor
    public let environment: RunEnvironment
    private let queue: DispatchQueue
    private let group = DispatchGroup()

    private struct State {
        var config: TrainingConfig
        var control = TrainingControl()
        var paused = false
        /// The product of the +/- changes asked of the current trainer.
        var manualFactor: Float = 1
    }

    private let state: Mutex<State>

    public init(config: TrainingConfig, environment: RunEnvironment) {
        self.environment = environment
        monitor = RunMonitor(config: config)
        queue = DispatchQueue(label: "aetui.run.\(config.model.rawValue)", qos: .userInitiated)
        state = Mutex(State(config: config))
    }

    public var model: ModelKind { state.withLock { $0.config.model } }
    /// The config the next restart would use (the learning rate as last set).
    public var config: TrainingConfig { state.withLock { $0.config } }

    /// Queues a trainer with the current config; it starts once the queue's earlier trainer is done.
    public func start() {
        let (config, control, paused) = state.withLock { ($0.config, $0.control, $0.paused) }
        control.setPaused(paused)
        queue.async(group: group) { [environment, monitor] in
            Self.train(config: config, control: control, environment: environment, monitor: monitor)
        }
    }

    /// Stops the current trainer (it is saved as stopped) and queues a fresh, unpaused one behind it:
    /// the same config on a fresh schedule, its base rate carrying the +/- changes asked of the
    /// stopped one (not the rate in force: a schedule may have taken that down to 0).
    public func restart() {
        let config = state.withLock { state in
            var config = state.config
            config.learningRate *= state.manualFactor
            return config
        }
        restart(with: config)
    }

    /// Stops the current trainer (saved as stopped) and queues a fresh, unpaused one with `config`.
    public func restart(with config: TrainingConfig) {
        let old = state.withLock { state in
            defer {
                state.config = config
                state.config.learningRateChanges = []
                state.control = TrainingControl()
                state.paused = false
                state.manualFactor = 1
            }
            return state.control
        }
        old.stop()
        monitor.setPauseRequested(false)
        start()
    }

    /// Pauses or resumes; returns the new state.
    @discardableResult
    public func togglePause() -> Bool {
        let (paused, control) = state.withLock { state in
            state.paused.toggle()
            return (state.paused, state.control)
        }
        control.setPaused(paused)
        monitor.setPauseRequested(paused)
        return paused
    }

    /// Asks the trainer to multiply its learning rate from the next batch; the monitor shows the
    /// rate once the trainer reports it.
    public func scaleLearningRate(by factor: Float) {
        state.withLock { state in
            state.manualFactor *= factor
            return state.control
        }.scaleLearningRate(by: factor)
    }

    public var validationImages: LabeledImages? { environment.data.validation }

    /// Asks the trainer to save between batches (it also does while paused).
    public func requestSave() { state.withLock { $0.control }.requestSave() }

    public func stop() { state.withLock { $0.control }.stop() }

    public func stopKeepingBest() { state.withLock { $0.control }.stopKeepingBest() }

    /// Waits until every queued trainer has ended and been saved; false on timeout.
    public func wait(timeout seconds: Double) -> Bool {
        group.wait(timeout: .now() + seconds) == .success
    }

    // MARK: - On the run's queue

    private static func train(config: TrainingConfig, control: TrainingControl, environment: RunEnvironment, monitor: RunMonitor) {
        monitor.begin(config: config)
        // One math thread per run by default: two runs train at once on their own cores.
        let gemm = GEMM(threads: environment.threads)
        let trainer = Trainer(config: config, data: environment.data, gemm: gemm, control: control,
                              live: LiveSnapshots()) { event in monitor.record(event) }
        var folder: URL?
        func save(_ outcome: TrainingOutcome, _ model: Autoencoder) {
            do {
                folder = try RunStore.save(config: config, outcome: outcome, model: model, kernel: gemm.kernel.name,
                                           threads: gemm.threads, dataDirectory: environment.dataDirectory,
                                           runsDirectory: environment.runsDirectory, replacing: folder)
                if let folder { monitor.setSaved(folder: folder.path) }
            } catch {
                monitor.setMessage("save failed: \(error)")
                monitor.setSaveFailure("\(error)")
            }
        }
        trainer.onSaveRequest = { outcome, model in save(outcome, model) }
        let outcome = trainer.run()
        save(outcome, trainer.model)
    }
}

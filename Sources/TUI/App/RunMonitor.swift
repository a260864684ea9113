import Dispatch
import Engine
import Synchronization

/// The box through which one run reports to the UI: the training thread records events, the UI
/// thread copies the latest snapshot. Both hold the lock only for a few assignments, so neither
/// waits on the other.
public final class RunMonitor: Sendable {
    /// How much of each new batch loss goes into the smoothed curve.
    static let smoothing: Float = 0.05
    /// Steps per second are measured over windows of about this many seconds.
    static let rateWindow = 1.0

    private struct State {
        var snapshot: RunSnapshot
        var smoothedLoss: Float?
        var rateStart: Double?
        var rateBatches = 0
    }

    private let state: Mutex<State>
    private let clock: @Sendable () -> Double

    public init(config: TrainingConfig, clock: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        state = Mutex(State(snapshot: RunSnapshot(config: config)))
        self.clock = clock
    }

    /// A monitor that holds `snapshot` and hears from no trainer (a saved run).
    public init(snapshot: RunSnapshot, clock: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        state = Mutex(State(snapshot: snapshot))
        self.clock = clock
    }

    public var snapshot: RunSnapshot { state.withLock { $0.snapshot } }

    /// Starts over for a new trainer with `config` (a restart); the version keeps growing.
    public func begin(config: TrainingConfig) {
        state.withLock { state in
            var fresh = RunSnapshot(config: config)
            fresh.version = state.snapshot.version + 1
            fresh.pauseRequested = state.snapshot.pauseRequested
            fresh.savedFolder = nil
            state = State(snapshot: fresh)
        }
    }

    /// Takes in one trainer event; called on the training thread for every batch, so it is cheap.
    public func record(_ event: TrainingEvent) {
        let now = clock()
        state.withLock { state in
            state.snapshot.version += 1
            switch event {
            case let .started(kernel, threads, batchesPerEpoch):
                state.snapshot.phase = .training
                state.snapshot.kernel = kernel
                state.snapshot.threads = threads
                state.snapshot.batchesPerEpoch = batchesPerEpoch
                state.snapshot.startedAt = now
            case let .batch(epoch, batch, loss, learningRate):
                state.snapshot.epoch = epoch
                state.snapshot.batch = batch
                state.snapshot.learningRate = learningRate
                let smoothed = state.smoothedLoss.map { $0 + Self.smoothing * (loss - $0) } ?? loss
                state.smoothedLoss = smoothed
                state.snapshot.batchLoss.append(x: state.snapshot.progress, y: Double(smoothed))
                Self.countBatch(&state, now: now)
            case .epoch(let metrics):
                state.snapshot.epochs.append(metrics)
            case .latent(let latent):
                state.snapshot.latent = latent
            case .reconstructions(let reconstructions):
                state.snapshot.reconstructions = reconstructions
            case .decoder(let decoder):
                state.snapshot.decoder = decoder
            case .timeLapse(let timeLapse):
                state.snapshot.timeLapse = timeLapse
            case .hint(let hint):
                state.snapshot.hints.append(hint)
            case .paused(true):
                state.snapshot.pausedAt = now
            case .paused(false):
                Self.endPause(&state.snapshot, now: now)
            case .finished(let outcome):
                state.snapshot.phase = switch outcome.status {
                case .finished, .running, .earlyStopped: .finished
                case .stopped: .stopped
                case .diverged: .diverged
                }
                state.snapshot.message = outcome.message
                state.snapshot.test = outcome.test
                state.snapshot.keptEpoch = outcome.keptEpoch
                Self.endPause(&state.snapshot, now: now)
                state.snapshot.endedAt = now
                state.snapshot.stepsPerSecond = 0
            }
        }
    }

    /// Adds the pause that ends now to the time the clock leaves out.
    private static func endPause(_ snapshot: inout RunSnapshot, now: Double) {
        guard let pausedAt = snapshot.pausedAt else { return }
        snapshot.pausedSeconds += now - pausedAt
        snapshot.pausedAt = nil
    }

    private static func countBatch(_ state: inout State, now: Double) {
        guard let start = state.rateStart else {
            state.rateStart = now
            state.rateBatches = 0
            return
        }
        state.rateBatches += 1
        if now - start >= rateWindow {
            state.snapshot.stepsPerSecond = Double(state.rateBatches) / (now - start)
            state.rateStart = now
            state.rateBatches = 0
        }
    }

    public func setPauseRequested(_ paused: Bool) { update { $0.pauseRequested = paused } }
    public func setSaved(folder: String) {
        update { snapshot in
            snapshot.savedFolder = folder
            snapshot.saveFailure = nil
        }
    }

    public func setSaveFailure(_ problem: String) { update { $0.saveFailure = problem } }
    public func setMessage(_ message: String) { update { $0.message = message } }

    private func update(_ change: (inout RunSnapshot) -> Void) {
        state.withLock { state in
            change(&state.snapshot)
            state.snapshot.version += 1
        }
    }
}

/// Seconds on a clock that never jumps (not wall time).
public enum MonotonicClock {
    @Sendable public static func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

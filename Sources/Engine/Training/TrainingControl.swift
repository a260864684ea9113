import Foundation
import Synchronization

/// Commands from another thread (the UI, a signal handler) to a running trainer, checked between
/// batches: pause, resume, stop, save, and a change of the learning rate (the trainer owns the
/// rate: it applies the change and reports the rate it trains with).
public final class TrainingControl: Sendable {
    private struct State {
        var paused = false
        var stopRequested = false
        var keepBestRequested = false
        var learningRateFactor: Float?
        var saveRequested = false
    }

    private let state = Mutex(State())

    public init() {}

    public func setPaused(_ paused: Bool) { state.withLock { $0.paused = paused } }
    public func stop() { state.withLock { $0.stopRequested = true } }
    /// Stops the run and keeps its best validation epoch's weights, whatever its `keep` says
    /// (the fix for overfitting).
    public func stopKeepingBest() {
        state.withLock { state in
            state.stopRequested = true
            state.keepBestRequested = true
        }
    }
    /// Multiplies the learning rate from the next batch on (changes before then combine).
    public func scaleLearningRate(by factor: Float) {
        state.withLock { $0.learningRateFactor = ($0.learningRateFactor ?? 1) * factor }
    }
    /// Asks the trainer to hand its current state to `Trainer.onSaveRequest` between batches.
    public func requestSave() { state.withLock { $0.saveRequested = true } }

    public var isPaused: Bool { state.withLock { $0.paused } }
    public var isStopRequested: Bool { state.withLock { $0.stopRequested } }
    public var isKeepBestRequested: Bool { state.withLock { $0.keepBestRequested } }

    /// The change of the learning rate asked for since the last call, if any.
    func takeLearningRateFactor() -> Float? {
        state.withLock { state in
            defer { state.learningRateFactor = nil }
            return state.learningRateFactor
        }
    }

    /// Blocks while paused (still answering save requests); returns false when the run should stop.
    func shouldContinue(onPauseChange: (Bool) -> Void, onSave: () -> Void) -> Bool {
        var announced = false
        while true {
            let (paused, stop, save) = state.withLock { state in
                defer { state.saveRequested = false }
                return (state.paused, state.stopRequested, state.saveRequested)
            }
            if save { onSave() }
            if stop { return false }
            if !paused {
                if announced { onPauseChange(false) }
                return true
            }
            if !announced {
                onPauseChange(true)
                announced = true
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

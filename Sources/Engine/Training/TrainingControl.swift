import Foundation
import Synchronization

/// Commands from another thread (the UI, a signal handler) to a running trainer, checked between
/// batches: pause, resume, stop, and a new learning rate.
public final class TrainingControl: Sendable {
    private struct State {
        var paused = false
        var stopRequested = false
        var learningRate: Float?
    }

    private let state = Mutex(State())

    public init() {}

    public func setPaused(_ paused: Bool) { state.withLock { $0.paused = paused } }
    public func stop() { state.withLock { $0.stopRequested = true } }
    public func setLearningRate(_ rate: Float) { state.withLock { $0.learningRate = rate } }

    public var isPaused: Bool { state.withLock { $0.paused } }
    public var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    /// A learning rate set since the last call, if any.
    func takeLearningRate() -> Float? {
        state.withLock { state in
            defer { state.learningRate = nil }
            return state.learningRate
        }
    }

    /// Blocks while paused; returns false when the run should stop.
    func shouldContinue(onPauseChange: (Bool) -> Void) -> Bool {
        var announced = false
        while true {
            let (paused, stop) = state.withLock { ($0.paused, $0.stopRequested) }
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

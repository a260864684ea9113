import Engine
import Synchronization

/// The box through which a running search reports to the search screen: the trials' threads
/// record events, the UI thread copies a snapshot. Each running trial gets a `RunMonitor`, the
/// same box a lab run reports through, so its live curves come for free.
public final class SearchMonitor: Sendable {
    /// A running trial as the screen shows it.
    public struct Running: Sendable {
        public var trial: TrialRecord
        public var run: RunSnapshot
    }

    public struct Snapshot: Sendable {
        public var running: [Running] = []
        /// Grows each time a trial finishes: the leaderboard is then read again.
        public var finished = 0
        public var lastFinished: TrialRecord?
        /// The search thread has returned (all done, stopped, or failed with `error`).
        public var ended = false
        public var error: String?
        public var version: UInt64 = 0
    }

    private struct State {
        var monitors: [Int: (trial: TrialRecord, monitor: RunMonitor)] = [:]
        var snapshot = Snapshot()
    }

    private let state = Mutex(State())

    public init() {}

    /// Takes in one search event (on a trial's thread).
    public func record(_ event: SearchEvent) {
        switch event {
        case let .trialStarted(trial, config):
            let monitor = RunMonitor(config: config)
            state.withLock { state in
                state.monitors[trial.index] = (trial, monitor)
                state.snapshot.version += 1
            }
        case let .training(index, event):
            state.withLock { $0.monitors[index]?.monitor }?.record(event)
        case .trialFinished(let trial):
            state.withLock { state in
                state.monitors[trial.index] = nil
                state.snapshot.finished += 1
                state.snapshot.lastFinished = trial
                state.snapshot.version += 1
            }
        }
    }

    public func end(error: String?) {
        state.withLock { state in
            state.snapshot.ended = true
            state.snapshot.error = error
            state.snapshot.version += 1
        }
    }

    public var snapshot: Snapshot {
        let (base, monitors) = state.withLock { ($0.snapshot, $0.monitors.values.sorted { $0.trial.index < $1.trial.index }) }
        var snapshot = base
        snapshot.running = monitors.map { Running(trial: $0.trial, run: $0.monitor.snapshot) }
        snapshot.version = base.version &+ snapshot.running.reduce(0) { $0 &+ $1.run.version }
        return snapshot
    }
}

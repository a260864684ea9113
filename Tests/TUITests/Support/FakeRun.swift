@testable import Engine
import Synchronization
@testable import TUI

/// A run that trains nothing: it records what the screen asks of it and answers through a real
/// monitor the way a trainer would (a pause shows at once, a save names a folder, a stop ends it).
final class FakeRun: LabRun {
    enum Call: Equatable { case restart, restartWith(TrainingConfig), togglePause, scaleLearningRate(Float), requestSave, stop, stopKeepingBest }

    let model: ModelKind
    let monitor: RunMonitor
    private let state = Mutex<(calls: [Call], paused: Bool, saves: Int)>(([], false, 0))

    init(_ model: ModelKind) {
        self.model = model
        var config = TrainingConfig()
        config.model = model
        monitor = RunMonitor(config: config, clock: { 0 })
        monitor.record(.started(kernel: "fake", threads: 1, batchesPerEpoch: 10))
    }

    var calls: [Call] { state.withLock { $0.calls } }

    func restart() { record(.restart) }

    func restart(with config: TrainingConfig) { record(.restartWith(config)) }

    func stopKeepingBest() { record(.stopKeepingBest) }

    func togglePause() -> Bool {
        let paused = state.withLock { state in
            state.calls.append(.togglePause)
            state.paused.toggle()
            return state.paused
        }
        monitor.setPauseRequested(paused)
        return paused
    }

    func scaleLearningRate(by factor: Float) { record(.scaleLearningRate(factor)) }

    func requestSave() {
        let saves = state.withLock { state in
            state.calls.append(.requestSave)
            state.saves += 1
            return state.saves
        }
        monitor.setSaved(folder: "runs/\(model.rawValue)-\(saves)")
    }

    func stop() {
        record(.stop)
        monitor.record(.finished(TrainingOutcome(status: .stopped, message: nil, epochs: [], test: nil, hints: [],
                                                 learningRateChanges: [], totalSeconds: 0)))
    }

    func wait(timeout seconds: Double) -> Bool { true }

    private func record(_ call: Call) { state.withLock { $0.calls.append(call) } }
}

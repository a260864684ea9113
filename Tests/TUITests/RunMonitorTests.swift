@testable import Engine
import Synchronization
import Testing
@testable import TUI

@Suite(.timeLimit(.minutes(1))) struct RunMonitorTests {
    final class FakeClock: Sendable {
        let now = Mutex(100.0)
        func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
        var read: @Sendable () -> Double { { self.now.withLock { $0 } } }
    }

    static func metrics(epoch: Int, accuracy: Double?) -> EpochMetrics {
        EpochMetrics(epoch: epoch, trainLoss: 0.05, trainMSE: 0.05, valLoss: 0.06, valMSE: 0.06, valCrossEntropy: nil,
                     valAccuracy: accuracy, probeAccuracy: 0.7, seconds: 1, evalSeconds: 0.1, samplesPerSecond: 1000,
                     learningRate: 0.005)
    }

    @Test func eventsBuildTheSnapshot() {
        let clock = FakeClock()
        var config = TrainingConfig()
        config.model = .supervised
        let monitor = RunMonitor(config: config, clock: clock.read)
        #expect(monitor.snapshot.phase == .starting)
        monitor.record(.started(kernel: "generic", threads: 1, batchesPerEpoch: 10))
        for batch in 1...10 {
            clock.advance(0.25)
            monitor.record(.batch(epoch: 1, batch: batch, loss: 1, learningRate: 0.005))
        }
        monitor.record(.epoch(Self.metrics(epoch: 1, accuracy: 0.8)))
        let hint = TrainingHint(cause: .collapsedBottleneck, epoch: 1, batch: nil, evidence: "latent collapse", learningRate: 0.005, fixes: [])
        monitor.record(.hint(hint))
        let snapshot = monitor.snapshot
        #expect(snapshot.phase == .training)
        #expect(snapshot.progress == 1)
        #expect(snapshot.batchLoss.points.count == 10)
        #expect(snapshot.stepsPerSecond == 4)
        #expect(snapshot.elapsed(now: 103) == 3)
        #expect(snapshot.probeAccuracy == 0.7)
        #expect(snapshot.hints == [hint])
        #expect(snapshot.version == 13)
    }

    @Test func aPauseShowsAtOnceAndTheEndFreezesTheClock() {
        let clock = FakeClock()
        let monitor = RunMonitor(config: TrainingConfig(), clock: clock.read)
        monitor.record(.started(kernel: "generic", threads: 1, batchesPerEpoch: 10))
        monitor.setPauseRequested(true)
        #expect(monitor.snapshot.displayPhase == .paused)
        clock.advance(5)
        monitor.record(.finished(TrainingOutcome(status: .stopped, message: "stopped at epoch 1", epochs: [], test: nil, hints: [], learningRateChanges: [], totalSeconds: 5)))
        clock.advance(60)
        let snapshot = monitor.snapshot
        #expect(snapshot.displayPhase == .stopped)
        #expect(snapshot.message == "stopped at epoch 1")
        #expect(snapshot.elapsed(now: 1000) == 5)
        #expect(!snapshot.isActive)
    }

    @Test func theClockStopsWhileTheTrainerIsPaused() {
        let clock = FakeClock()
        var config = TrainingConfig()
        config.epochs = 4
        let monitor = RunMonitor(config: config, clock: clock.read)
        monitor.record(.started(kernel: "generic", threads: 1, batchesPerEpoch: 10))
        clock.advance(10)
        monitor.record(.batch(epoch: 1, batch: 10, loss: 1, learningRate: 0.005))
        monitor.record(.paused(true))
        clock.advance(300)
        let paused = monitor.snapshot
        #expect(paused.elapsed(now: 410) == 10)
        #expect(paused.remaining(now: 410) == 30)
        monitor.record(.paused(false))
        clock.advance(10)
        monitor.record(.batch(epoch: 2, batch: 10, loss: 1, learningRate: 0.005))
        let resumed = monitor.snapshot
        #expect(resumed.elapsed(now: 420) == 20)
        #expect(resumed.remaining(now: 420) == 20)
        monitor.record(.paused(true))
        clock.advance(50)
        monitor.record(.finished(TrainingOutcome(status: .stopped, message: nil, epochs: [], test: nil, hints: [], learningRateChanges: [], totalSeconds: 20)))
        let ended = monitor.snapshot
        #expect(ended.elapsed(now: 1000) == 20)
        #expect(ended.remaining(now: 1000) == nil)
    }

    @Test func aRestartStartsOverButKeepsCounting() {
        let monitor = RunMonitor(config: TrainingConfig())
        monitor.record(.started(kernel: "generic", threads: 1, batchesPerEpoch: 10))
        monitor.record(.batch(epoch: 1, batch: 1, loss: 1, learningRate: 0.005))
        let before = monitor.snapshot.version
        var config = TrainingConfig()
        config.learningRate = 0.01
        monitor.begin(config: config)
        let snapshot = monitor.snapshot
        #expect(snapshot.version > before)
        #expect(snapshot.batchLoss.points.isEmpty)
        #expect(snapshot.phase == .starting)
        #expect(snapshot.learningRate == 0.01)
    }

    @Test func theBatchHistoryStaysBoundedAndCoversTheWholeRun() {
        var series = DownsampledSeries(capacity: 8)
        for index in 0..<100 { series.append(x: Double(index), y: 1) }
        #expect(series.points.count <= 8)
        #expect(series.stride == 16)
        #expect(series.points.first!.x < 10)
        #expect(series.points.last!.x > 80)
        #expect(series.points.allSatisfy { $0.y == 1 })
    }
}

import Engine
import Testing
@testable import TUI

@Suite struct HeaderTests {
    static func run(_ model: ModelKind, epoch: Int, batch: Int, pausedAt: Double? = nil) -> RunSnapshot {
        var config = TrainingConfig()
        config.model = model
        config.epochs = 10
        var snapshot = RunSnapshot(config: config)
        snapshot.phase = .training
        snapshot.epoch = epoch
        snapshot.batch = batch
        snapshot.batchesPerEpoch = 200
        snapshot.stepsPerSecond = 40
        snapshot.startedAt = 0
        snapshot.pausedAt = pausedAt
        snapshot.pauseRequested = pausedAt != nil
        return snapshot
    }

    static func render(_ runs: [RunSnapshot], width: Int, now: Double, compare: Bool = false) -> String {
        var canvas = Canvas(width: width, height: 1)
        HeaderWidget(focus: .supervised, compare: compare, runs: runs, now: now, context: TestContext.ascii)
            .draw(into: &canvas, in: Rect(x: 0, y: 0, width: width, height: 1))
        return canvas.rows(Rect(x: 0, y: 0, width: width, height: 1))[0]
    }

    @Test func showsTheBatchAndTheRunsETA() {
        // Two epochs of ten done in 60 s: 240 s to go.
        let halfway = Self.render([Self.run(.standard, epoch: 3, batch: 1), Self.run(.supervised, epoch: 2, batch: 200)], width: 120, now: 60)
        #expect(halfway.contains("epoch 2/10 batch 200/200"))
        #expect(halfway.contains("40 step/s"))
        #expect(halfway.contains("1:00 ETA 4:00"))
    }

    @Test func aPausedRunsClockAndETAStandStill() {
        let runs = [Self.run(.supervised, epoch: 2, batch: 200, pausedAt: 60)]
        let early = Self.render(runs, width: 120, now: 70), late = Self.render(runs, width: 120, now: 700)
        #expect(early == late)
        #expect(late.contains("paused"))
        #expect(late.contains("1:00 ETA 4:00"))
    }

    @Test func theLineFitsEightyColumns() {
        let line = Self.render([Self.run(.standard, epoch: 3, batch: 150), Self.run(.supervised, epoch: 3, batch: 150)], width: 80, now: 3600)
        #expect(line.contains("batch 150/200"))
        #expect(line.contains("ETA"))
        #expect(line.hasSuffix(" "))
    }

    /// With three-digit epochs and an ETA the other run goes rather than be cut.
    @Test func aLongLineDropsTheOtherRunWhole() {
        var runs = [Self.run(.standard, epoch: 21, batch: 86), Self.run(.supervised, epoch: 21, batch: 86)]
        for index in runs.indices { runs[index].config.epochs = 100 }
        let line = Self.render(runs, width: 80, now: 11)
        #expect(line.hasPrefix(" SUPERVISED  training | epoch 21/100 batch 86/200 | 0:11 ETA"))
        #expect(!line.contains("standard"))
    }
}

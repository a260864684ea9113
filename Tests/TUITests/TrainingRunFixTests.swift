@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

/// The fixes on real runs: `TrainingRun` restarts with the fixed config (the stopped run saved
/// first) and stops keeping the best epoch.
@Suite(.timeLimit(.minutes(1))) struct TrainingRunFixTests {
    static func run(epochs: Int, keep: KeptWeights = .best) throws -> (TrainingRun, URL) {
        let folder = try TestSupport.temporaryDirectory()
        let data = try MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 600, validationCount: 300)
        var config = TrainingConfig()
        config.layers = [64, 16, 2]
        config.classifier = [16]
        config.bottleneckActivation = .relu
        config.trainCount = 600
        config.validationCount = 300
        config.epochs = epochs
        config.keep = keep
        let environment = RunEnvironment(data: data, dataDirectory: TestSupport.bundledMNIST, runsDirectory: folder, threads: 1)
        return (TrainingRun(config: config, environment: environment), folder)
    }

    /// Polls until `condition` holds (at most 30 s).
    static func waitUntil(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    @Test func aRestartingFixTrainsTheFixedConfig() throws {
        let (run, folder) = try Self.run(epochs: 200)
        defer { try? FileManager.default.removeItem(at: folder) }
        run.start()
        #expect(Self.waitUntil { run.monitor.snapshot.epoch >= 1 })
        let fixed = HintFix.linearBottleneck.config(from: run.monitor.snapshot.config)
        run.restart(with: fixed)
        #expect(Self.waitUntil { run.monitor.snapshot.config.bottleneckActivation == .linear && run.monitor.snapshot.epoch >= 1 })
        #expect(run.config == fixed, "later restarts keep the fix")
        run.stop()
        #expect(run.wait(timeout: 30))
        let saved = RunCatalog.list(folder)
        #expect(saved.count == 2 && saved.allSatisfy { $0.summary?.status == .stopped })
        #expect(Set(saved.compactMap { $0.config?.bottleneckActivation }) == [.relu, .linear])
    }

    /// `r` after a cosine schedule reached 0: the restart trains at the base rate times the +/-
    /// changes, never at the 0 in force (a config its own loader would refuse).
    @Test func aRestartTrainsAtTheBaseRateWithTheManualChanges() throws {
        let (run, folder) = try Self.run(epochs: 2)
        defer { try? FileManager.default.removeItem(at: folder) }
        run.start()
        #expect(run.wait(timeout: 30))
        #expect(run.monitor.snapshot.learningRate == 0, "the cosine schedule's last epoch trains at lr 0")
        run.scaleLearningRate(by: 2)
        run.restart()
        #expect(run.config.learningRate == TrainingConfig().learningRate * 2)
        #expect(Self.waitUntil { run.monitor.snapshot.epoch >= 1 })
        run.stop()
        #expect(run.wait(timeout: 30))
        let rates = RunCatalog.list(folder).compactMap { $0.config?.learningRate }.sorted()
        #expect(rates == [TrainingConfig().learningRate, TrainingConfig().learningRate * 2])
        run.restart()
        #expect(run.config.learningRate == TrainingConfig().learningRate * 2, "the changes count once")
        run.stop()
        #expect(run.wait(timeout: 30))
    }

    @Test func theOverfittingFixStopsAndKeepsTheBestEpoch() throws {
        let (run, folder) = try Self.run(epochs: 200, keep: .last)
        defer { try? FileManager.default.removeItem(at: folder) }
        run.start()
        #expect(Self.waitUntil { run.monitor.snapshot.epochs.count >= 3 })
        run.stopKeepingBest()
        #expect(run.wait(timeout: 30))
        let snapshot = run.monitor.snapshot
        #expect(snapshot.phase == .stopped && snapshot.message?.contains("to keep the best epoch (") == true)
        let summary = try #require(RunCatalog.list(folder).first?.summary)
        #expect(summary.keptEpoch == summary.best?.epoch)
    }
}

@testable import Engine
import Foundation
import Testing

@Suite struct RunNameTests {
    static func epoch(_ number: Int, accuracy: Double) -> EpochMetrics {
        EpochMetrics(epoch: number, trainLoss: 0.1, trainMSE: 0.1, valLoss: 0.1, valMSE: 0.1, valCrossEntropy: 0.2,
                     valAccuracy: accuracy, probeAccuracy: nil, seconds: 0, evalSeconds: 0, samplesPerSecond: 0, learningRate: 0.01)
    }

    static func name(_ status: RunStatus, epochs: [EpochMetrics], testAccuracy: Double) -> String {
        var config = TrainingConfig()
        config.model = .supervised
        let test = TestMetrics(testLoss: 0.1, testMSE: 0.05, testCrossEntropy: 0.2, testAccuracy: 0.95, valAccuracy: testAccuracy,
                               valProbeAccuracy: 0.9, testProbeAccuracy: 0.9)
        let outcome = TrainingOutcome(status: status, message: nil, epochs: epochs, test: test, hints: [], learningRateChanges: [], totalSeconds: 0)
        return RunStore.runName(config: config, outcome: outcome, date: Date(timeIntervalSince1970: 0))
    }

    /// A run stopped mid-epoch (a restart in the lab) is named after the last completed epoch's
    /// figure, the one on screen, not its mid-epoch weights re-evaluated on the whole sets.
    @Test func aStoppedRunIsNamedAfterItsLastCompletedEpoch() {
        #expect(Self.name(.stopped, epochs: [Self.epoch(7, accuracy: 0.942)], testAccuracy: 0.922) == "19700101-000000-supervised-stopped-val_acc=0.942")
        #expect(Self.name(.stopped, epochs: [], testAccuracy: 0.922) == "19700101-000000-supervised-stopped-val_acc=0.922")
    }

    @Test(arguments: [RunStatus.finished, .earlyStopped])
    func anEndedRunIsNamedAfterItsFinalFigure(status: RunStatus) {
        #expect(Self.name(status, epochs: [Self.epoch(7, accuracy: 0.942)], testAccuracy: 0.951).hasSuffix("-val_acc=0.951"))
    }
}

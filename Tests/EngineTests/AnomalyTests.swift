import Engine
import Foundation
import TestSupport
import Testing

@Suite struct AnomalySplitTests {
    @Test func parsesDigitsAndRanges() throws {
        #expect(try AnomalySplit.parseDigits("3") == [3])
        #expect(try AnomalySplit.parseDigits("0-8") == Array(0...8))
        #expect(try AnomalySplit.parseDigits("0,1,2,3,4") == [0, 1, 2, 3, 4])
        #expect(try AnomalySplit.parseDigits("0-2,7") == [0, 1, 2, 7])
    }

    @Test(arguments: ["", "10", "3-1", "a", "1,,2", "-3", "0-9-2"])
    func refusesWhatIsNotDigits(text: String) {
        #expect(throws: AnomalySplitError.self) { try AnomalySplit.parseDigits(text) }
    }

    @Test func oneClassAndHoldOut() throws {
        let oneClass = try AnomalySplit(normal: [3])
        #expect(oneClass.isOneClass && oneClass.anomalous == [0, 1, 2, 4, 5, 6, 7, 8, 9] && oneClass.name == "3")
        let holdOut = try AnomalySplit(normal: [8, 0, 1, 2, 3, 4, 5, 6, 7], anomalous: [9])
        #expect(!holdOut.isOneClass && holdOut.normal == Array(0...8) && holdOut.name == "0-8 vs 9")
        #expect(try AnomalySplit(normal: [0, 1, 2, 3, 4], anomalous: [5, 6, 7, 8, 9]).name == "0-4 vs 5-9")
        #expect(AnomalySplit.nineHeldOut == holdOut)
    }

    @Test func refusesBadSplits() {
        #expect(throws: AnomalySplitError.self) { try AnomalySplit(normal: [1, 2], anomalous: [2, 3]) }
        #expect(throws: AnomalySplitError.self) { try AnomalySplit(normal: Array(0...9)) }
        #expect(throws: AnomalySplitError.self) { try AnomalySplit(normal: []) }
        #expect(throws: AnomalySplitError.self) { try AnomalySplit(normal: [11]) }
    }

    /// One-class: training and validation hold digit D only; the test set keeps every image, with
    /// its t10k index. Hold-out: the test set keeps the normal and anomalous digits only.
    @Test func restrictKeepsOnlyNormalDigitsForTraining() throws {
        let data = try TestSupport.loadedMNIST(trainCount: 200, validationCount: 100, testCount: 50)
        let (oneClass, allIndices) = try AnomalySplit(normal: [3]).restrict(data)
        #expect(oneClass.train.labels.allSatisfy { $0 == 3 } && oneClass.train.count == 20)
        #expect(oneClass.validation.labels.allSatisfy { $0 == 3 } && oneClass.validation.count == 10)
        #expect(allIndices == Array(0..<50) && oneClass.test.labels == data.test.labels)
        #expect(oneClass.train.image(0) == data.train.image(3))

        let (holdOut, indices) = try AnomalySplit(normal: [0, 1, 2], anomalous: [9]).restrict(data)
        #expect(holdOut.train.labels.allSatisfy { $0 <= 2 } && holdOut.train.count == 60)
        #expect(indices == (0..<50).filter { [0, 1, 2, 9].contains($0 % 10) })
        #expect(holdOut.test.labels == indices.map { data.test.labels[$0] })
        #expect(holdOut.test.image(3) == data.test.image(indices[3]))
    }
}

@Suite struct LatentScoreTests {
    /// Points at (±1, 0) and (0, ±2): mean 0, covariance diag(2/3, 8/3).
    @Test func mahalanobisKnownAnswer() {
        let gaussian = Mahalanobis(fitting: [-1, 0, 1, 0, 0, -2, 0, 2], dimensions: 2)
        let distances = gaussian.distances([1, 0, 0, 2, 0, 0, 1, 2])
        #expect(abs(distances[0] - Float(1.5).squareRoot()) < 1e-4)
        #expect(abs(distances[1] - Float(1.5).squareRoot()) < 1e-4)
        #expect(distances[2] == 0)
        #expect(abs(distances[3] - Float(3).squareRoot()) < 1e-4)
    }

    /// A constant (dead) unit does not make the covariance singular.
    @Test func mahalanobisSurvivesADeadUnit() {
        let gaussian = Mahalanobis(fitting: [1, 0, 2, 0, 3, 0], dimensions: 2)
        #expect(gaussian.distances([2, 0, 2, 1]).allSatisfy { $0.isFinite })
    }

    @Test func neighborDistances() {
        let references = NearestNeighbors(codes: [0, 0, 3, 4, 10, 10], labels: [0, 0, 0], dimensions: 2, k: 2)
        let distances = references.meanDistances([0, 1, 3, 4])
        #expect(abs(distances[0] - (1 + Float(18).squareRoot()) / 2) < 1e-5)
        #expect(abs(distances[1] - 2.5) < 1e-5)
        let one = NearestNeighbors(codes: [0, 0, 3, 4], labels: [0, 0], dimensions: 2, k: 1)
        #expect(one.meanDistances([0, 1]) == [1])
        #expect(one.meanDistances([0, 1, 3, 3], pool: WorkerPool(threads: 2)) == one.meanDistances([0, 1, 3, 3]))
    }
}

@Suite struct AnomalyExperimentTests {
    @Test func testScoresRoundTrip() throws {
        let scores = TestScores(testIndices: [4, 9, 17], labels: [3, 9, 1], isAnomaly: [false, true, true],
                                scores: [.reconstruction: [0.01, 0.2, 0.05], .entropy: [0, 1.5, 2]])
        let decoded = try TestScores.decode(scores.encoded(), path: "x")
        #expect(decoded == scores)
        #expect(throws: DataError.self) { try TestScores.decode(Data([1, 2, 3]), path: "x") }
    }

    /// Hold-out on synthetic data: both models train on the normal digits only and report every
    /// score that applies, with figures in range, and the saved run carries them.
    @Test(.timeLimit(.minutes(3)))
    func holdOutTrainsBothModels() throws {
        let data = try TestSupport.loadedMNIST(trainCount: 300, validationCount: 100, testCount: 100)
        var config = TrainingConfig()
        config.layers = [32, 8]
        config.classifier = [8]
        config.epochs = 2
        let split = try AnomalySplit(normal: Array(0...8), anomalous: [9])
        let jobs = AnomalyJob.jobs(for: [split], config: config)
        #expect(jobs.map(\.config.model) == [.standard, .supervised])
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for job in jobs {
            let run = AnomalyExperiment.run(config: job.config, split: split, data: data, settings: .init(), gemm: GEMM())
            let report = try #require(run.report)
            let scores = try #require(run.testScores)
            #expect(report.trainImages == 270 && report.testNormal == 90 && report.testAnomalous == 10)
            #expect(report.results.map(\.score) == AnomalyScore.available(for: job.config.model))
            for result in report.results {
                #expect((0...1).contains(result.metrics.rocAUC))
                let values = try #require(scores.scores[result.score])
                #expect(DetectionMetrics(scores: values, isAnomaly: scores.isAnomaly) == result.metrics)
            }
            #expect(scores.isAnomaly == scores.labels.map { $0 == 9 })
            let folder = try RunStore.save(config: run.config, outcome: run.outcome, model: run.model, kernel: "k", threads: 1,
                                           dataDirectory: data.directory, runsDirectory: directory, anomaly: (report, scores))
            let summary = try RunStore.decoder().decode(RunSummary.self, from: Data(contentsOf: folder.appendingPathComponent(RunStore.summaryFile)))
            #expect(summary.anomaly == report)
            #expect(try TestScores.decode(Data(contentsOf: folder.appendingPathComponent(TestScores.fileName)), path: "") == scores)
        }
    }
}

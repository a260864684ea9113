import Foundation

/// One model trained on a split's normal images and scored as an anomaly detector.
public struct AnomalyRun {
    public let config: TrainingConfig
    public let split: AnomalySplit
    public let outcome: TrainingOutcome
    public let model: Autoencoder
    /// Nil when training diverged (there is nothing to score).
    public let report: AnomalyReport?
    public let testScores: TestScores?
    /// The GEMM it trained with, as a saved run records it.
    public let kernel: String
    public let threads: Int

    /// Saves it as a run: config, metrics, weights, and the summary with the report beside
    /// `anomaly_scores.safetensors`.
    public func save(dataDirectory: String, runsDirectory: URL) throws -> URL {
        try RunStore.save(config: config, outcome: outcome, model: model, kernel: kernel, threads: threads,
                          dataDirectory: dataDirectory, runsDirectory: runsDirectory,
                          anomaly: report.flatMap { report in testScores.map { (report, $0) } })
    }
}

/// Trains on the normal digits only and scores the test set: the engine behind `aetui anomaly`
/// and the lab's anomaly screen.
public enum AnomalyExperiment {
    public struct Settings: Sendable {
        /// Share of normal images expected above the threshold: the threshold is the
        /// (1 - contamination) quantile of the normal validation images' scores.
        public var contamination: Double = 0.05
        /// k of the latent k-NN score.
        public var neighbors: Int = 5

        public init() {}
    }

    public static func run(config: TrainingConfig, split: AnomalySplit, data: MNIST, settings: Settings,
                           gemm: GEMM, control: TrainingControl = TrainingControl(), live: LiveSnapshots? = nil,
                           observer: @escaping (TrainingEvent) -> Void = { _ in }) -> AnomalyRun {
        let (restricted, testIndices) = split.restrict(data)
        let trainer = Trainer(config: config, data: restricted, gemm: gemm, control: control, live: live, observer: observer)
        // The k-NN class probe says little with one class; run it only on the last epoch.
        trainer.probeEvery = config.epochs
        let outcome = trainer.run()
        guard outcome.status != .diverged else {
            return AnomalyRun(config: config, split: split, outcome: outcome, model: trainer.model, report: nil, testScores: nil,
                              kernel: gemm.kernel.name, threads: gemm.threads)
        }
        let (report, scores) = evaluate(trainer.evaluator, split: split, data: restricted, testIndices: testIndices,
                                        settings: settings, pool: gemm.pool)
        return AnomalyRun(config: config, split: split, outcome: outcome, model: trainer.model, report: report, testScores: scores,
                          kernel: gemm.kernel.name, threads: gemm.threads)
    }

    /// Scores a trained model: references from the training images, threshold from the
    /// validation images, figures on the test images (`data` already restricted to the split).
    public static func evaluate(_ evaluator: Evaluator, split: AnomalySplit, data: MNIST, testIndices: [Int],
                                settings: Settings, pool: WorkerPool?) -> (AnomalyReport, TestScores) {
        let scorer = AnomalyScorer(evaluator: evaluator, reference: data.train, neighbors: settings.neighbors)
        let test = scorer.scores(of: data.test, pool: pool)
        let validation = scorer.scores(of: data.validation, pool: pool)
        let anomalous = Set(split.anomalous.map(UInt8.init))
        let isAnomaly = data.test.labels.map { anomalous.contains($0) }
        let results = AnomalyScore.allCases.compactMap { score -> ScoreResult? in
            guard let values = test[score], let reference = validation[score], !reference.isEmpty else { return nil }
            return ScoreResult(score: score, scores: values, isAnomaly: isAnomaly, validationScores: reference,
                               contamination: settings.contamination)
        }
        let anomalies = isAnomaly.count { $0 }
        let report = AnomalyReport(split: split, model: evaluator.model.config.model, contamination: settings.contamination,
                                   neighbors: settings.neighbors, trainImages: data.train.count,
                                   validationImages: data.validation.count, testNormal: isAnomaly.count - anomalies,
                                   testAnomalous: anomalies, results: results)
        return (report, TestScores(testIndices: testIndices, labels: data.test.labels, isAnomaly: isAnomaly, scores: test))
    }
}

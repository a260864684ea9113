/// One score's figures on the test set, and what the contamination threshold decides there.
public struct ScoreResult: Codable, Sendable, Equatable {
    public var score: AnomalyScore
    public var metrics: DetectionMetrics
    /// The (1 - contamination) quantile of the normal validation images' scores.
    public var threshold: Float
    public var confusion: ConfusionMatrix

    public init(score: AnomalyScore, scores: [Float], isAnomaly: [Bool], validationScores: [Float], contamination: Double) {
        self.score = score
        metrics = DetectionMetrics(scores: scores, isAnomaly: isAnomaly)
        threshold = quantile(validationScores, 1 - contamination)
        confusion = ConfusionMatrix(scores: scores, isAnomaly: isAnomaly, threshold: threshold)
    }
}

/// What one trained model measured as an anomaly detector: saved in its run's `summary.json`.
public struct AnomalyReport: Codable, Sendable, Equatable {
    public var split: AnomalySplit
    public var model: ModelKind
    public var contamination: Double
    /// k of the latent k-NN score.
    public var neighbors: Int
    public var trainImages: Int
    public var validationImages: Int
    public var testNormal: Int
    public var testAnomalous: Int
    public var results: [ScoreResult]

    enum CodingKeys: String, CodingKey {
        case split, model, contamination, neighbors, results
        case trainImages = "train_images", validationImages = "validation_images"
        case testNormal = "test_normal", testAnomalous = "test_anomalous"
    }

    public func result(_ score: AnomalyScore) -> ScoreResult? { results.first { $0.score == score } }
}

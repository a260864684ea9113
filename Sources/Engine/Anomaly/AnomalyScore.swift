import Foundation

/// The built-in anomaly scores; higher means more anomalous.
public enum AnomalyScore: String, Codable, Sendable, CaseIterable {
    /// Mean squared reconstruction error over the 784 pixels: the textbook score.
    case reconstruction = "recon_mse"
    /// Mean distance from the image's code to its k nearest training codes.
    case latentNeighbors = "latent_knn"
    /// Mahalanobis distance of the image's code to a Gaussian fitted on the training codes.
    case mahalanobis = "latent_mahalanobis"
    /// Supervised model only: 1 - the largest softmax probability.
    case softmaxUncertainty = "one_minus_max_softmax"
    /// Supervised model only: entropy of the softmax output (nats).
    case entropy = "softmax_entropy"

    /// The score this project recommends beside reconstruction error (docs/ANOMALY.md has the evidence).
    public static let recommended = AnomalyScore.reconstruction

    /// Short label for tables and the screen.
    public var title: String {
        switch self {
        case .reconstruction: "recon MSE"
        case .latentNeighbors: "latent k-NN"
        case .mahalanobis: "Mahalanobis"
        case .softmaxUncertainty: "1-max softmax"
        case .entropy: "entropy"
        }
    }

    /// Shorter still, for narrow table columns.
    public var shortTitle: String {
        switch self {
        case .reconstruction: "recon"
        case .latentNeighbors: "k-NN"
        case .mahalanobis: "Mahal."
        case .softmaxUncertainty: "1-max"
        case .entropy: "entropy"
        }
    }

    /// The scores a model of this kind can give.
    public static func available(for model: ModelKind) -> [AnomalyScore] {
        model == .supervised ? allCases : [.reconstruction, .latentNeighbors, .mahalanobis]
    }
}

/// Scores images with a trained model: fitted once on the (normal) training images' codes.
public struct AnomalyScorer {
    public let evaluator: Evaluator
    private let neighbors: NearestNeighbors
    private let gaussian: Mahalanobis

    public init(evaluator: Evaluator, reference: LabeledImages, neighbors k: Int) {
        self.evaluator = evaluator
        let codes = evaluator.encode(reference)
        let dimensions = evaluator.model.config.bottleneck
        neighbors = NearestNeighbors(codes: codes, labels: reference.labels, dimensions: dimensions, k: k)
        gaussian = Mahalanobis(fitting: codes, dimensions: dimensions)
    }

    /// Every available score of every image in `set`.
    public func scores(of set: LabeledImages, pool: WorkerPool?) -> [AnomalyScore: [Float]] {
        let result = evaluator.evaluate(set)
        var scores: [AnomalyScore: [Float]] = [
            .reconstruction: result.errors,
            .latentNeighbors: neighbors.meanDistances(result.codes, pool: pool),
            .mahalanobis: gaussian.distances(result.codes),
        ]
        if let probabilities = result.probabilities {
            let classes = TrainingConfig.classes
            let rows = (0..<set.count).map { probabilities[($0 * classes)..<(($0 + 1) * classes)] }
            scores[.softmaxUncertainty] = rows.map { 1 - ($0.max() ?? 0) }
            scores[.entropy] = rows.map { row in row.reduce(Float(0)) { $0 - ($1 > 0 ? $1 * log($1) : 0) } }
        }
        return scores
    }
}

/// Which autoencoder to build.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// 784 → L1 → L2 → Z → L2 → L1 → 784 (sigmoid), trained on MSE alone.
    case standard
    /// The standard AE plus a classifier branch Z → C1 → C2 → 10 (softmax); loss = MSE + α·CE.
    case supervised
}

/// The optimizers, with Keras defaults and update rules.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    case sgd, rmsprop, adam, adagrad
}

/// Everything that defines a training run. Defaults are the seed experiment's final configuration
/// with a linear 2-D bottleneck (a 2-unit ReLU bottleneck dies at most seeds; `seedPreset` keeps it).
public struct TrainingConfig: Codable, Sendable, Equatable {
    public var model: ModelKind = .supervised
    /// Encoder hidden sizes, the last one being the bottleneck Z; the decoder mirrors them.
    public var layers: [Int] = [392, 98, 2]
    public var classifier: [Int] = [40, 40]
    public var alpha: Float = 0.5
    public var hiddenActivation: Activation = .relu
    public var bottleneckActivation: Activation = .linear
    public var optimizer: OptimizerKind = .rmsprop
    public var learningRate: Float = 0.005
    public var momentum: Float = 0
    public var nesterov: Bool = false
    public var batchSize: Int = 48
    public var epochs: Int = 100
    public var seed: UInt64 = 1
    public var trainCount: Int = 10_000
    public var validationCount: Int = 10_000
    /// Early stopping: end the run once its validation figure has not improved for this many
    /// epochs (Keras `EarlyStopping`); nil trains every epoch.
    public var patience: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case model, layers, classifier, alpha, optimizer, momentum, nesterov, epochs, seed, patience
        case hiddenActivation = "hidden_activation", bottleneckActivation = "bottleneck_activation"
        case learningRate = "learning_rate", batchSize = "batch_size"
        case trainCount = "train_count", validationCount = "validation_count"
    }

    /// The seed experiment exactly: as the defaults, but with the ReLU bottleneck it used.
    public static var seedPreset: TrainingConfig {
        var config = TrainingConfig()
        config.bottleneckActivation = .relu
        return config
    }

    public var bottleneck: Int { layers.last ?? 0 }
    public static let imagePixels = 784
    public static let classes = 10

    /// Why this configuration cannot be trained, or nil when it can.
    public func validationError() -> String? {
        if layers.isEmpty { return "--layers needs at least one size (the bottleneck)" }
        if layers.contains(where: { $0 < 1 }) { return "--layers sizes must be positive" }
        if model == .supervised && classifier.contains(where: { $0 < 1 }) {
            return "--classifier sizes must be positive"
        }
        if [.softmax].contains(hiddenActivation) || bottleneckActivation == .softmax {
            return "softmax is only used for the classifier output"
        }
        if !(alpha >= 0) || !alpha.isFinite { return "--alpha must be a finite number >= 0" }
        if !(learningRate > 0) || !learningRate.isFinite { return "--lr must be a finite number > 0" }
        if !(momentum >= 0 && momentum < 1) { return "--momentum must be in [0, 1)" }
        if batchSize < 1 { return "--batch must be at least 1" }
        if epochs < 1 { return "--epochs must be at least 1" }
        if let patience, patience < 1 { return "--patience must be at least 1" }
        if trainCount < 1 || validationCount < 1 { return "--train and --val must be at least 1" }
        if trainCount + validationCount > 60_000 {
            return "--train + --val must be at most 60000 (the MNIST training file), got \(trainCount + validationCount)"
        }
        return nil
    }

    /// "784-392-98-2-98-392-784" (+ " | 2-40-40-10" for the classifier branch).
    public var architecture: String {
        let encoder = ([Self.imagePixels] + layers).map(String.init)
        let decoder = layers.dropLast().reversed().map(String.init) + [String(Self.imagePixels)]
        var text = (encoder + decoder).joined(separator: "-")
        if model == .supervised {
            text += " | " + ([bottleneck] + classifier + [Self.classes]).map(String.init).joined(separator: "-")
        }
        return text
    }
}

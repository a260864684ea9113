/// Which epoch's weights a run keeps.
public enum KeptWeights: String, Codable, Sendable, CaseIterable {
    case last, best
}

/// Everything that defines a training run. Defaults are the recipe of docs/EXPERIMENTS.md: the
/// seed experiment's model with a linear 2-D bottleneck (a 2-unit ReLU bottleneck dies at most
/// seeds), dropout 0.2, 50 epochs on a cosine schedule, the best validation epoch's weights kept.
/// `seedPreset` is the experiment's own choices.
public struct TrainingConfig: Codable, Sendable, Hashable {
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
    public var epochs: Int = 50
    public var seed: UInt64 = 1
    public var trainCount: Int = 10_000
    public var validationCount: Int = 10_000
    /// Early stopping: end the run once its validation figure has not improved for this many
    /// epochs (Keras `EarlyStopping`); nil trains every epoch.
    public var patience: Int?
    /// How the learning rate moves over the epochs.
    public var schedule = LearningRateSchedule(kind: .cosine)
    /// Which epoch's weights the run keeps (saves and tests): the last, or the best on validation
    /// (Keras `restore_best_weights`).
    public var keep: KeptWeights = .best
    /// Decoupled weight decay (AdamW, Keras `weight_decay`): each step first shrinks every weight
    /// matrix (not the biases) by learning rate × this.
    public var weightDecay: Float = 0
    /// Dropout rate after each hidden layer of the encoder and the classifier head (not the
    /// bottleneck, not the decoder); 0 is off.
    public var dropout: Float = 0.2
    /// Changes of the learning rate made while the run trained (the lab's `+`/`-`), replayed when
    /// the config is trained again.
    public var learningRateChanges: [LearningRateChange] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case model, layers, classifier, alpha, optimizer, momentum, nesterov, epochs, seed, patience, keep
        case schedule = "lr_schedule", weightDecay = "weight_decay", dropout
        case hiddenActivation = "hidden_activation", bottleneckActivation = "bottleneck_activation"
        case learningRate = "learning_rate", batchSize = "batch_size"
        case trainCount = "train_count", validationCount = "validation_count"
        case learningRateChanges = "learning_rate_changes"
    }

    /// A field missing from a saved config takes its default, so configs saved before a field
    /// existed still load; only the model, there from the start, is required.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func field<T: Decodable>(_ key: CodingKeys, _ keyPath: WritableKeyPath<TrainingConfig, T>, into config: inout TrainingConfig) throws {
            if let value = try container.decodeIfPresent(T.self, forKey: key) { config[keyPath: keyPath] = value }
        }
        var config = TrainingConfig()
        // Every config ever saved names its model: one without it is not a config.
        config.model = try container.decode(ModelKind.self, forKey: .model)
        try field(.layers, \.layers, into: &config)
        try field(.classifier, \.classifier, into: &config)
        try field(.alpha, \.alpha, into: &config)
        try field(.hiddenActivation, \.hiddenActivation, into: &config)
        try field(.bottleneckActivation, \.bottleneckActivation, into: &config)
        try field(.optimizer, \.optimizer, into: &config)
        try field(.learningRate, \.learningRate, into: &config)
        try field(.momentum, \.momentum, into: &config)
        try field(.nesterov, \.nesterov, into: &config)
        try field(.batchSize, \.batchSize, into: &config)
        try field(.epochs, \.epochs, into: &config)
        try field(.seed, \.seed, into: &config)
        try field(.trainCount, \.trainCount, into: &config)
        try field(.validationCount, \.validationCount, into: &config)
        try field(.learningRateChanges, \.learningRateChanges, into: &config)
        // Configs saved before schedules, kept weights and dropout existed trained without them.
        config.schedule = try container.decodeIfPresent(LearningRateSchedule.self, forKey: .schedule) ?? LearningRateSchedule()
        config.keep = try container.decodeIfPresent(KeptWeights.self, forKey: .keep) ?? .last
        try field(.weightDecay, \.weightDecay, into: &config)
        config.dropout = try container.decodeIfPresent(Float.self, forKey: .dropout) ?? 0
        config.patience = try container.decodeIfPresent(Int.self, forKey: .patience)
        self = config
    }

    /// The seed experiment exactly: its ReLU bottleneck, 100 epochs at a constant rate, no
    /// dropout, the last epoch's weights.
    public static var seedPreset: TrainingConfig {
        var config = TrainingConfig()
        config.bottleneckActivation = .relu
        config.epochs = 100
        config.dropout = 0
        config.schedule = LearningRateSchedule()
        config.keep = .last
        return config
    }

    public var bottleneck: Int { layers.last ?? 0 }
    public static let imagePixels = 784
    public static let classes = 10

    /// Why this configuration cannot be trained, or nil when it can.
    public func validationProblem() -> ConfigProblem? {
        func problem(_ setting: ConfigProblem.Setting, _ text: String) -> ConfigProblem { ConfigProblem(setting: setting, problem: text) }
        if layers.isEmpty { return problem(.layers, "needs at least one size (the bottleneck)") }
        if layers.contains(where: { $0 < 1 }) { return problem(.layers, "sizes must be positive") }
        if model == .supervised && classifier.contains(where: { $0 < 1 }) { return problem(.classifier, "sizes must be positive") }
        if hiddenActivation == .softmax { return problem(.hiddenActivation, "cannot be softmax (only the classifier output uses it)") }
        if bottleneckActivation == .softmax { return problem(.bottleneckActivation, "cannot be softmax (only the classifier output uses it)") }
        if !(alpha >= 0) || !alpha.isFinite { return problem(.alpha, "must be a finite number >= 0") }
        if !(learningRate > 0) || !learningRate.isFinite { return problem(.learningRate, "must be a finite number > 0") }
        if !(momentum >= 0 && momentum < 1) { return problem(.momentum, "must be in [0, 1)") }
        if optimizer != .sgd && momentum != 0 { return problem(.momentum, "applies to the sgd optimizer only (\(optimizer.rawValue) has none)") }
        if nesterov && !(optimizer == .sgd && momentum > 0) { return problem(.nesterov, "needs the sgd optimizer with a momentum above 0") }
        if batchSize < 1 { return problem(.batchSize, "must be at least 1") }
        if epochs < 1 { return problem(.epochs, "must be at least 1") }
        if let patience, patience < 1 { return problem(.patience, "must be at least 1") }
        if !(schedule.minimum >= 0 && schedule.minimum <= learningRate) { return problem(.lrMinimum, "must be in [0, the learning rate \(learningRate)]") }
        if schedule.warmupEpochs < 0 || schedule.warmupEpochs >= epochs { return problem(.warmupEpochs, "must be in [0, epochs) (epochs: \(epochs))") }
        if schedule.stepEpochs < 1 { return problem(.lrStepEpochs, "must be at least 1") }
        if !(schedule.gamma > 0 && schedule.gamma <= 1) { return problem(.lrGamma, "must be in (0, 1]") }
        if schedule.plateauPatience < 1 { return problem(.lrPatience, "must be at least 1") }
        if !(schedule.plateauFactor > 0 && schedule.plateauFactor < 1) { return problem(.lrFactor, "must be in (0, 1)") }
        if !(weightDecay >= 0 && weightDecay < 1) { return problem(.weightDecay, "must be in [0, 1)") }
        if !(dropout >= 0 && dropout < 1) { return problem(.dropout, "must be in [0, 1)") }
        if trainCount < 1 { return problem(.trainCount, "must be at least 1") }
        if validationCount < 1 { return problem(.validationCount, "must be at least 1") }
        // Each alone first: their sum could overflow.
        let images = MNIST.trainingFileCount
        if trainCount > images || validationCount > images || trainCount + validationCount > images {
            return problem(.split, "must be at most \(images) (the MNIST training file), got \(trainCount) + \(validationCount)")
        }
        if batchSize > trainCount {
            return problem(.batchSize, "\(batchSize) is larger than the training set (\(counted(trainCount, "image"))): use at most \(trainCount)")
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

/// Why a `TrainingConfig` cannot be trained: which setting, and what is wrong with it. Front ends
/// name the setting their own way (a flag on the command line, a field in `config.json`).
public struct ConfigProblem: Error, Equatable, Sendable {
    public enum Setting: String, Sendable, CaseIterable {
        case layers, classifier, hiddenActivation, bottleneckActivation, alpha, learningRate, momentum, nesterov, batchSize, epochs, patience
        case trainCount, validationCount
        case lrMinimum, warmupEpochs, lrStepEpochs, lrGamma, lrPatience, lrFactor, weightDecay, dropout
        /// Training and validation counts together.
        case split
    }

    public var setting: Setting
    /// What is wrong, to follow the setting's name: "must be a finite number > 0".
    public var problem: String

    public init(setting: Setting, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    /// The setting's field in `config.json`.
    public var field: String {
        let key: TrainingConfig.CodingKeys
        switch setting {
        case .layers: key = .layers
        case .classifier: key = .classifier
        case .hiddenActivation: key = .hiddenActivation
        case .bottleneckActivation: key = .bottleneckActivation
        case .alpha: key = .alpha
        case .learningRate: key = .learningRate
        case .momentum: key = .momentum
        case .nesterov: key = .nesterov
        case .batchSize: key = .batchSize
        case .epochs: key = .epochs
        case .patience: key = .patience
        case .trainCount: key = .trainCount
        case .validationCount: key = .validationCount
        case .weightDecay: key = .weightDecay
        case .dropout: key = .dropout
        case .lrMinimum: return "lr_schedule.min"
        case .warmupEpochs: return "lr_schedule.warmup_epochs"
        case .lrStepEpochs: return "lr_schedule.step_epochs"
        case .lrGamma: return "lr_schedule.gamma"
        case .lrPatience: return "lr_schedule.plateau_patience"
        case .lrFactor: return "lr_schedule.plateau_factor"
        case .split: return "\(TrainingConfig.CodingKeys.trainCount.stringValue) + \(TrainingConfig.CodingKeys.validationCount.stringValue)"
        }
        return key.stringValue
    }
}

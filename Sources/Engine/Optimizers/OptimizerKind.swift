/// The optimizers, with Keras defaults and update rules.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    case sgd, rmsprop, adam, adagrad
}

/// Updates parameters from their gradients. State (velocities, moments) is allocated at
/// construction, one buffer per parameter, so `step` allocates nothing.
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// One update of every parameter from its current gradient.
    func step()
}

public enum Optimizers {
    /// The optimizer a config asks for, with Keras defaults for everything it does not set.
    public static func make(for config: TrainingConfig, parameters: [Parameter]) -> Optimizer {
        switch config.optimizer {
        case .sgd:
            return SGD(parameters: parameters, learningRate: config.learningRate,
                       momentum: config.momentum, nesterov: config.nesterov)
        case .rmsprop:
            return RMSprop(parameters: parameters, learningRate: config.learningRate)
        case .adam:
            return Adam(parameters: parameters, learningRate: config.learningRate)
        case .adagrad:
            return Adagrad(parameters: parameters, learningRate: config.learningRate)
        }
    }
}

/// One state buffer shaped like each parameter.
func stateBuffers(like parameters: [Parameter], initialValue: Float = 0) -> [Matrix] {
    parameters.map { parameter in
        let state = Matrix(rows: parameter.value.rows, cols: parameter.value.cols)
        state.fill(initialValue)
        return state
    }
}

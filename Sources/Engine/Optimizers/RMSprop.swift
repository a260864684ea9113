import CKernels

/// Keras RMSprop: a = rho·a + (1 - rho)·g², w -= lr·g / sqrt(a + eps); rho 0.9, eps 1e-7.
public final class RMSprop: Optimizer {
    public var learningRate: Float
    public let rho: Float
    public let epsilon: Float
    private let state: OptimizerState

    public init(parameters: [Parameter], learningRate: Float = 0.001, rho: Float = 0.9, epsilon: Float = 1e-7,
                pool: WorkerPool? = nil) {
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
        state = OptimizerState(parameters, buffersPerParameter: 1, pool: pool)
    }

    public func step() {
        let lr = learningRate, rho = rho, epsilon = epsilon
        state.forEachSlice { slot, offset, count in
            ae_rmsprop(slot.value + offset, slot.gradient + offset, slot.first! + offset, count, lr, rho, epsilon)
        }
    }
}

import CKernels

/// Keras Adagrad: a += g² (a starts at 0.1), w -= lr·g / sqrt(a + eps); eps 1e-7.
public final class Adagrad: Optimizer {
    public var learningRate: Float
    public let epsilon: Float
    private let state: OptimizerState

    public init(parameters: [Parameter], learningRate: Float = 0.001, initialAccumulator: Float = 0.1,
                epsilon: Float = 1e-7, pool: WorkerPool? = nil) {
        self.learningRate = learningRate
        self.epsilon = epsilon
        state = OptimizerState(parameters, buffersPerParameter: 1, initialValue: initialAccumulator, pool: pool)
    }

    public func step() {
        let lr = learningRate, epsilon = epsilon
        state.forEachSlice { slot, offset, count in
            ae_adagrad(slot.value + offset, slot.gradient + offset, slot.first! + offset, count, lr, epsilon)
        }
    }
}

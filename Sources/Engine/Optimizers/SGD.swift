import CKernels

/// Keras SGD: w -= lr·g; with momentum v = m·v - lr·g, then w += v (Nesterov: w += m·v - lr·g).
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    private let state: OptimizerState

    public init(parameters: [Parameter], learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                pool: WorkerPool? = nil) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        state = OptimizerState(parameters, buffersPerParameter: momentum > 0 ? 1 : 0, pool: pool)
    }

    public func step() {
        let lr = learningRate, momentum = momentum, nesterov: Int32 = nesterov ? 1 : 0
        state.forEachSlice { slot, offset, count in
            if momentum == 0 {
                ae_sgd(slot.value + offset, slot.gradient + offset, count, lr)
            } else {
                ae_sgd_momentum(slot.value + offset, slot.gradient + offset, slot.first! + offset, count, lr, momentum, nesterov)
            }
        }
    }
}

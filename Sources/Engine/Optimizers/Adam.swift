import CKernels
import Foundation

/// Keras Adam: m and v moving averages, step lr·sqrt(1 - b2^t)/(1 - b1^t)·m / (sqrt(v) + eps);
/// beta1 0.9, beta2 0.999, eps 1e-7.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    private let state: OptimizerState
    private var iterations = 0

    public init(parameters: [Parameter], learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, pool: WorkerPool? = nil) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        state = OptimizerState(parameters, buffersPerParameter: 2, pool: pool)
    }

    public func step() {
        iterations += 1
        let t = Float(iterations)
        let stepSize = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        let beta1 = beta1, beta2 = beta2, epsilon = epsilon
        state.forEachSlice { slot, offset, count in
            ae_adam(slot.value + offset, slot.gradient + offset, slot.first! + offset, slot.second! + offset,
                    count, stepSize, beta1, beta2, epsilon)
        }
    }
}

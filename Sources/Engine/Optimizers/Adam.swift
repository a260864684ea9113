import Foundation

/// Keras Adam: m and v moving averages, step lr·sqrt(1 - b2^t)/(1 - b1^t)·m / (sqrt(v) + eps);
/// beta1 0.9, beta2 0.999, eps 1e-7.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    private let parameters: [Parameter]
    private let firstMoments: [Matrix]
    private let secondMoments: [Matrix]
    private var iterations = 0

    public init(parameters: [Parameter], learningRate: Float = 0.001,
                beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoments = stateBuffers(like: parameters)
        secondMoments = stateBuffers(like: parameters)
    }

    public func step() {
        iterations += 1
        let t = Float(iterations)
        let stepSize = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        let b1 = beta1, b2 = beta2, eps = epsilon
        for (index, parameter) in parameters.enumerated() {
            let w = parameter.value.data, g = parameter.gradient.data
            let m = firstMoments[index].data, v = secondMoments[index].data
            for i in 0..<parameter.value.count {
                m[i] += (g[i] - m[i]) * (1 - b1)
                v[i] += (g[i] * g[i] - v[i]) * (1 - b2)
                w[i] -= stepSize * m[i] / (v[i].squareRoot() + eps)
            }
        }
    }
}

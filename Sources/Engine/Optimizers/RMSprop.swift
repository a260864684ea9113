/// Keras RMSprop: a = rho·a + (1 - rho)·g², w -= lr·g / sqrt(a + eps); rho 0.9, eps 1e-7.
public final class RMSprop: Optimizer {
    public var learningRate: Float
    public let rho: Float
    public let epsilon: Float
    private let parameters: [Parameter]
    private let averages: [Matrix]

    public init(parameters: [Parameter], learningRate: Float = 0.001, rho: Float = 0.9, epsilon: Float = 1e-7) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
        averages = stateBuffers(like: parameters)
    }

    public func step() {
        let lr = learningRate, rho = rho, eps = epsilon
        for (index, parameter) in parameters.enumerated() {
            let w = parameter.value.data, g = parameter.gradient.data, a = averages[index].data
            for i in 0..<parameter.value.count {
                a[i] = rho * a[i] + (1 - rho) * g[i] * g[i]
                w[i] -= lr * g[i] / (a[i] + eps).squareRoot()
            }
        }
    }
}

/// Keras Adagrad: a += g² (a starts at 0.1), w -= lr·g / sqrt(a + eps); eps 1e-7.
public final class Adagrad: Optimizer {
    public var learningRate: Float
    public let epsilon: Float
    private let parameters: [Parameter]
    private let accumulators: [Matrix]

    public init(parameters: [Parameter], learningRate: Float = 0.001,
                initialAccumulator: Float = 0.1, epsilon: Float = 1e-7) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.epsilon = epsilon
        accumulators = stateBuffers(like: parameters, initialValue: initialAccumulator)
    }

    public func step() {
        let lr = learningRate, eps = epsilon
        for (index, parameter) in parameters.enumerated() {
            let w = parameter.value.data, g = parameter.gradient.data, a = accumulators[index].data
            for i in 0..<parameter.value.count {
                a[i] += g[i] * g[i]
                w[i] -= lr * g[i] / (a[i] + eps).squareRoot()
            }
        }
    }
}

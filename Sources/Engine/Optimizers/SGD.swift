/// Keras SGD: w -= lr·g; with momentum v = m·v - lr·g, then w += v (Nesterov: w += m·v - lr·g).
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    private let parameters: [Parameter]
    private let velocities: [Matrix]

    public init(parameters: [Parameter], learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        velocities = momentum > 0 ? stateBuffers(like: parameters) : []
    }

    public func step() {
        let lr = learningRate, m = momentum
        for (index, parameter) in parameters.enumerated() {
            let w = parameter.value.data, g = parameter.gradient.data
            let count = parameter.value.count
            if momentum == 0 {
                for i in 0..<count { w[i] -= lr * g[i] }
                continue
            }
            let v = velocities[index].data
            if nesterov {
                for i in 0..<count {
                    v[i] = m * v[i] - lr * g[i]
                    w[i] += m * v[i] - lr * g[i]
                }
            } else {
                for i in 0..<count {
                    v[i] = m * v[i] - lr * g[i]
                    w[i] += v[i]
                }
            }
        }
    }
}

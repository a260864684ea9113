import Foundation
import Engine
import Testing

/// Optimizer steps on one weight with a fixed gradient, against values worked out by hand from the
/// Keras update rules.
@Suite struct OptimizerTests {
    /// Runs `steps` updates of w = 1 with gradient 0.5 and returns w after each.
    static func trajectory(_ rule: Optimizer.Rule, learningRate: Float = 0.1, steps: Int) -> [Float] {
        let value = Matrix(rows: 1, cols: 1), gradient = Matrix(rows: 1, cols: 1)
        value[0, 0] = 1
        gradient[0, 0] = 0.5
        let optimizer = Optimizer(rule, parameters: [Parameter(name: "w", value: value, gradient: gradient)], learningRate: learningRate)
        return (0..<steps).map { _ in
            optimizer.step()
            return value[0, 0]
        }
    }

    static func expectClose(_ actual: [Float], _ expected: [Float]) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 1e-5, "got \(actual), expected \(expected)") }
    }

    @Test func plainSGD() {
        Self.expectClose(Self.trajectory(.sgd(momentum: 0, nesterov: false), steps: 2), [0.95, 0.9])
    }

    @Test func momentumSGD() {
        // v1 = -0.05, w1 = 0.95; v2 = 0.9·v1 - 0.05 = -0.095, w2 = 0.855.
        Self.expectClose(Self.trajectory(.sgd(momentum: 0.9, nesterov: false), steps: 2), [0.95, 0.855])
    }

    @Test func nesterovSGD() {
        // w1 = 1 + 0.9·(-0.05) - 0.05 = 0.905; w2 = 0.905 + 0.9·(-0.095) - 0.05 = 0.7695.
        Self.expectClose(Self.trajectory(.sgd(momentum: 0.9, nesterov: true), steps: 2),
                         [0.905, 0.7695])
    }

    @Test func rmsprop() {
        // a1 = 0.1·0.25 = 0.025, w1 = 1 - 0.05/sqrt(0.025 + 1e-7); a2 = 0.0475.
        let w1 = 1 - 0.05 / (0.025 + 1e-7).squareRoot()
        let w2 = w1 - 0.05 / (0.0475 + 1e-7).squareRoot()
        Self.expectClose(Self.trajectory(.rmsprop, steps: 2), [Float(w1), Float(w2)])
    }

    @Test func adam() {
        // Bias correction makes each early step close to lr in size for a constant gradient.
        var w = 1.0, m = 0.0, v = 0.0
        var expected: [Float] = []
        for t in 1...3 {
            m = 0.9 * m + 0.1 * 0.5
            v = 0.999 * v + 0.001 * 0.25
            let stepSize = 0.1 * (1 - pow(0.999, Double(t))).squareRoot() / (1 - pow(0.9, Double(t)))
            w -= stepSize * m / (v.squareRoot() + 1e-7)
            expected.append(Float(w))
        }
        #expect(abs(expected[0] - 0.9) < 1e-5)
        Self.expectClose(Self.trajectory(.adam, steps: 3), expected)
    }

    @Test func adagrad() {
        // Accumulator starts at 0.1: a1 = 0.35, a2 = 0.6.
        let w1 = 1 - 0.05 / (0.35 + 1e-7).squareRoot()
        let w2 = w1 - 0.05 / (0.6 + 1e-7).squareRoot()
        Self.expectClose(Self.trajectory(.adagrad, steps: 2), [Float(w1), Float(w2)])
    }

    @Test func configPicksKerasDefaults() {
        var config = TrainingConfig()
        config.optimizer = .adam
        config.learningRate = 0.01
        let optimizer = Optimizer.make(for: config, parameters: [])
        #expect(optimizer.rule == .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-7))
        #expect(optimizer.learningRate == 0.01)
        #expect(Optimizer.make(for: TrainingConfig(), parameters: []).rule == .rmsprop(rho: 0.9, epsilon: 1e-7))
        config.optimizer = .adagrad
        #expect(Optimizer.make(for: config, parameters: []).rule == .adagrad(initialAccumulator: 0.1, epsilon: 1e-7))
    }
}

/// Updating each layer as soon as backward is done with it gives the same weights, to the bit,
/// as updating everything after backward.
@Suite struct LayerwiseUpdateTests {
    @Test(arguments: [ModelKind.standard, .supervised]) func sameBitsAsOneStepAfterBackward(_ kind: ModelKind) {
        var config = TrainingConfig()
        config.model = kind
        config.layers = [64, 16, 2]
        config.classifier = [16]
        config.optimizer = .adam
        let batch = 12
        var rng = RandomGenerator(seed: 3)
        let x = (0..<(batch * TrainingConfig.imagePixels)).map { _ in rng.uniform(0, 1) }
        let labels = (0..<batch).map { UInt8($0 % 10) }
        let gemm = GEMM(threads: 2)
        func train(layerwise: Bool) -> [[Float]] {
            let model = Autoencoder(config: config, capacity: batch)
            model.initialize(seed: 7)
            let optimizer = Optimizer.make(for: config, parameters: model.parameters, pool: gemm.pool)
            for _ in 0..<3 {
                model.forward(x, batch: batch, gemm: gemm)
                _ = model.computeLoss(target: x, labels: labels, batch: batch)
                if layerwise {
                    optimizer.beginStep()
                    model.backward(x, batch: batch, gemm: gemm) { optimizer.update(parameters: Autoencoder.parameterRange(ofLayer: $0)) }
                } else {
                    model.backward(x, batch: batch, gemm: gemm)
                    optimizer.step()
                }
            }
            return model.parameters.map { Array(UnsafeBufferPointer(start: $0.value.data, count: $0.value.count)) }
        }
        let whole = train(layerwise: false), layerwise = train(layerwise: true)
        #expect(whole.map { $0.map(\.bitPattern) } == layerwise.map { $0.map(\.bitPattern) })
        #expect(whole.count == Autoencoder(config: config, capacity: 1).layers.count * 2)
    }
}

@testable import Engine
import Testing

/// Analytic gradients against central finite differences.
@Suite struct GradientTests {
    /// The activation as a layer's forward pass applies it: the GEMM's epilogue, then whole rows.
    static func activate(_ activation: Activation, _ y: inout [Float], rows: Int, cols: Int) {
        let bias = [Float](repeating: 0, count: cols)
        bias.withUnsafeBufferPointer { bias in
            y.withUnsafeMutableBufferPointer { y in
                activation.epilogue(bias: bias.baseAddress!).apply(y.baseAddress!, ld: cols, rows: rows, cols: cols)
                activation.finish(y.baseAddress!, rows: rows, cols: cols)
            }
        }
    }

    /// Relative error that tolerates float32 noise on tiny gradients.
    static func relativeError(_ analytic: Float, _ numeric: Float) -> Float {
        abs(analytic - numeric) / max(1e-2, abs(analytic) + abs(numeric))
    }

    /// Checks the gradient a fused loss reports for pre-activations `z` against central differences.
    static func checkLossGradient(at z: [Float], _ loss: ([Float]) -> (value: Float, gradient: [Float])) {
        let gradient = loss(z).gradient
        var probe = z
        for i in z.indices {
            probe[i] = z[i] + 1e-2
            let up = loss(probe).value
            probe[i] = z[i] - 1e-2
            let down = loss(probe).value
            probe[i] = z[i]
            #expect(relativeError(gradient[i], (up - down) / 2e-2) < 1e-2, "dL/dz[\(i)]")
        }
    }

    /// L = Σ c·Y for a fixed random c, so dL/dY = c: checks dW, db and dX of one layer.
    @Test(arguments: [Activation.relu, .sigmoid, .tanh, .linear])
    func denseLayer(_ activation: Activation) {
        let batch = 3, inputs = 5, outputs = 4
        let layer = Dense(inputs: inputs, outputs: outputs, activation: activation, capacity: batch)
        let x = Matrix(rows: batch, cols: inputs)
        // Finite differences are only valid away from ReLU's kink: take the first seed whose
        // pre-activations all keep a margin from zero.
        let found = (UInt64(1)...500).contains { seed in
            var rng = RandomGenerator(seed: seed)
            layer.initialize(using: &rng)
            for j in 0..<outputs { layer.bias.data[j] = rng.uniform(-0.5, 0.5) }
            for i in 0..<x.count { x.data[i] = rng.uniform(-1, 1) }
            let preactivations = (0..<(batch * outputs)).map { index -> Float in
                let (r, j) = (index / outputs, index % outputs)
                return (0..<inputs).reduce(layer.bias.data[j]) { $0 + x[r, $1] * layer.weight[$1, j] }
            }
            return preactivations.allSatisfy({ abs($0) > 0.05 }) && preactivations.contains(where: { $0 < 0 })
        }
        #expect(found, "no seed in 1...500 keeps every pre-activation away from ReLU's kink")
        var rng = RandomGenerator(seed: 99)
        let c = (0..<(batch * outputs)).map { _ in rng.uniform(-1, 1) }
        let gemm = GEMM()

        func loss() -> Float {
            layer.forward(x.data, batch: batch, gemm: gemm)
            return (0..<(batch * outputs)).reduce(0) { $0 + c[$1] * layer.output.data[$1] }
        }
        _ = loss()
        for i in 0..<(batch * outputs) { layer.outputGradient.data[i] = c[i] }
        let dx = Matrix(rows: batch, cols: inputs)
        layer.backward(x.data, batch: batch, gemm: gemm, inputGradient: dx.data)
        let dW = layer.weightGradient.toArray(), db = layer.biasGradient.toArray()

        let h: Float = 1e-2
        func numeric(_ pointer: UnsafeMutablePointer<Float>) -> Float {
            let saved = pointer.pointee
            pointer.pointee = saved + h
            let up = loss()
            pointer.pointee = saved - h
            let down = loss()
            pointer.pointee = saved
            return (up - down) / (2 * h)
        }
        for i in 0..<(inputs * outputs) {
            #expect(Self.relativeError(dW[i], numeric(layer.weight.data + i)) < 1e-2, "dW[\(i)]")
        }
        for j in 0..<outputs {
            #expect(Self.relativeError(db[j], numeric(layer.bias.data + j)) < 1e-2, "db[\(j)]")
        }
        for i in 0..<(batch * inputs) {
            #expect(Self.relativeError(dx.data[i], numeric(x.data + i)) < 1e-2, "dX[\(i)]")
        }
    }

    @Test func meanSquaredErrorFusedWithSigmoid() {
        let batch = 2, cols = 3
        var rng = RandomGenerator(seed: 4)
        let z = (0..<(batch * cols)).map { _ in rng.uniform(-2, 2) }
        let target = (0..<(batch * cols)).map { _ in rng.uniform(0, 1) }
        func loss(_ z: [Float]) -> (value: Float, gradient: [Float]) {
            var y = z
            Self.activate(.sigmoid, &y, rows: batch, cols: cols)
            var g = [Float](repeating: 0, count: z.count)
            let value = Losses.meanSquaredError(output: y, target: target, batch: batch, cols: cols, activation: .sigmoid,
                                                gradient: &g, pass: SquaredErrorPass(capacity: z.count))
            return (value, g)
        }
        Self.checkLossGradient(at: z, loss)
        // Known answer: mean over pixels and batch of (sigmoid(0) - 1)² = 0.25.
        var g = [Float](repeating: 0, count: 4)
        let half: [Float] = [0.5, 0.5, 0.5, 0.5]
        #expect(Losses.meanSquaredError(output: half, target: [1, 1, 1, 1], batch: 2, cols: 2, activation: .sigmoid,
                                        gradient: &g, pass: SquaredErrorPass(capacity: 4)) == 0.25)
    }

    @Test func crossEntropyFusedWithSoftmax() {
        let batch = 3, classes = 4, weight: Float = 0.5
        var rng = RandomGenerator(seed: 8)
        let z = (0..<(batch * classes)).map { _ in rng.uniform(-2, 2) }
        let labels: [UInt8] = [0, 3, 1]
        func loss(_ z: [Float]) -> (value: Float, gradient: [Float]) {
            var p = z
            Self.activate(.softmax, &p, rows: batch, cols: classes)
            var g = [Float](repeating: 0, count: z.count)
            let value = Losses.crossEntropy(probabilities: p, labels: labels, batch: batch, classes: classes, weight: weight, gradient: &g)
            return (weight * value, g)
        }
        Self.checkLossGradient(at: z, loss)
        // Known answer: uniform probabilities over 4 classes give ln 4.
        let uniform = [Float](repeating: 0.25, count: 4)
        let value = Losses.crossEntropy(probabilities: uniform, labels: [2], batch: 1, classes: 4, weight: 1, gradient: nil)
        #expect(abs(value - Float(1.3862944)) < 1e-6)
    }

    /// The whole supervised model: encoder, decoder and classifier branch meeting at the bottleneck.
    @Test(arguments: [ModelKind.standard, .supervised])
    func wholeModel(_ kind: ModelKind) {
        var config = TrainingConfig()
        config.model = kind
        config.layers = [6, 5, 2]
        config.classifier = [4]
        config.hiddenActivation = .tanh
        config.bottleneckActivation = .linear
        config.alpha = 0.5
        let batch = 3
        let model = Autoencoder(config: config, capacity: batch)
        model.initialize(seed: 9)
        var rng = RandomGenerator(seed: 10)
        let x = (0..<(batch * 784)).map { _ in rng.uniform(0, 1) }
        let labels: [UInt8] = [1, 7, 3]
        let gemm = GEMM()
        func loss() -> Float {
            model.forward(x, batch: batch, gemm: gemm)
            return model.computeLoss(target: x, labels: labels, batch: batch, withGradients: false).total
        }
        model.forward(x, batch: batch, gemm: gemm)
        _ = model.computeLoss(target: x, labels: labels, batch: batch)
        model.backward(x, batch: batch, gemm: gemm)
        let h: Float = 1e-2
        for parameter in model.parameters {
            let analytic = parameter.gradient.toArray()
            // Every entry of small tensors; a spread sample of the 784-wide ones.
            let step = max(1, parameter.value.count / 25)
            for i in stride(from: 0, to: parameter.value.count, by: step) {
                let saved = parameter.value.data[i]
                parameter.value.data[i] = saved + h; let up = loss()
                parameter.value.data[i] = saved - h; let down = loss()
                parameter.value.data[i] = saved
                let numeric = (up - down) / (2 * h)
                #expect(abs(analytic[i] - numeric) < 2e-2 * max(abs(numeric), 1e-2) + 2e-5,
                        "\(parameter.name)[\(i)]: analytic \(analytic[i]) numeric \(numeric)")
            }
        }
    }
}

/// A standard or supervised autoencoder built from a `TrainingConfig`, with every buffer it needs
/// for batches of up to `capacity` rows allocated once at construction.
public final class Autoencoder {
    public let config: TrainingConfig
    public let capacity: Int
    public let encoder: [Dense]
    public let decoder: [Dense]
    /// Empty for the standard model.
    public let classifier: [Dense]

    /// Losses of the last `trainingStep` or `forward`+`computeLoss`.
    public struct Loss: Sendable, Equatable {
        public var total: Float
        public var mse: Float
        public var crossEntropy: Float
    }

    public init(config: TrainingConfig, capacity: Int) {
        self.config = config
        self.capacity = capacity
        let pixels = TrainingConfig.imagePixels
        // Each layer is told where its input is zero: the images' background (most of an MNIST
        // digit) in runs of pixels, later inputs as the layer before gives them.
        func zeros(after previous: Dense?) -> Dense.InputZeros { previous?.outputZeros ?? .inRuns }
        var encoder: [Dense] = []
        var width = pixels
        for (index, size) in config.layers.enumerated() {
            let isBottleneck = index == config.layers.count - 1
            encoder.append(Dense(inputs: width, outputs: size,
                                 activation: isBottleneck ? config.bottleneckActivation : config.hiddenActivation,
                                 capacity: capacity, dropout: isBottleneck ? 0 : config.dropout,
                                 inputZeros: zeros(after: encoder.last)))
            width = size
        }
        var decoder: [Dense] = []
        for size in config.layers.dropLast().reversed() {
            decoder.append(Dense(inputs: width, outputs: size, activation: config.hiddenActivation, capacity: capacity,
                                 inputZeros: zeros(after: decoder.last ?? encoder.last)))
            width = size
        }
        decoder.append(Dense(inputs: width, outputs: pixels, activation: .sigmoid, capacity: capacity,
                             inputZeros: zeros(after: decoder.last ?? encoder.last)))
        var classifier: [Dense] = []
        if config.model == .supervised {
            width = config.bottleneck
            for size in config.classifier {
                classifier.append(Dense(inputs: width, outputs: size, activation: config.hiddenActivation, capacity: capacity,
                                        dropout: config.dropout,
                                        inputZeros: zeros(after: classifier.last ?? encoder.last)))
                width = size
            }
            classifier.append(Dense(inputs: width, outputs: TrainingConfig.classes, activation: .softmax, capacity: capacity,
                                    inputZeros: zeros(after: classifier.last ?? encoder.last)))
        }
        self.encoder = encoder
        self.decoder = decoder
        self.classifier = classifier
        squaredError = SquaredErrorPass(capacity: capacity * pixels)
    }

    public var layers: [Dense] { encoder + decoder + classifier }
    public var codes: Matrix { encoder[encoder.count - 1].output }
    public var reconstructions: Matrix { decoder[decoder.count - 1].output }
    public var probabilities: Matrix? { classifier.last?.output }

    /// Named parameters in a fixed order (optimizer state and the safetensors file follow it).
    public var parameters: [Parameter] {
        func named(_ part: String, _ layers: [Dense]) -> [Parameter] {
            layers.enumerated().flatMap { index, layer in
                [Parameter(name: "\(part).\(index).weight", value: layer.weight, gradient: layer.weightGradient),
                 Parameter(name: "\(part).\(index).bias", value: layer.bias, gradient: layer.biasGradient)]
            }
        }
        return named("encoder", encoder) + named("decoder", decoder) + named("classifier", classifier)
    }

    /// Where `layers[index]`'s weight and bias sit in `parameters`.
    public static func parameterRange(ofLayer index: Int) -> Range<Int> { (2 * index)..<(2 * index + 2) }

    public func initialize(seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        for layer in layers { layer.initialize(using: &rng) }
        dropoutRNG = RandomGenerator(seed: seed ^ 0xD80_0D7)
    }

    /// The reconstruction loss's fused pass, with its buffers for a batch of `capacity`.
    private let squaredError: SquaredErrorPass

    /// Draws the dropout masks of training steps (hidden layers of the encoder and classifier).
    private var dropoutRNG = RandomGenerator(seed: 0)

    /// Encoder only: fills `codes` for `batch` images (with dropout when `training`).
    public func encode(_ x: UnsafePointer<Float>, batch: Int, gemm: GEMM, training: Bool = false) {
        chain(encoder, from: x, batch: batch, gemm: gemm, training: training)
    }

    /// The whole forward pass: codes, reconstructions and (supervised) class probabilities;
    /// `training` applies the config's dropout.
    public func forward(_ x: UnsafePointer<Float>, batch: Int, gemm: GEMM, training: Bool = false) {
        encode(x, batch: batch, gemm: gemm, training: training)
        decode(codes.data, batch: batch, gemm: gemm, training: training)
    }

    /// Decoder and classifier only, from `batch` given codes: fills `reconstructions` and
    /// `probabilities` (the latent explorer decodes points of the plane this way).
    public func decode(_ codes: UnsafePointer<Float>, batch: Int, gemm: GEMM, training: Bool = false) {
        chain(decoder, from: codes, batch: batch, gemm: gemm, training: training)
        if !classifier.isEmpty { chain(classifier, from: codes, batch: batch, gemm: gemm, training: training) }
    }

    /// Losses of the last forward pass; when `withGradients`, also seeds the output gradients
    /// (fused sigmoid+MSE and softmax+CE) for `backward`. The reconstruction loss's pass is split
    /// across `pool` when given (the same bits either way).
    public func computeLoss(target x: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int,
                            withGradients: Bool = true, pool: WorkerPool? = nil) -> Loss {
        let out = decoder[decoder.count - 1]
        let mse = Losses.meanSquaredError(output: out.output.data, target: x, batch: batch,
                                          cols: out.outputs, activation: out.activation,
                                          gradient: out.outputGradient.data, pass: squaredError, pool: pool)
        guard let head = classifier.last else { return Loss(total: mse, mse: mse, crossEntropy: 0) }
        let ce = Losses.crossEntropy(probabilities: head.output.data, labels: labels, batch: batch,
                                     classes: head.outputs, weight: config.alpha,
                                     gradient: withGradients ? head.outputGradient.data : nil)
        return Loss(total: mse + config.alpha * ce, mse: mse, crossEntropy: ce)
    }

    /// Backpropagates the gradients seeded by `computeLoss` into every parameter gradient. The
    /// bottleneck receives the decoder's and the classifier's gradients summed. `layerDone(i)`
    /// runs as soon as `layers[i]` has its final gradients and backward needs its weights no more.
    public func backward(_ x: UnsafePointer<Float>, batch: Int, gemm: GEMM, layerDone: (Int) -> Void = { _ in }) {
        let bottleneckGradient = encoder[encoder.count - 1].outputGradient.data
        Self.chainBackward(decoder, from: codes, batch: batch, gemm: gemm,
                           into: bottleneckGradient, accumulate: false) { layerDone(encoder.count + $0) }
        if !classifier.isEmpty {
            Self.chainBackward(classifier, from: codes, batch: batch, gemm: gemm,
                               into: bottleneckGradient, accumulate: true) { layerDone(encoder.count + decoder.count + $0) }
        }
        for index in stride(from: encoder.count - 1, through: 0, by: -1) {
            let layer = encoder[index]
            let input = index == 0 ? x : UnsafePointer(encoder[index - 1].output.data)
            // The input image needs no gradient: skip that GEMM.
            layer.backward(input, batch: batch, gemm: gemm,
                           inputGradient: index == 0 ? nil : encoder[index - 1].outputGradient.data)
            layerDone(index)
        }
    }

    private func chain(_ layers: [Dense], from input: UnsafePointer<Float>, batch: Int, gemm: GEMM, training: Bool) {
        var x = input
        for layer in layers {
            layer.forward(x, batch: batch, gemm: gemm)
            if training { layer.dropOut(batch: batch, using: &dropoutRNG) }
            x = UnsafePointer(layer.output.data)
        }
    }

    /// Backward through a branch whose last layer's gradient is already dL/dZ (fused loss).
    private static func chainBackward(_ layers: [Dense], from input: Matrix, batch: Int, gemm: GEMM,
                                      into inputGradient: UnsafeMutablePointer<Float>, accumulate: Bool,
                                      layerDone: (Int) -> Void) {
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[index]
            let x = index == 0 ? UnsafePointer(input.data) : UnsafePointer(layers[index - 1].output.data)
            let dx = index == 0 ? inputGradient : layers[index - 1].outputGradient.data
            layer.backward(x, batch: batch, gemm: gemm,
                           gradientIsPreactivation: index == layers.count - 1,
                           inputGradient: dx, accumulate: index == 0 && accumulate)
            layerDone(index)
        }
    }
}

/// A trainable tensor with its gradient, as optimizers and weight files see it.
public struct Parameter {
    public let name: String
    public let value: Matrix
    public let gradient: Matrix

    public init(name: String, value: Matrix, gradient: Matrix) {
        self.name = name
        self.value = value
        self.gradient = gradient
    }
}

/// Decodes latent codes into images (and, for the supervised model, class probabilities) with a
/// copy of a model's decoder: a model of its own, so it never touches the training one.
public final class LatentDecoder {
    public let config: TrainingConfig
    private let model: Autoencoder
    private let gemm = GEMM(threads: 1)

    /// What `decode` returns: one image (side x side floats in [0, 1]) per code, and the
    /// classifier's softmax (10 values) per code when the model has one.
    public struct Output: Sendable {
        public var images: [[Float]]
        public var probabilities: [[Float]]?
    }

    public init(_ weights: DecoderWeights, capacity: Int = 64) {
        config = weights.config
        model = Autoencoder(config: weights.config, capacity: capacity)
        load(weights)
    }

    /// Takes newer weights of the same model (the same config, so the buffers are reused).
    public func load(_ weights: DecoderWeights) {
        for parameter in model.parameters {
            guard let values = weights.tensors[parameter.name] else { continue }
            precondition(values.count == parameter.value.rows * parameter.value.cols, "weights of another architecture")
            parameter.value.copy(from: values)
        }
    }

    /// Decodes `codes` (`bottleneck` values a row), in chunks of the model's capacity.
    public func decode(_ codes: [Float]) -> Output {
        let z = config.bottleneck
        let count = codes.count / z
        var images: [[Float]] = []
        var probabilities: [[Float]]? = model.classifier.isEmpty ? nil : []
        images.reserveCapacity(count)
        var start = 0
        while start < count {
            let chunk = min(model.capacity, count - start)
            codes.withUnsafeBufferPointer { model.decode($0.baseAddress! + start * z, batch: chunk, gemm: gemm) }
            let out = model.reconstructions
            for row in 0..<chunk { images.append(Array(UnsafeBufferPointer(start: out.row(row), count: out.cols))) }
            if let head = model.probabilities {
                for row in 0..<chunk { probabilities?.append(Array(UnsafeBufferPointer(start: head.row(row), count: head.cols))) }
            }
            start += chunk
        }
        return Output(images: images, probabilities: probabilities)
    }
}

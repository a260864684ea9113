/// Runs a model over a whole image set in chunks of the model's capacity, without training.
public struct Evaluator {
    public let model: Autoencoder
    public let gemm: GEMM
    public let batch: Batch

    public init(model: Autoencoder, gemm: GEMM, batch: Batch) {
        precondition(batch.capacity <= model.capacity, "batch larger than the model's buffers")
        self.model = model
        self.gemm = gemm
        self.batch = batch
    }

    public struct Result: Sendable {
        public var loss: Float
        public var mse: Float
        public var crossEntropy: Float?
        public var accuracy: Double?
        /// Bottleneck codes, one row per image.
        public var codes: [Float]
        /// Reconstruction MSE of each image (mean over pixels).
        public var errors: [Float]
        /// Supervised only: the classifier's softmax output, one row of 10 per image.
        public var probabilities: [Float]?
    }

    public func evaluate(_ set: LabeledImages) -> Result {
        let z = model.config.bottleneck
        var codes = [Float](repeating: 0, count: set.count * z)
        var errors = [Float](repeating: 0, count: set.count)
        var mseSum = 0.0, ceSum = 0.0
        var correct = 0
        var probabilities = model.probabilities.map { [Float](repeating: 0, count: set.count * $0.cols) }
        var start = 0
        while start < set.count {
            let count = min(batch.capacity, set.count - start)
            batch.load(set, indices: (start..<(start + count)).asSlice)
            model.forward(batch.images.data, batch: count, gemm: gemm)
            let loss = model.computeLoss(target: batch.images.data, labels: batch.labels, batch: count, withGradients: false)
            mseSum += Double(loss.mse) * Double(count)
            ceSum += Double(loss.crossEntropy) * Double(count)
            codes.withUnsafeMutableBufferPointer {
                ($0.baseAddress! + start * z).update(from: model.codes.data, count: count * z)
            }
            errors.withUnsafeMutableBufferPointer {
                Losses.perRowSquaredError(output: model.reconstructions.data, target: batch.images.data,
                                          batch: count, cols: TrainingConfig.imagePixels, into: $0.baseAddress! + start)
            }
            if let head = model.probabilities {
                for r in 0..<count where Self.argmax(head.row(r), count: head.cols) == Int(batch.labels[r]) {
                    correct += 1
                }
                probabilities?.withUnsafeMutableBufferPointer {
                    ($0.baseAddress! + start * head.cols).update(from: head.data, count: count * head.cols)
                }
            }
            start += count
        }
        let n = Double(max(1, set.count))
        let mse = Float(mseSum / n)
        let supervised = model.config.model == .supervised
        let ce = Float(ceSum / n)
        return Result(loss: supervised ? mse + model.config.alpha * ce : mse, mse: mse,
                      crossEntropy: supervised ? ce : nil,
                      accuracy: supervised ? Double(correct) / n : nil, codes: codes, errors: errors,
                      probabilities: probabilities)
    }

    /// Bottleneck codes only (encoder forward), one row per image.
    public func encode(_ set: LabeledImages) -> [Float] {
        let z = model.config.bottleneck
        var codes = [Float](repeating: 0, count: set.count * z)
        var start = 0
        while start < set.count {
            let count = min(batch.capacity, set.count - start)
            batch.load(set, indices: (start..<(start + count)).asSlice)
            model.encode(batch.images.data, batch: count, gemm: gemm)
            codes.withUnsafeMutableBufferPointer {
                ($0.baseAddress! + start * z).update(from: model.codes.data, count: count * z)
            }
            start += count
        }
        return codes
    }

    /// Reconstructions of a set small enough for one chunk (preview digits), one array per image.
    public func reconstruct(_ set: LabeledImages) -> [[Float]] {
        let count = min(set.count, batch.capacity)
        batch.load(set, indices: (0..<count).asSlice)
        model.forward(batch.images.data, batch: count, gemm: gemm)
        return (0..<count).map { Array(UnsafeBufferPointer(start: model.reconstructions.row($0), count: model.reconstructions.cols)) }
    }

    /// The codes of `set` in two dimensions (a PCA projection when the bottleneck is wider), as a
    /// UI plots them; `epoch` and `batch` say when they were taken.
    public func latentSnapshot(_ set: LabeledImages, epoch: Int, batch: Int) -> LatentSnapshot {
        let codes = encode(set)
        let plane = LatentPlane(fitting: codes, dimensions: model.config.bottleneck)
        return LatentSnapshot(points: plane.project(codes), labels: set.labels, isProjected: plane.isProjected, epoch: epoch, batch: batch,
                              plane: plane)
    }

    /// The digits of `set` and their reconstructions, as a UI shows them.
    public func reconstructionSnapshot(_ set: LabeledImages) -> ReconstructionSnapshot {
        ReconstructionSnapshot(originals: (0..<set.count).map(set.image), reconstructions: reconstruct(set), side: MNIST.side)
    }

    /// The k-NN latent probe: the model's codes of `set`, with their labels, as the references.
    public func latentProbe(fittedOn set: LabeledImages) -> NearestNeighbors {
        NearestNeighbors(codes: encode(set), labels: set.labels, dimensions: model.config.bottleneck)
    }

    /// Test metrics with the k-NN probe fit on training codes.
    public func testMetrics(data: MNIST, pool: WorkerPool?) -> TestMetrics {
        let test = evaluate(data.test)
        let validation = evaluate(data.validation)
        let probe = latentProbe(fittedOn: data.train)
        return TestMetrics(testLoss: test.loss, testMSE: test.mse, testCrossEntropy: test.crossEntropy,
                           testAccuracy: test.accuracy, valAccuracy: validation.accuracy,
                           valProbeAccuracy: probe.accuracy(validation.codes, labels: data.validation.labels, pool: pool),
                           testProbeAccuracy: probe.accuracy(test.codes, labels: data.test.labels, pool: pool))
    }

    static func argmax(_ values: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for j in 1..<count where values[j] > values[best] { best = j }
        return best
    }
}

extension Range where Bound == Int {
    /// The range as an index slice, the form `LabeledImages.gather` takes.
    var asSlice: ArraySlice<Int> { Array(self)[...] }
}

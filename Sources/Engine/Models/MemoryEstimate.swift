import Foundation

/// What a configuration will cost in memory, known before anything is allocated, so that absurd
/// sizes are refused with a figure instead of crashing in an allocation a minute later.
extension TrainingConfig {
    /// Bytes one run of this config takes at most: per layer weights and biases with their
    /// gradients, optimizer state and the copies a save makes, and the batch buffers of
    /// `max(batch, 256)` rows; the batch of input images; the latent codes of the largest image
    /// set (for the k-NN probe) and the PCA covariance of the bottleneck. Counted in `Double`, so
    /// sizes near `Int.max` give a huge figure instead of an overflow.
    public func estimatedMemory(largestSet: Int = MNIST.trainingFileCount) -> Double {
        let rows = Double(max(batchSize, 256))
        let stateBuffers: Double = switch optimizer {
        case .adam: 2
        case .rmsprop, .adagrad: 1
        case .sgd: momentum > 0 ? 1 : 0
        }
        let pairs = layerShapes.map { (Double($0.inputs), Double($0.outputs)) }
        let floats = pairs.reduce(0.0) { total, pair in
            let parameters = pair.0 * pair.1 + pair.1
            // value, gradient, optimizer state, and two copies while saving; output and its gradient.
            return total + parameters * (4 + stateBuffers) + 2 * rows * pair.1
        }
        let z = Double(bottleneck)
        let images = rows * Double(Self.imagePixels)
        let codes = 3 * Double(largestSet) * z
        return 4 * (floats + images + codes) + 8 * z * z
    }

    /// Bytes of every weight and bias as saved (float32); nil when a config read from a file
    /// names sizes whose product does not fit an Int.
    public var parameterBytes: Int? {
        var total = 0
        for shape in layerShapes {
            let (weights, over1) = shape.inputs.multipliedReportingOverflow(by: shape.outputs)
            let (values, over2) = weights.addingReportingOverflow(shape.outputs)
            let (bytes, over3) = values.multipliedReportingOverflow(by: 4)
            let (sum, over4) = total.addingReportingOverflow(bytes)
            guard !(over1 || over2 || over3 || over4) else { return nil }
            total = sum
        }
        return total
    }

    /// Inputs and outputs of every dense layer: encoder, decoder, then the classifier branch.
    public var layerShapes: [(inputs: Int, outputs: Int)] {
        var widths = [Self.imagePixels] + layers + layers.dropLast().reversed() + [Self.imagePixels]
        var shapes = zip(widths, widths.dropFirst()).map { (inputs: $0, outputs: $1) }
        if model == .supervised {
            widths = [bottleneck] + classifier + [Self.classes]
            shapes += zip(widths, widths.dropFirst()).map { (inputs: $0, outputs: $1) }
        }
        return shapes
    }

    /// Why `runs` runs of this config at once cannot fit in `physicalMemory` bytes, or nil.
    public func memoryProblem(runs: Int = 1, physicalMemory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> String? {
        let needed = estimatedMemory() * Double(runs)
        guard needed > Double(physicalMemory) else { return nil }
        let what = runs == 1 ? "this configuration needs" : "\(runs) runs of this configuration need"
        return "\(what) about \(Self.gigabytes(needed)) of memory (weights, gradients, optimizer state and batch buffers of \(architecture)), more than the \(Self.gigabytes(Double(physicalMemory))) this machine has"
    }

    static func gigabytes(_ bytes: Double) -> String {
        bytes >= 1e15 ? String(format: "%.1e GB", bytes / 1e9) : String(format: "%.1f GB", bytes / 1e9)
    }
}

import CKernels
import Foundation

/// Losses fused with the output activation's gradient: one pass gives the loss and dL/dZ.
enum Losses {
    /// Keras MSE: mean over pixels, then over the batch. Writes dL/dZ of `activation` into
    /// `gradient` (fused for sigmoid: 2(y - t)·y(1 - y) / (batch·cols)) and returns the loss. The
    /// fused pass is split across `pool` when there is one.
    static func meanSquaredError(
        output y: UnsafePointer<Float>, target t: UnsafePointer<Float>, batch: Int, cols: Int,
        activation: Activation, gradient g: UnsafeMutablePointer<Float>,
        pass: SquaredErrorPass, pool: WorkerPool? = nil
    ) -> Float {
        let count = batch * cols
        let scale = 2 / Float(count)
        if activation == .sigmoid {
            return Float(pass.run(y, t, g, count: count, scale: scale, pool: pool) / Double(count))
        }
        var total: Double = 0
        for i in 0..<count {
            let d = y[i] - t[i]
            total += Double(d * d)
            g[i] = scale * d
        }
        activation.backward(outputs: y, gradient: g, count: count)
        return Float(total / Double(count))
    }

    /// Per-image MSE of reconstructions (mean over pixels), for scores and anomaly detection.
    static func perRowSquaredError(
        output y: UnsafePointer<Float>, target t: UnsafePointer<Float>, batch: Int, cols: Int,
        into errors: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<batch {
            var sum: Float = 0
            for j in (r * cols)..<((r + 1) * cols) {
                let d = y[j] - t[j]
                sum += d * d
            }
            errors[r] = sum / Float(cols)
        }
    }

    /// Probabilities are clipped to [1e-7, 1 - 1e-7] before the log, as Keras does.
    static let probabilityEpsilon: Float = 1e-7

    /// Categorical cross-entropy on softmax outputs `p` against class indices, mean over the batch.
    /// Writes weight·(p - onehot)/batch, the fused softmax+CE gradient, into `gradient` when given.
    static func crossEntropy(
        probabilities p: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int,
        classes: Int, weight: Float, gradient g: UnsafeMutablePointer<Float>?
    ) -> Float {
        var total: Double = 0
        for r in 0..<batch {
            let label = Int(labels[r])
            let pTrue = min(max(p[r * classes + label], probabilityEpsilon), 1 - probabilityEpsilon)
            total -= Double(log(pTrue))
        }
        if let g {
            let scale = weight / Float(batch)
            for r in 0..<batch {
                for j in 0..<classes {
                    let i = r * classes + j
                    g[i] = scale * (p[i] - (j == Int(labels[r]) ? 1 : 0))
                }
            }
        }
        return Float(total / Double(batch))
    }
}

/// The fused sigmoid + MSE pass over a batch, split across a pool on whole blocks of
/// `AE_MSE_BLOCK` values, with the block sums allocated once (a training step allocates nothing).
final class SquaredErrorPass: ParallelJob, @unchecked Sendable {
    static let block = Int(AE_MSE_BLOCK)
    let label = "loss and its gradient"
    /// Below this many values the pass stays on the calling thread.
    static let parallelThreshold = 4 * block

    private let sums: UnsafeMutablePointer<Float>
    private let capacity: Int
    // One pass's operands: set before `WorkerPool.run`, which orders them before the workers read them.
    private var y: UnsafePointer<Float>?
    private var t: UnsafePointer<Float>?
    private var g: UnsafeMutablePointer<Float>?
    private var count = 0
    private var scale: Float = 0
    private var parts = 1

    /// For passes over at most `capacity` values.
    init(capacity: Int) {
        self.capacity = capacity
        sums = .allocate(capacity: max(1, (capacity + Self.block - 1) / Self.block))
    }

    deinit { sums.deallocate() }

    /// Writes the gradient and returns Σ(y - t)², adding the blocks' sums in order.
    func run(_ y: UnsafePointer<Float>, _ t: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>,
             count: Int, scale: Float, pool: WorkerPool?) -> Double {
        precondition(count <= capacity, "squared-error pass over \(count) values, capacity \(capacity)")
        (self.y, self.t, self.g, self.count, self.scale) = (y, t, g, count, scale)
        if let pool, count >= Self.parallelThreshold {
            parts = pool.threads
            pool.run(self)
        } else {
            parts = 1
            run(part: 0)
        }
        var total: Double = 0
        for index in 0..<((count + Self.block - 1) / Self.block) { total += Double(sums[index]) }
        return total
    }

    func run(part: Int) {
        guard let y, let t, let g else { return }
        let values = WorkerPool.split(count, parts: parts, granule: Self.block, part: part)
        guard !values.isEmpty else { return }
        let start = values.lowerBound
        ae_mse_sigmoid(y + start, t + start, g + start, values.count, scale, sums + start / Self.block)
    }
}

import CKernels
import Foundation

/// Losses fused with the output activation's gradient: one pass gives the loss and dL/dZ.
enum Losses {
    /// Keras MSE: mean over pixels, then over the batch. Writes dL/dZ of `activation` into
    /// `gradient` (fused for sigmoid: 2(y - t)·y(1 - y) / (batch·cols)) and returns the loss.
    static func meanSquaredError(
        output y: UnsafePointer<Float>, target t: UnsafePointer<Float>, batch: Int, cols: Int,
        activation: Activation, gradient g: UnsafeMutablePointer<Float>
    ) -> Float {
        let count = batch * cols
        let scale = 2 / Float(count)
        if activation == .sigmoid {
            return Float(ae_mse_sigmoid(y, t, g, count, scale) / Double(count))
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

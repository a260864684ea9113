import Foundation

/// Element-wise activations. Derivatives are taken from the activation's output, so a layer keeps
/// only its output buffer. Softmax is only used fused with cross-entropy (see `Losses`).
public enum Activation: String, Codable, Sendable, CaseIterable {
    case relu, sigmoid, tanh, linear, softmax

    /// Applies the activation in place to `rows` x `cols` values.
    func apply(_ values: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        let count = rows * cols
        switch self {
        case .linear:
            break
        case .relu:
            for i in 0..<count { values[i] = max(values[i], 0) }
        case .sigmoid:
            for i in 0..<count { values[i] = Self.sigmoid(values[i]) }
        case .tanh:
            for i in 0..<count { values[i] = Foundation.tanh(values[i]) }
        case .softmax:
            for r in 0..<rows { Self.softmaxRow(values + r * cols, count: cols) }
        }
    }

    /// Turns dL/dY into dL/dZ in place, given the outputs Y. Softmax's gradient is produced fused
    /// with cross-entropy, so it is not handled here.
    func backward(outputs: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .linear, .softmax:
            break
        case .relu:
            for i in 0..<count where outputs[i] <= 0 { gradient[i] = 0 }
        case .sigmoid:
            for i in 0..<count { gradient[i] *= outputs[i] * (1 - outputs[i]) }
        case .tanh:
            for i in 0..<count { gradient[i] *= 1 - outputs[i] * outputs[i] }
        }
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        // Split by sign so exp never overflows to inf for large |x|.
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int) {
        var top = -Float.infinity
        for j in 0..<count { top = max(top, row[j]) }
        var sum: Float = 0
        for j in 0..<count {
            row[j] = exp(row[j] - top)
            sum += row[j]
        }
        let scale = 1 / sum
        for j in 0..<count { row[j] *= scale }
    }
}

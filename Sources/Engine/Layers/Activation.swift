import CKernels
import Foundation

/// Element-wise activations. Derivatives are taken from the activation's output, so a layer keeps
/// only its output buffer. Softmax is only used as the classifier output, fused with
/// cross-entropy for its gradient (see `Losses`).
public enum Activation: String, Codable, Sendable, CaseIterable {
    case relu, sigmoid, tanh, linear, softmax

    /// What a hidden layer or the bottleneck may use: all but softmax, the classifier's output.
    public static let hiddenChoices = allCases.filter { $0 != .softmax }

    /// The C kernels' code for this activation (softmax's bias add is the linear one).
    private var kernelCode: Int32 {
        let code: ae_activation
        switch self {
        case .relu: code = AE_ACT_RELU
        case .sigmoid: code = AE_ACT_SIGMOID
        case .tanh: code = AE_ACT_TANH
        case .linear, .softmax: code = AE_ACT_LINEAR
        }
        return Int32(bitPattern: code.rawValue)
    }

    /// What the GEMM that produces a layer's pre-activations does to each block of them as soon
    /// as it is computed: act(z + bias), element-wise (softmax only adds the bias; see `finish`).
    func epilogue(bias: UnsafePointer<Float>) -> GEMM.BiasActivation {
        GEMM.BiasActivation(bias: bias, activation: kernelCode)
    }

    /// The part of the activation that needs whole rows, after the epilogue: softmax normalises each.
    func finish(_ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        guard self == .softmax else { return }
        for r in 0..<rows { Self.softmaxRow(y + r * cols, count: cols) }
    }

    /// Turns dL/dY into dL/dZ in place, given the outputs Y. Softmax's gradient comes fused with
    /// cross-entropy, so it is not handled here.
    func backward(outputs: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int) {
        ae_activation_backward(outputs, gradient, count, kernelCode)
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

import CKernels

/// A fully connected layer, Y = act(X·W + b), with its gradients and batch buffers.
///
/// Shapes are in the names: `inputs` x `outputs` weights; `capacity` rows of batch buffers.
/// Everything is allocated here, once; forward and backward only reuse it.
public final class Dense {
    public let inputs: Int
    public let outputs: Int
    public let activation: Activation
    public let weight: Matrix
    public let bias: Matrix
    public let weightGradient: Matrix
    public let biasGradient: Matrix
    /// Post-activation outputs of the last forward pass.
    public let output: Matrix
    /// dL/dY on entry to `backward` (dL/dZ when the loss already folded the activation in).
    public let outputGradient: Matrix
    /// Inverted dropout on the outputs while training (Keras `Dropout` after the layer): each
    /// output kept with probability 1 − rate and scaled by 1 / (1 − rate). 0: none.
    public let dropout: Float
    /// This step's dropout factors (0 or 1 / (1 − rate)), allocated once when `dropout` > 0.
    private let mask: Matrix?
    /// Rows of `mask` in force: set by `dropOut`, used and cleared by `backward`.
    private var maskedRows = 0
    /// Where the input holds exact zeros, which products then skip (`GEMM.multiply`'s `zeros`).
    public let inputZeros: InputZeros

    /// The kind of exact zeros a layer's input holds. By tile, a product skips a k-step only where
    /// all of a micro-tile's rows are zero: samples for the forward product (Z = X·W), neighbouring
    /// units for the weight gradient (dW = Xᵀ·dZ). In a standard AE on MNIST at batch 256, the
    /// forward products kept 47% of the image's steps and 62-77% of ReLU outputs'; the weight
    /// gradients 39% of the image's and 98% of ReLU outputs', too few skipped to pay for finding
    /// them by tile. By row, each unit keeps only its own nonzero samples: 45-54% of a ReLU
    /// layer's at batch 48, and 19% of the image's pixels'.
    public enum InputZeros: Sendable {
        /// Few: every product multiplies everything.
        case few
        /// Per unit (ReLU's and dropout's outputs): a unit is often zero for a handful of samples.
        case perUnit
        /// In runs of neighbouring units (an image's background), besides per unit.
        case inRuns
    }

    public init(inputs: Int, outputs: Int, activation: Activation, capacity: Int, dropout: Float = 0,
                inputZeros: InputZeros = .few) {
        self.dropout = dropout
        self.inputZeros = inputZeros
        mask = dropout > 0 ? Matrix(rows: capacity, cols: outputs) : nil
        self.inputs = inputs
        self.outputs = outputs
        self.activation = activation
        weight = Matrix(rows: inputs, cols: outputs)
        bias = Matrix(rows: 1, cols: outputs)
        weightGradient = Matrix(rows: inputs, cols: outputs)
        biasGradient = Matrix(rows: 1, cols: outputs)
        output = Matrix(rows: capacity, cols: outputs)
        outputGradient = Matrix(rows: capacity, cols: outputs)
    }

    /// The zeros the weight gradient dW = Xᵀ·dZ skips over a batch of `batch` (its k): by row,
    /// where a row's B panel stays in L1; past that an image's by tile, a ReLU layer's none.
    func weightGradientZeros(batch: Int) -> GEMM.Zeros {
        switch inputZeros {
        case .few: .none
        case .inRuns: batch <= GEMM.rowZerosMaximumK ? .byRow : .byTile
        case .perUnit: batch <= GEMM.rowZerosMaximumK ? .byRow : .none
        }
    }

    /// The zeros of this layer's outputs: ReLU's, and dropout's while training, are often zero.
    public var outputZeros: InputZeros { activation == .relu || dropout > 0 ? .perUnit : .few }

    /// Glorot-uniform weights (limit sqrt(6 / (fan_in + fan_out))) and zero biases, as Keras.
    public func initialize(using rng: inout RandomGenerator) {
        let limit = (6 / Float(inputs + outputs)).squareRoot()
        for i in 0..<weight.count { weight.data[i] = rng.uniform(-limit, limit) }
        bias.fill(0)
    }

    /// output[0..<batch] = act(x · W + b); x is `batch` x `inputs`, row-major.
    public func forward(_ x: UnsafePointer<Float>, batch: Int, gemm: GEMM) {
        gemm.multiply(m: batch, n: outputs, k: inputs, a: x, lda: inputs, b: weight.data, ldb: outputs,
                      c: output.data, ldc: outputs, epilogue: activation.epilogue(bias: bias.data),
                      zeros: inputZeros == .few ? .none : .byTile)
        activation.finish(output.data, rows: batch, cols: outputs)
    }

    /// Drops outputs of the last forward pass at random (training only), scaling the kept ones.
    public func dropOut(batch: Int, using rng: inout RandomGenerator) {
        guard let mask else { return }
        let keep = 1 - dropout
        for i in 0..<(batch * outputs) {
            let factor: Float = rng.uniform(0, 1) < keep ? 1 / keep : 0
            mask.data[i] = factor
            output.data[i] *= factor
        }
        maskedRows = batch
    }

    /// Backpropagates `outputGradient` for inputs `x`: fills dW = Xᵀ·dZ and db = Σ dZ, and when
    /// `inputGradient` is given writes (or with `accumulate`, adds) dX = dZ·Wᵀ there.
    /// `gradientIsPreactivation`: the loss already produced dL/dZ (fused sigmoid/softmax).
    public func backward(
        _ x: UnsafePointer<Float>, batch: Int, gemm: GEMM,
        gradientIsPreactivation: Bool = false,
        inputGradient: UnsafeMutablePointer<Float>? = nil, accumulate: Bool = false
    ) {
        let dz = outputGradient.data
        if let mask, maskedRows == batch {
            // Through the dropout: dropped outputs get no gradient; kept ones get their
            // pre-dropout value back, which the activation's derivative reads.
            for i in 0..<(batch * outputs) where mask.data[i] != 0 {
                dz[i] *= mask.data[i]
                output.data[i] /= mask.data[i]
            }
            for i in 0..<(batch * outputs) where mask.data[i] == 0 { dz[i] = 0 }
            maskedRows = 0
        }
        if !gradientIsPreactivation {
            activation.backward(outputs: output.data, gradient: dz, count: batch * outputs)
        }
        gemm.multiply(transA: true, m: inputs, n: outputs, k: batch, a: x, lda: inputs,
                      b: dz, ldb: outputs, c: weightGradient.data, ldc: outputs, zeros: weightGradientZeros(batch: batch))
        ae_column_sums(dz, biasGradient.data, Int32(batch), Int32(outputs))
        if let dx = inputGradient {
            gemm.multiply(transB: true, m: batch, n: inputs, k: outputs, a: dz, lda: outputs,
                          b: weight.data, ldb: outputs, beta: accumulate ? 1 : 0, c: dx, ldc: inputs)
        }
    }
}

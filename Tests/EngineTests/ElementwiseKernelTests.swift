import CKernels
import Foundation
import Testing

/// The vectorised exp (through sigmoid), tanh and rsqrt of every `target_clones` copy this CPU can
/// run, against libm in double precision over a sweep and at the edges.
@Suite struct ElementwiseKernelTests {
    static let clones = (0..<ae_clone_count()).filter { ae_clone_supported($0) != 0 }

    /// -100...100 in steps of 1/64, then the edges: ±0, denormals, tiny and huge values, ±infinity.
    static let inputs: [Float] = stride(from: Float(-100), through: 100, by: 1.0 / 64) + [
        0, -0.0, Float.leastNonzeroMagnitude, -Float.leastNonzeroMagnitude, Float.leastNormalMagnitude / 3,
        1e-30, -1e-30, 1e-6, -1e-6, 87.5, -87.5, 89, -89, 1e4, -1e4, Float.greatestFiniteMagnitude,
        -Float.greatestFiniteMagnitude, .infinity, -.infinity,
    ]

    static func activate(_ x: [Float], _ activation: Int32, clone: Int32) -> [Float] {
        var y = x
        let bias: [Float] = [0]
        ae_bias_activation_clone(clone, &y, bias, Int32(x.count), 1, activation)
        return y
    }

    @Test(arguments: clones) func sigmoidMatchesLibm(clone: Int32) {
        let y = Self.activate(Self.inputs, Int32(AE_ACT_SIGMOID.rawValue), clone: clone)
        for (x, fast) in zip(Self.inputs, y) {
            let exact = 1 / (1 + Foundation.exp(-Double(x)))
            // Absolute error within a few float ulps of 1; relative error too where exp is not clamped.
            #expect(abs(Double(fast) - exact) < 2e-7, "sigmoid(\(x)) = \(fast), libm \(exact)")
            if abs(x) < 80 { #expect(abs(Double(fast) - exact) <= 1e-6 * exact, "sigmoid(\(x)) relative") }
        }
        #expect(Self.activate([.nan], Int32(AE_ACT_SIGMOID.rawValue), clone: clone)[0].isNaN)
    }

    @Test(arguments: clones) func tanhMatchesLibm(clone: Int32) {
        let y = Self.activate(Self.inputs, Int32(AE_ACT_TANH.rawValue), clone: clone)
        for (x, fast) in zip(Self.inputs, y) {
            let exact = Foundation.tanh(Double(x))
            // 1 - 2/(e^2x + 1) loses relative precision near 0, not absolute: a few ulps of 1.
            #expect(abs(Double(fast) - exact) < 3e-7, "tanh(\(x)) = \(fast), libm \(exact)")
            #expect(abs(fast) <= 1, "tanh(\(x)) leaves [-1, 1]")
        }
        #expect(Self.activate([.nan], Int32(AE_ACT_TANH.rawValue), clone: clone)[0].isNaN)
    }

    /// RMSprop with rho = 1 keeps its average as set and lr = g = 1, epsilon = 0 make the step
    /// exactly -rsqrt(average): the average sweeps 1e-7 (the smallest epsilon) to 1e30.
    @Test(arguments: clones) func rsqrtMatchesLibm(clone: Int32) {
        let averages = (0...370).map { Float(pow(10, -7 + Double($0) / 10)) } + [Float.nan]
        var rule = ae_update_rule(kind: Int32(AE_RULE_RMSPROP.rawValue), rate: 1, decay: 1, decay2: 0, epsilon: 0)
        var w = [Float](repeating: 0, count: averages.count), s1 = averages, s2 = w
        let g = [Float](repeating: 1, count: averages.count)
        ae_apply_update_clone(clone, &rule, &w, &s1, &s2, g, averages.count)
        for (average, step) in zip(averages, w) where !average.isNaN {
            let exact = 1 / Double(average).squareRoot()
            #expect(abs(-Double(step) - exact) <= 3e-7 * exact, "rsqrt(\(average)) = \(-step), libm \(exact)")
        }
        #expect(w.last!.isNaN)
    }

    @Test func theBaselineCopyIsAlwaysThere() {
        #expect(Self.clones.contains(0))
        #expect(String(cString: ae_clone_name(0)).isEmpty == false)
    }
}

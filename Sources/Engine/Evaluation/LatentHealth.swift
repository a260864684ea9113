/// Detects a collapsed bottleneck: units that are dead (always zero) or constant over a probe set,
/// which would otherwise show up only as a single point in the latent plot.
public enum LatentHealth {
    /// Indices of units whose values span less than `tolerance` over the rows.
    public static func collapsedUnits(_ codes: [Float], dimensions: Int, tolerance: Float = 1e-6) -> [Int] {
        let count = codes.count / dimensions
        guard count > 1 else { return [] }
        return (0..<dimensions).filter { unit in
            var low = Float.infinity, high = -Float.infinity
            for r in 0..<count {
                let value = codes[r * dimensions + unit]
                low = min(low, value)
                high = max(high, value)
            }
            return !(high - low > tolerance)
        }
    }

    /// The hint for collapsed units at `epoch`, or nil when every unit varies.
    public static func collapseHint(_ units: [Int], dimensions: Int, activation: Activation, epoch: Int,
                                    learningRate: Float) -> TrainingHint? {
        guard !units.isEmpty else { return nil }
        let which = units.count == dimensions ? "all \(dimensions) bottleneck units" :
            "bottleneck unit\(units.count == 1 ? "" : "s") \(units.map(String.init).joined(separator: ", ")) of \(dimensions)"
        let state = activation == .relu ? "dead (zero for every probe image)" : "constant over the probe images"
        let fixes: [TrainingHint.Fix] = (activation == .linear ? [] : [.linearBottleneck]) + [.lowerLearningRate, .anotherSeed]
        return TrainingHint(cause: .collapsedBottleneck, epoch: epoch, batch: nil,
                            evidence: "latent collapse: \(which) \(units.count == 1 ? "is" : "are") \(state)",
                            learningRate: learningRate, fixes: fixes)
    }
}

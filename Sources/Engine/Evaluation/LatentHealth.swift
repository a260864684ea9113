/// Detects a collapsed bottleneck: units dead or constant over a probe set in practice, which
/// would otherwise show up only as a single point in the latent plot. A ReLU unit alive on one
/// image of 10,000 is dead all the same: a unit counts as alive only when enough of its codes
/// stand apart from its typical (median) value.
public enum LatentHealth {
    /// The share of codes a live unit must have away from its median.
    public static let minimumLiveShare = 0.01

    /// Indices of units with fewer than `minimumLiveShare` of their values more than `tolerance`
    /// (relative to the median's size, at least absolute) from their median.
    public static func collapsedUnits(_ codes: [Float], dimensions: Int, tolerance: Float = 1e-6) -> [Int] {
        let count = codes.count / dimensions
        guard count > 1 else { return [] }
        return (0..<dimensions).filter { unit in
            liveShare(codes, dimensions: dimensions, unit: unit, tolerance: tolerance) < minimumLiveShare
        }
    }

    /// The share of rows whose value of `unit` stands apart from the unit's median.
    public static func liveShare(_ codes: [Float], dimensions: Int, unit: Int, tolerance: Float = 1e-6) -> Double {
        let count = codes.count / dimensions
        guard count > 0 else { return 0 }
        let values = (0..<count).map { codes[$0 * dimensions + unit] }
        let median = values.sorted()[count / 2]
        let margin = tolerance * max(1, abs(median))
        // NaN codes count as apart: a unit that went NaN is not quietly dead.
        return Double(values.count { !(abs($0 - median) <= margin) }) / Double(count)
    }

    /// The hint for collapsed units at `epoch`, or nil when every unit varies.
    public static func collapseHint(_ units: [Int], dimensions: Int, activation: Activation, epoch: Int,
                                    learningRate: Float) -> TrainingHint? {
        guard !units.isEmpty else { return nil }
        let which = units.count == dimensions ? "all \(dimensions) bottleneck units" :
            "bottleneck unit\(units.count == 1 ? "" : "s") \(units.map(String.init).joined(separator: ", ")) of \(dimensions)"
        let share = "\(Int(minimumLiveShare * 100))%"
        let state = activation == .relu ? "dead (zero for all but under \(share) of the probe images)"
            : "constant over all but under \(share) of the probe images"
        let fixes: [TrainingHint.Fix] = (activation == .linear ? [] : [.linearBottleneck]) + [.lowerLearningRate, .anotherSeed]
        return TrainingHint(cause: .collapsedBottleneck, epoch: epoch, batch: nil,
                            evidence: "latent collapse: \(which) \(units.count == 1 ? "is" : "are") \(state)",
                            learningRate: learningRate, fixes: fixes)
    }
}

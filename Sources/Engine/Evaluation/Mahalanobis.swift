/// Mahalanobis distance to a Gaussian fitted on reference codes: sqrt((z - mean)ᵀ Σ⁻¹ (z - mean)).
///
/// Σ gets a small ridge (1e-6 of its mean variance) so a dead or constant latent unit does not
/// make it singular; it is then Cholesky-factored once (Σ = L·Lᵀ) and each distance is the norm of
/// L⁻¹(z - mean), found by forward substitution.
public struct Mahalanobis: Sendable {
    public let dimensions: Int
    public let mean: [Double]
    /// Lower-triangular Cholesky factor, row-major.
    private let factor: [Double]

    public init(fitting codes: [Float], dimensions: Int) {
        let (mean, covariance) = LatentMoments.meanAndCovariance(codes, dimensions: dimensions)
        let meanVariance = (0..<dimensions).reduce(0.0) { $0 + covariance[$1 * dimensions + $1] } / Double(max(1, dimensions))
        let ridge = max(meanVariance, 1e-12) * 1e-6
        var factor = [Double](repeating: 0, count: dimensions * dimensions)
        for i in 0..<dimensions {
            for j in 0...i {
                var sum = covariance[i * dimensions + j] + (i == j ? ridge : 0)
                for k in 0..<j { sum -= factor[i * dimensions + k] * factor[j * dimensions + k] }
                if i == j {
                    factor[i * dimensions + i] = sum > 0 ? sum.squareRoot() : ridge.squareRoot()
                } else {
                    factor[i * dimensions + j] = sum / factor[j * dimensions + j]
                }
            }
        }
        self.dimensions = dimensions
        self.mean = mean
        self.factor = factor
    }

    /// One distance per row of `codes`.
    public func distances(_ codes: [Float]) -> [Float] {
        let count = codes.count / dimensions
        var solved = [Double](repeating: 0, count: dimensions)
        return (0..<count).map { r in
            var squared = 0.0
            for i in 0..<dimensions {
                var value = Double(codes[r * dimensions + i]) - mean[i]
                for k in 0..<i { value -= factor[i * dimensions + k] * solved[k] }
                solved[i] = value / factor[i * dimensions + i]
                squared += solved[i] * solved[i]
            }
            return Float(squared.squareRoot())
        }
    }
}

/// Principal component analysis down to a few components, for plotting bottlenecks wider than 2.
public struct PCA: Sendable {
    public let mean: [Double]
    /// Unit component vectors, strongest first.
    public let components: [[Double]]
    public let dimensions: Int

    /// Fits on `count` rows of `dimensions` values (power iteration with deflation on the
    /// covariance matrix, which is small: dimensions x dimensions).
    public init(fitting data: [Float], dimensions: Int, components wanted: Int = 2) {
        self.dimensions = dimensions
        let (mean, covariance) = LatentMoments.meanAndCovariance(data, dimensions: dimensions)
        var found: [[Double]] = []
        for c in 0..<min(wanted, dimensions) {
            // Start from a fixed, non-degenerate vector so results are deterministic.
            var v = (0..<dimensions).map { 1.0 + Double(($0 + c) % 3) * 0.1 }
            for _ in 0..<200 {
                var next = [Double](repeating: 0, count: dimensions)
                for i in 0..<dimensions { for j in 0..<dimensions { next[i] += covariance[i * dimensions + j] * v[j] } }
                for earlier in found {
                    let overlap = zip(next, earlier).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<dimensions { next[i] -= overlap * earlier[i] }
                }
                let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 1e-12 else { break }
                v = next.map { $0 / norm }
            }
            // Orthonormalise once more against earlier components (degenerate covariances).
            for earlier in found {
                let overlap = zip(v, earlier).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<dimensions { v[i] -= overlap * earlier[i] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = norm > 1e-12 ? v.map { $0 / norm } : (0..<dimensions).map { $0 == c ? 1 : 0 }
            // Fix the sign so the largest entry is positive: stable across runs.
            if let peak = v.max(by: { abs($0) < abs($1) }), peak < 0 { v = v.map { -$0 } }
            found.append(v)
        }
        self.mean = mean
        self.components = found
    }

    /// Projects rows onto the components: `count` x components.count values.
    public func project(_ data: [Float]) -> [Float] {
        let count = data.count / dimensions
        var out = [Float](repeating: 0, count: count * components.count)
        for r in 0..<count {
            for (c, component) in components.enumerated() {
                var sum = 0.0
                for d in 0..<dimensions { sum += (Double(data[r * dimensions + d]) - mean[d]) * component[d] }
                out[r * components.count + c] = Float(sum)
            }
        }
        return out
    }
}

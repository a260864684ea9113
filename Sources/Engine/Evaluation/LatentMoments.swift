/// Mean and sample covariance of rows of codes, in Double: shared by PCA and the Mahalanobis score.
public enum LatentMoments {
    /// `data` holds rows of `dimensions` values; the covariance is dimensions x dimensions, row-major,
    /// divided by count - 1.
    public static func meanAndCovariance(_ data: [Float], dimensions: Int) -> (mean: [Double], covariance: [Double]) {
        let count = max(1, data.count / dimensions)
        var mean = [Double](repeating: 0, count: dimensions)
        for r in 0..<count { for d in 0..<dimensions { mean[d] += Double(data[r * dimensions + d]) } }
        mean = mean.map { $0 / Double(count) }
        var covariance = [Double](repeating: 0, count: dimensions * dimensions)
        var centered = [Double](repeating: 0, count: dimensions)
        for r in 0..<count {
            for d in 0..<dimensions { centered[d] = Double(data[r * dimensions + d]) - mean[d] }
            for i in 0..<dimensions {
                for j in i..<dimensions { covariance[i * dimensions + j] += centered[i] * centered[j] }
            }
        }
        for i in 0..<dimensions {
            for j in i..<dimensions {
                covariance[i * dimensions + j] /= Double(max(1, count - 1))
                covariance[j * dimensions + i] = covariance[i * dimensions + j]
            }
        }
        return (mean, covariance)
    }
}

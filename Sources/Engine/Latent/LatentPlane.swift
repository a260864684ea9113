/// The plane the lab plots codes in, and the way back from it: the codes themselves for a 2-D
/// bottleneck (a 1-D one along x), else the first two principal axes around the mean code. A
/// point picked on the plot is lifted to a full code through it, so it can be decoded.
public struct LatentPlane: Sendable {
    public let dimensions: Int
    /// Fitted for bottlenecks wider than 2; nil when the plane is the codes themselves.
    private let pca: PCA?

    public init(fitting codes: [Float], dimensions: Int) {
        self.dimensions = dimensions
        pca = dimensions > 2 ? PCA(fitting: codes, dimensions: dimensions) : nil
    }

    /// Whether the plane is a projection (its axes are pc1 and pc2, not z1 and z2).
    public var isProjected: Bool { pca != nil }

    /// Codes (`dimensions` values a row) to plane points (2 a row).
    public func project(_ codes: [Float]) -> [Float] {
        if let pca { return pca.project(codes) }
        return dimensions == 2 ? codes : codes.flatMap { [$0, 0] }
    }

    /// Plane points (2 a row) to codes: mean + x·pc1 + y·pc2 when projected; a 1-D bottleneck
    /// takes x alone.
    public func lift(_ points: [Float]) -> [Float] {
        let count = points.count / 2
        guard let pca else {
            return dimensions == 2 ? points : (0..<count).map { points[2 * $0] }
        }
        var codes = [Float](repeating: 0, count: count * dimensions)
        for row in 0..<count {
            let (x, y) = (Double(points[2 * row]), Double(points[2 * row + 1]))
            for d in 0..<dimensions {
                let second = pca.components.count > 1 ? pca.components[1][d] : 0
                codes[row * dimensions + d] = Float(pca.mean[d] + x * pca.components[0][d] + y * second)
            }
        }
        return codes
    }
}

/// The classic autoencoder manifold figure: a grid of points evenly spanning a rectangle of the
/// latent plane, corners included, to be decoded into images. Rows run from the top (highest y)
/// down, as the scatter plots them.
public struct ManifoldGrid: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    public let xRange: ClosedRange<Float>
    public let yRange: ClosedRange<Float>

    public init(columns: Int, rows: Int, xRange: ClosedRange<Float>, yRange: ClosedRange<Float>) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        self.xRange = xRange
        self.yRange = yRange
    }

    /// The plane point of the image at (column, row).
    public func point(column: Int, row: Int) -> (x: Float, y: Float) {
        (Self.step(column, of: columns, across: xRange), Self.step(rows - 1 - row, of: rows, across: yRange))
    }

    /// Every point, row by row from the top-left, 2 values each.
    public var points: [Float] {
        (0..<rows).flatMap { row in
            (0..<columns).flatMap { column in
                let point = point(column: column, row: row)
                return [point.x, point.y]
            }
        }
    }

    /// The decoded images, row by row from the top-left.
    public func images(decoder: LatentDecoder, plane: LatentPlane) -> [[Float]] {
        decoder.decode(plane.lift(points)).images
    }

    /// Point `index` of `count` evenly spaced over `range`, both ends included.
    static func step(_ index: Int, of count: Int, across range: ClosedRange<Float>) -> Float {
        guard count > 1 else { return (range.lowerBound + range.upperBound) / 2 }
        return range.lowerBound + (range.upperBound - range.lowerBound) * Float(index) / Float(count - 1)
    }

    /// `count` points evenly spaced from `start` to `end` of the plane, both included: the path
    /// decoded between two pinned points (a straight line in the plane is one in latent space).
    public static func interpolation(from start: (x: Float, y: Float), to end: (x: Float, y: Float), count: Int) -> [Float] {
        let count = max(count, 2)
        return (0..<count).flatMap { index in
            let t = Float(index) / Float(count - 1)
            return [start.x + (end.x - start.x) * t, start.y + (end.y - start.y) * t]
        }
    }
}

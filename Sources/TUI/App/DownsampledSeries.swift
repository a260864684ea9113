/// A bounded history of a per-batch value. Once full, neighbouring points merge in pairs and each
/// new point averages twice as many batches, so the whole run stays in view at a fixed cost.
public struct DownsampledSeries: Equatable, Sendable {
    public let capacity: Int
    public private(set) var points: [ChartPoint] = []
    /// Batches averaged into each new point.
    public private(set) var stride = 1
    private var pendingX = 0.0, pendingY = 0.0, pendingCount = 0

    public init(capacity: Int = 512) {
        self.capacity = max(2, capacity + capacity % 2)
        points.reserveCapacity(self.capacity)
    }

    public mutating func append(x: Double, y: Double) {
        pendingX += x
        pendingY += y
        pendingCount += 1
        guard pendingCount == stride else { return }
        let point = ChartPoint(x: pendingX / Double(stride), y: pendingY / Double(stride))
        if points.count == capacity { mergePairs() }
        points.append(point)
        pendingX = 0
        pendingY = 0
        pendingCount = 0
    }

    private mutating func mergePairs() {
        points = (0..<(points.count / 2)).map { index in
            let a = points[2 * index], b = points[2 * index + 1]
            return ChartPoint(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
        }
        stride *= 2
    }
}

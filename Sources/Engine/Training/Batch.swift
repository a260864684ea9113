/// Reusable input buffers: up to `capacity` images as floats and their labels.
public final class Batch: ParallelJob, @unchecked Sendable {
    public let images: Matrix
    public let labels: UnsafeMutablePointer<UInt8>
    public let capacity: Int
    public let label = "batch load"

    public init(capacity: Int, pixels: Int = TrainingConfig.imagePixels) {
        self.capacity = capacity
        images = Matrix(rows: capacity, cols: pixels)
        labels = .allocate(capacity: capacity)
        labels.initialize(repeating: 0, count: capacity)
    }

    deinit { labels.deallocate() }

    /// Below this many images a load stays on the calling thread.
    static let parallelThreshold = 64

    // One load's source: set before `WorkerPool.run`, which orders it before the workers read it.
    private var source: (set: LabeledImages, indices: ArraySlice<Int>, parts: Int)?

    /// Converts the images at `indices` into rows of floats, split across `pool` when given.
    public func load(_ set: LabeledImages, indices: ArraySlice<Int>, pool: WorkerPool? = nil) {
        guard let pool, indices.count >= Self.parallelThreshold else {
            return set.gather(indices, images: images.data, labels: labels)
        }
        source = (set, indices, pool.threads)
        pool.run(self)
        source = nil
    }

    public func run(part: Int) {
        guard let (set, indices, parts) = source else { return }
        let rows = WorkerPool.split(indices.count, parts: parts, part: part)
        let first = indices.startIndex + rows.lowerBound
        set.gather(indices[first..<(first + rows.count)], images: images.data + rows.lowerBound * images.cols,
                   labels: labels + rows.lowerBound)
    }
}

/// Reusable input buffers: up to `capacity` images as floats and their labels.
public final class Batch {
    public let images: Matrix
    public let labels: UnsafeMutablePointer<UInt8>
    public let capacity: Int

    public init(capacity: Int, pixels: Int = TrainingConfig.imagePixels) {
        self.capacity = capacity
        images = Matrix(rows: capacity, cols: pixels)
        labels = .allocate(capacity: capacity)
        labels.initialize(repeating: 0, count: capacity)
    }

    deinit { labels.deallocate() }

    public func load(_ set: LabeledImages, indices: ArraySlice<Int>) {
        set.gather(indices, images: images.data, labels: labels)
    }
}

import CKernels

/// Images as bytes (one quarter of the memory of floats) with their digit labels; converted to
/// Float32 in [0, 1] only when a batch is gathered.
public struct LabeledImages: Sendable {
    public let pixels: [UInt8]
    public let labels: [UInt8]
    public let pixelsPerImage: Int

    public init(pixels: [UInt8], labels: [UInt8], pixelsPerImage: Int = TrainingConfig.imagePixels) {
        precondition(pixels.count == labels.count * pixelsPerImage, "pixels and labels disagree")
        self.pixels = pixels
        self.labels = labels
        self.pixelsPerImage = pixelsPerImage
    }

    public var count: Int { labels.count }

    public func subset(_ range: Range<Int>) -> LabeledImages {
        LabeledImages(pixels: Array(pixels[(range.lowerBound * pixelsPerImage)..<(range.upperBound * pixelsPerImage)]),
                      labels: Array(labels[range]), pixelsPerImage: pixelsPerImage)
    }

    /// The images at `indices`, in that order.
    public func select(_ indices: [Int]) -> LabeledImages {
        var selected = [UInt8]()
        selected.reserveCapacity(indices.count * pixelsPerImage)
        for index in indices { selected += pixels[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)] }
        return LabeledImages(pixels: selected, labels: indices.map { labels[$0] }, pixelsPerImage: pixelsPerImage)
    }

    /// Indices of the images whose label is in `digits`, in order.
    public func indices(ofDigits digits: Set<UInt8>) -> [Int] {
        labels.indices.filter { digits.contains(labels[$0]) }
    }

    /// Writes the images at `indices` as rows of floats (pixel / 255) and their labels.
    public func gather(_ indices: ArraySlice<Int>, images: UnsafeMutablePointer<Float>, labels out: UnsafeMutablePointer<UInt8>) {
        guard !indices.isEmpty else { return }
        pixels.withUnsafeBufferPointer { source in
            indices.withUnsafeBufferPointer { rows in
                ae_gather_unit_floats(source.baseAddress!, pixelsPerImage, rows.baseAddress!, rows.count, images)
            }
        }
        for (row, index) in indices.enumerated() { out[row] = labels[index] }
    }

    /// Starts fetching the pixels of the images at `indices` into the CPU's caches and returns at
    /// once, so that a `gather` of them a little later finds them there instead of in memory.
    public func prefetch(_ indices: ArraySlice<Int>) {
        guard !indices.isEmpty else { return }
        pixels.withUnsafeBufferPointer { source in
            indices.withUnsafeBufferPointer { rows in
                ae_prefetch_rows(source.baseAddress!, pixelsPerImage, rows.baseAddress!, rows.count)
            }
        }
    }

    /// One image as floats in [0, 1].
    public func image(_ index: Int) -> [Float] {
        pixels[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)].map { Float($0) / 255 }
    }
}

/// A row-major Float32 matrix that owns contiguous storage, allocated once and reused.
///
/// `rows` is the capacity; layers work on the first `batch` rows of their buffers, so a short last
/// batch needs no new allocation.
public final class Matrix {
    public let rows: Int
    public let cols: Int
    public let data: UnsafeMutablePointer<Float>

    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix shape must be non-negative")
        self.rows = rows
        self.cols = cols
        // On a cache line: the GEMM reads weights in place when their rows start on lines.
        let count = max(rows * cols, 1)
        data = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
        data.initialize(repeating: 0, count: count)
    }

    deinit { data.deallocate() }

    public var count: Int { rows * cols }

    public subscript(row: Int, col: Int) -> Float {
        get { data[row * cols + col] }
        set { data[row * cols + col] = newValue }
    }

    public func row(_ index: Int) -> UnsafeMutablePointer<Float> { data + index * cols }

    public func fill(_ value: Float) { data.update(repeating: value, count: count) }

    /// A copy of every value as an array (for files and tests).
    public func toArray() -> [Float] {
        Array(UnsafeBufferPointer(start: data, count: count))
    }

    public func copy(from values: [Float]) {
        precondition(values.count == count, "expected \(count) values, got \(values.count)")
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
    }
}

import CKernels

/// The engine's single matrix-multiply entry point: C = alpha·op(A)·op(B) + beta·C, row-major.
///
/// Every layer calls this; the micro-kernel (generic C, AVX2+FMA, AVX-512) is chosen at run time
/// and large products are split across the worker pool by rows or columns, so each output element
/// is computed by exactly one thread in a fixed order (results do not depend on the thread count).
public struct GEMM: @unchecked Sendable {
    public enum Kernel: Int32, CaseIterable, Sendable {
        case generic = 0, avx2 = 1, avx512 = 2

        public static var best: Kernel { Kernel(rawValue: ae_kernel_best()) ?? .generic }
        public var isSupported: Bool { ae_kernel_supported(rawValue) != 0 }
        public var name: String { String(cString: ae_kernel_name(rawValue)) }
    }

    public let kernel: Kernel
    public let pool: WorkerPool?

    /// Below this many multiply-adds a product runs on one thread: waking a worker costs more.
    static let parallelThreshold = 1 << 20

    public init(kernel: Kernel = .best, threads: Int = 1) {
        self.kernel = kernel.isSupported ? kernel : .generic
        pool = threads > 1 ? WorkerPool(threads: threads) : nil
    }

    public var threads: Int { pool?.threads ?? 1 }
    public var description: String { "\(kernel.name), \(threads) thread\(threads == 1 ? "" : "s")" }

    public func multiply(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let kernel = kernel.rawValue
        let args = Pointers(a: a, b: b, c: c)
        /// One block of C: rows i0..<i0+rows, columns j0..<j0+columns.
        let block: @Sendable (Int, Int, Int, Int) -> Void = { i0, rows, j0, columns in
            let aPart = transA ? args.a + i0 : args.a + i0 * lda
            let bPart = transB ? args.b + j0 * ldb : args.b + j0
            ae_sgemm(kernel, transA ? 1 : 0, transB ? 1 : 0, Int32(rows), Int32(columns), Int32(k), alpha,
                     aPart, lda, bPart, ldb, beta, args.c + i0 * ldc + j0, ldc)
        }
        guard let pool, m * n * k >= Self.parallelThreshold else { return block(0, m, 0, n) }
        let parts = pool.threads
        // Split the longer side of C on micro-tile bounds (24 rows: a multiple of every kernel's MR).
        pool.run { part in
            if n >= m {
                let columns = WorkerPool.split(n, parts: parts, granule: 32, part: part)
                if !columns.isEmpty { block(0, m, columns.lowerBound, columns.count) }
            } else {
                let rows = WorkerPool.split(m, parts: parts, granule: 24, part: part)
                if !rows.isEmpty { block(rows.lowerBound, rows.count, 0, n) }
            }
        }
    }

    /// The reference triple loop: the oracle every fast path is tested against.
    public static func naive(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = alpha * Float(sum) + old
            }
        }
    }
}

/// Raw pointers handed to worker threads; each thread writes a disjoint block of C.
private struct Pointers: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
}

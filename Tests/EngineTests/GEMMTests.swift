import Engine
import Testing

@Suite struct GEMMTests {
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (1, 7, 3), (7, 1, 5), (6, 16, 8), (7, 17, 9), (48, 97, 1), (13, 33, 300), (97, 48, 7), (50, 70, 260),
    ]
    /// Past one cache block in every direction (the C kernel blocks by MC = 120 rows, NC = 1024
    /// columns and KC = 256 depth), with ragged edges: checked with one alpha and beta each.
    static let blockCrossingShapes: [(m: Int, n: Int, k: Int)] = [(121, 1025, 257), (241, 33, 513), (9, 2051, 31)]
    static let kernels = GEMM.Kernel.allCases.filter(\.isSupported)

    struct Case: CustomTestStringConvertible, Sendable {
        let kernel: GEMM.Kernel
        let transA: Bool
        let transB: Bool
        var testDescription: String { "\(kernel.name) \(transA ? "Aᵀ" : "A")·\(transB ? "Bᵀ" : "B")" }
    }

    static let cases: [Case] = kernels.flatMap { kernel in
        [(false, false), (true, false), (false, true), (true, true)].map { Case(kernel: kernel, transA: $0.0, transB: $0.1) }
    }

    /// Fast path vs the naive oracle, with alpha, beta and leading dimensions wider than the data.
    @Test(arguments: cases) func matchesNaiveOnOddShapes(_ test: Case) {
        var rng = RandomGenerator(seed: 11)
        for shape in Self.shapes {
            for (alpha, beta) in [(Float(1), Float(0)), (1, 1), (0.5, 1), (-2, 0.25)] {
                let (m, n, k) = shape
                let lda = (test.transA ? m : k) + 3, ldb = (test.transB ? k : n) + 2, ldc = n + 5
                let a = (0..<((test.transA ? k : m) * lda)).map { _ in rng.uniform(-1, 1) }
                let b = (0..<((test.transB ? n : k) * ldb)).map { _ in rng.uniform(-1, 1) }
                let c0 = (0..<(m * ldc)).map { _ in rng.uniform(-1, 1) }
                var fast = c0, reference = c0
                GEMM(kernel: test.kernel).multiply(transA: test.transA, transB: test.transB, m: m, n: n, k: k, alpha: alpha,
                                                   a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &fast, ldc: ldc)
                GEMM.naive(transA: test.transA, transB: test.transB, m: m, n: n, k: k, alpha: alpha,
                           a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &reference, ldc: ldc)
                let worst = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
                #expect(worst < 1e-4 * Float(k).squareRoot() + 1e-5, "shape \(shape) alpha \(alpha) beta \(beta): max error \(worst)")
            }
        }
    }

    @Test(arguments: cases) func matchesNaivePastOneCacheBlock(_ test: Case) {
        var rng = RandomGenerator(seed: 12)
        for shape in Self.blockCrossingShapes {
            let (m, n, k) = shape
            let lda = (test.transA ? m : k) + 1, ldb = (test.transB ? k : n) + 3, ldc = n + 2
            let a = (0..<((test.transA ? k : m) * lda)).map { _ in rng.uniform(-1, 1) }
            let b = (0..<((test.transB ? n : k) * ldb)).map { _ in rng.uniform(-1, 1) }
            let c0 = (0..<(m * ldc)).map { _ in rng.uniform(-1, 1) }
            var fast = c0, reference = c0
            GEMM(kernel: test.kernel).multiply(transA: test.transA, transB: test.transB, m: m, n: n, k: k, alpha: 0.75,
                                               a: a, lda: lda, b: b, ldb: ldb, beta: 0.5, c: &fast, ldc: ldc)
            GEMM.naive(transA: test.transA, transB: test.transB, m: m, n: n, k: k, alpha: 0.75,
                       a: a, lda: lda, b: b, ldb: ldb, beta: 0.5, c: &reference, ldc: ldc)
            let worst = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-4 * Float(k).squareRoot() + 1e-5, "shape \(shape): max error \(worst)")
        }
    }

    /// Full tiles with alpha 1 and beta 0 or 1 are stored straight from registers: C += A·B must
    /// give, to the bit, C plus the product stored with beta 0 (one rounding per element either way).
    @Test(arguments: cases) func registerStoreAddsExactly(_ test: Case) {
        var rng = RandomGenerator(seed: 13)
        let (m, n, k) = (50, 96, 48)
        let a = (0..<(m * k)).map { _ in rng.uniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }
        let c0 = (0..<(m * n)).map { _ in rng.uniform(-1, 1) }
        var product = [Float](repeating: .nan, count: m * n), accumulated = c0
        let gemm = GEMM(kernel: test.kernel)
        gemm.multiply(transA: test.transA, transB: test.transB, m: m, n: n, k: k, a: a, lda: test.transA ? m : k,
                      b: b, ldb: test.transB ? k : n, beta: 0, c: &product, ldc: n)
        gemm.multiply(transA: test.transA, transB: test.transB, m: m, n: n, k: k, a: a, lda: test.transA ? m : k,
                      b: b, ldb: test.transB ? k : n, beta: 1, c: &accumulated, ldc: n)
        #expect(accumulated == zip(c0, product).map { $0 + $1 })
    }

    @Test func betaZeroIgnoresNaNInC() {
        let a: [Float] = [1, 2], b: [Float] = [3, 4]
        var c: [Float] = [.nan]
        GEMM().multiply(m: 1, n: 1, k: 2, a: a, lda: 2, b: b, ldb: 1, beta: 0, c: &c, ldc: 1)
        #expect(c == [11])
    }

    @Test func zeroDepthScalesC() {
        var c: [Float] = [2, 4]
        GEMM().multiply(m: 1, n: 2, k: 0, a: [0], lda: 1, b: [0], ldb: 2, beta: 0.5, c: &c, ldc: 2)
        #expect(c == [1, 2])
    }

    /// Splitting across threads must give the same bits as one thread: each element has one owner,
    /// whichever axis and bounds the split plan picks (rows or columns; the transposed-C case).
    @Test(arguments: [(48, 392, 784), (784, 392, 48), (256, 392, 784), (300, 20, 500), (48, 98, 392)])
    func threadedSplitIsBitIdentical(_ shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var rng = RandomGenerator(seed: 5)
        let a = (0..<(m * k)).map { _ in rng.uniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }
        for kernel in Self.kernels {
            for (transA, transB) in [(false, false), (true, false), (false, true)] {
                func product(threads: Int) -> [UInt32] {
                    var c = [Float](repeating: 0, count: m * n)
                    // The transposed operand's storage holds other values: only the bits' agreement matters.
                    GEMM(kernel: kernel, threads: threads).multiply(
                        transA: transA, transB: transB, m: m, n: n, k: k,
                        a: a, lda: transA ? m : k, b: b, ldb: transB ? k : n, c: &c, ldc: n)
                    return c.map(\.bitPattern)
                }
                let one = product(threads: 1)
                #expect(product(threads: 2) == one, "\(kernel) transA \(transA) transB \(transB)")
                #expect(product(threads: 3) == one, "\(kernel) transA \(transA) transB \(transB)")
            }
        }
    }

    /// A column gets the same bits whether an edge tile (a half or quarter of the kernel's width,
    /// e.g. the last 16 of 48 columns or the last 8 of 40) or a full tile (the same column among 64)
    /// computes it, with B read in place or transposed, and C stored directly or transposed (Bᵀ
    /// without Aᵀ), for full-height tiles and ragged ones.
    @Test(arguments: cases, [(24, 48), (24, 40), (20, 42), (20, 36)])
    func edgeTilesGiveTheBitsOfFullTiles(_ test: Case, _ shape: (Int, Int)) {
        let (m, narrow) = shape
        let (k, wide) = (37, 64)
        var rng = RandomGenerator(seed: 9)
        let a = (0..<(m * k)).map { _ in rng.uniform(-1, 1) }
        let b = (0..<(k * wide)).map { _ in rng.uniform(-1, 1) }
        // B as k x wide; its first `narrow` columns (or rows of Bᵀ) are the narrow product's B.
        let bT = (0..<(wide * k)).map { b[($0 % k) * wide + $0 / k] }
        let aT = (0..<(k * m)).map { a[($0 % m) * k + $0 / m] }
        func product(_ n: Int) -> [Float] {
            var c = [Float](repeating: 0, count: m * n)
            GEMM(kernel: test.kernel).multiply(
                transA: test.transA, transB: test.transB, m: m, n: n, k: k,
                a: test.transA ? aT : a, lda: test.transA ? m : k,
                b: test.transB ? bT : b, ldb: test.transB ? k : wide, c: &c, ldc: n)
            return c
        }
        let small = product(narrow), large = product(wide)
        let prefix = (0..<m).flatMap { row in large[(row * wide)..<(row * wide + narrow)] }
        #expect(small.map(\.bitPattern) == prefix.map(\.bitPattern))
    }

    /// A B whose rows start on cache lines is read in place; one whose rows do not is copied when
    /// many row tiles reuse it (M >= 128). Both give the same bits, on every kernel.
    @Test func packedAndInPlaceBGiveTheSameBits() {
        let (m, n, k) = (200, 64, 40)
        var rng = RandomGenerator(seed: 12)
        let a = (0..<(m * k)).map { _ in rng.uniform(-1, 1) }
        let lined = Matrix(rows: k, cols: n), ragged = Matrix(rows: k, cols: n + 8)
        for row in 0..<k {
            for col in 0..<n { lined[row, col] = rng.uniform(-1, 1); ragged[row, col] = lined[row, col] }
        }
        for kernel in Self.kernels {
            var inPlace = [Float](repeating: 0, count: m * n), packed = inPlace
            GEMM(kernel: kernel).multiply(m: m, n: n, k: k, a: a, lda: k, b: lined.data, ldb: n, c: &inPlace, ldc: n)
            GEMM(kernel: kernel).multiply(m: m, n: n, k: k, a: a, lda: k, b: ragged.data, ldb: n + 8, c: &packed, ldc: n)
            #expect(inPlace.map(\.bitPattern) == packed.map(\.bitPattern), "\(kernel)")
        }
    }

    /// A transposed A gives the bits of the same A stored row-major, on every kernel, whether it is
    /// read in place or packed (long k-blocks with many columns, on AVX2: here the first block of
    /// 256 steps, and the second of 144 for k = 400), with ragged row tiles and a padded stride.
    @Test(arguments: [(130, 200, 400), (121, 392, 256), (98, 392, 48), (392, 98, 256)])
    func transposedAGivesTheBitsOfRowMajorA(_ shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let ldaT = m + 3
        var rng = RandomGenerator(seed: 14)
        let a = (0..<(m * k)).map { _ in rng.uniform(-1, 1) }
        // Aᵀ stored k rows of m values, ldaT apart; the padding holds values the product must not read.
        let aT = (0..<(k * ldaT)).map { $0 % ldaT < m ? a[($0 % ldaT) * k + $0 / ldaT] : Float.nan }
        let b = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }
        for kernel in Self.kernels {
            var rowMajor = [Float](repeating: 0, count: m * n), transposed = rowMajor
            GEMM(kernel: kernel).multiply(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &rowMajor, ldc: n)
            GEMM(kernel: kernel).multiply(transA: true, m: m, n: n, k: k, a: aT, lda: ldaT, b: b, ldb: n, c: &transposed, ldc: n)
            let differing = zip(rowMajor, transposed).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(kernel): \(differing) of \(m * n) elements differ")
        }
    }

    @Test func bestKernelIsSupported() {
        #expect(GEMM.Kernel.best.isSupported)
        #expect(GEMM.Kernel.generic.isSupported)
    }
}

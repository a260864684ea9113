@testable import Engine
import Testing

/// Products that skip the zeros of A (`GEMM.multiply`'s `zeros`), by tile and by row, give the
/// bits of the full products, and the layers ask for it where their input has zeros.
@Suite struct SkippedZerosTests {
    /// An A (stored row-major, or transposed with `transA`) whose zeros (+0 and -0) come in runs
    /// along k, in whole k-steps of a tile and scattered, as an image's background and ReLU's do;
    /// its first 20 rows have none (their tiles are multiplied in full, read where they are).
    static func sparseA(m: Int, k: Int, transA: Bool, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        var a = [Float](repeating: 0, count: m * k)
        for i in 0..<m {
            for p in 0..<k where i < 20 || ((p / 7) % 3 == 0 && (i * 31 + p * 17) % 5 >= 3) {
                a[transA ? p * m + i : i * k + p] = rng.uniform(-1, 1)
            }
            a[transA ? (k - 1) * m + i : i * k + k - 1] = i % 2 == 0 ? -0.0 : 0
        }
        return a
    }

    /// The forward and weight-gradient shapes of a 784-wide layer at batch 48 and 256, a ragged
    /// one past a cache block in every direction, on every kernel, on one and two threads; by row,
    /// the weight gradients of the decoder's output layer (392 x 784, its last panel 16 columns
    /// wide) and of a 392 -> 200 layer (its last panel 8 wide), both layouts.
    @Test(arguments: [(48, 392, 784, false, GEMM.Zeros.byTile), (784, 392, 48, true, .byTile),
                      (256, 784, 392, false, .byTile), (784, 392, 256, true, .byTile),
                      (131, 1030, 300, false, .byTile), (131, 1030, 300, true, .byTile),
                      (392, 784, 48, true, .byRow), (392, 200, 48, true, .byRow), (131, 200, 40, false, .byRow),
                      (131, 1030, 300, true, .byRow)])
    func skippingGivesTheBitsOfTheFullProduct(_ shape: (Int, Int, Int, Bool, GEMM.Zeros)) {
        let (m, n, k, transA, zeros) = shape
        let a = Self.sparseA(m: m, k: k, transA: transA, seed: 21)
        var rng = RandomGenerator(seed: 22)
        let b = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }, c0 = (0..<(m * n)).map { _ in rng.uniform(-1, 1) }
        for kernel in GEMMTests.kernels {
            for threads in [1, 2] {
                let gemm = GEMM(kernel: kernel, threads: threads)
                for (alpha, beta) in [(Float(1), Float(0)), (1, 1), (0.5, -2)] {
                    var full = c0, skipping = c0
                    gemm.multiply(transA: transA, m: m, n: n, k: k, alpha: alpha, a: a, lda: transA ? m : k, b: b, ldb: n,
                                  beta: beta, c: &full, ldc: n)
                    gemm.multiply(transA: transA, m: m, n: n, k: k, alpha: alpha, a: a, lda: transA ? m : k, b: b, ldb: n,
                                  beta: beta, c: &skipping, ldc: n, zeros: zeros)
                    let differing = zip(full, skipping).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(differing == 0,
                            "\(kernel.name), \(zeros), \(threads) threads, alpha \(alpha) beta \(beta): \(differing) differ")
                }
            }
        }
    }

    /// The steps are really left out: an infinity in B meets only zeros of A (+0 and -0, in a
    /// k-step every row skips), which the full product turns into NaN (0·∞) and a skipping one
    /// never multiplies. Row-major and transposed A, k-blocks short and long (AVX2 packs a long
    /// transposed A whole), 160 columns (the parts on two threads are narrower than the 128 that
    /// skipping asks of a product: it is decided on the whole), by tile and by row. `skipsZeros:
    /// false` multiplies everything, as a BLAS does.
    @Test(arguments: [(48, 300, false, GEMM.Zeros.byTile), (48, 300, true, .byTile), (96, 100, false, .byTile),
                      (96, 100, true, .byTile), (96, 48, true, .byRow), (48, 300, false, .byRow)])
    func skippedStepsAreNotMultiplied(_ shape: (Int, Int, Bool, GEMM.Zeros)) {
        let (m, k, transA, zeros) = shape, n = 160
        var a = [Float](repeating: 0, count: m * k)
        for i in 0..<m {
            for p in 0..<k { a[transA ? p * m + i : i * k + p] = p % 4 == 0 ? Float(i % 5) - 2.5 : (i + p) % 2 == 0 ? 0 : -0.0 }
        }
        var b = [Float](repeating: 0.5, count: k * n)
        b[3 * n + 7] = .infinity  // k-step 3 is zero in every row
        for kernel in GEMMTests.kernels {
            for threads in [1, 2] {
                for skips in [true, false] {
                    var c = [Float](repeating: 0, count: m * n)
                    GEMM(kernel: kernel, threads: threads, skipsZeros: skips)
                        .multiply(transA: transA, m: m, n: n, k: k, a: a, lda: transA ? m : k, b: b, ldb: n, c: &c, ldc: n,
                                  zeros: zeros)
                    let nonFinite = c.filter { !$0.isFinite }.count
                    #expect(nonFinite == (skips ? 0 : m), "\(kernel.name), \(zeros), \(threads) threads, skipsZeros \(skips)")
                }
            }
        }
    }

    /// The one difference in value: a zero sum's sign. A chain whose kept products all underflow
    /// to -0 stays -0 when a step is skipped, where the full product's fused multiply-add of a
    /// +0 would make it +0 (a kernel that multiplies and adds apart gives +0 both ways).
    @Test func aZeroSumMayDifferInSignOnly() {
        let (m, n, k) = (6, 128, 2)
        var a = [Float](repeating: 0, count: m * k), b = [Float](repeating: 1, count: k * n)
        a[0] = -0x1p-80
        for j in 0..<n { b[j] = 0x1p-80 }
        for kernel in GEMMTests.kernels {
            for zeros in [GEMM.Zeros.byTile, .byRow] {
                var full = [Float](repeating: 1, count: m * n), skipping = full
                GEMM(kernel: kernel).multiply(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &full, ldc: n)
                GEMM(kernel: kernel).multiply(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &skipping, ldc: n, zeros: zeros)
                #expect(full == skipping, "\(kernel.name), \(zeros): the values")
                #expect(zip(full, skipping).allSatisfy { $0.bitPattern & 0x7FFF_FFFF == $1.bitPattern & 0x7FFF_FFFF },
                        "\(kernel.name), \(zeros)")
            }
        }
    }

    /// The image's layer skips in its forward product by tile and in its weight gradient by row up
    /// to a batch of 64 (by tile past it), a layer after ReLU (or dropout) in its forward product
    /// by tile and in its weight gradient by row up to a batch of 64, and one after a linear
    /// bottleneck or a tanh layer in neither.
    @Test func layersKnowWhereTheirInputIsZero() {
        var config = TrainingConfig()
        config.model = .supervised
        config.layers = [64, 16, 2]
        config.classifier = [16]
        config.dropout = 0
        let relu = Autoencoder(config: config, capacity: 4)
        #expect(relu.encoder.map(\.inputZeros) == [.inRuns, .perUnit, .perUnit])
        #expect(relu.decoder.map(\.inputZeros) == [.few, .perUnit, .perUnit])
        #expect(relu.classifier.map(\.inputZeros) == [.few, .perUnit])
        #expect(relu.encoder.map { $0.weightGradientZeros(batch: 48) } == [.byRow, .byRow, .byRow])
        #expect(relu.encoder.map { $0.weightGradientZeros(batch: 65) } == [.byTile, .none, .none])
        #expect(relu.decoder.map { $0.weightGradientZeros(batch: 64) } == [.none, .byRow, .byRow])
        config.hiddenActivation = .tanh
        #expect(Autoencoder(config: config, capacity: 4).encoder.map(\.inputZeros) == [.inRuns, .few, .few])
        config.dropout = 0.2
        #expect(Autoencoder(config: config, capacity: 4).encoder.map(\.inputZeros) == [.inRuns, .perUnit, .perUnit])
    }

    /// Training with the zeros skipped gives the losses and weights of training without, to the
    /// bit: a supervised model with dropout, on every kernel, on one and two threads, six steps.
    @Test func trainingIsTheSameBits() {
        var config = TrainingTests.config(.supervised, epochs: 1)
        config.layers = [160, 32, 2]  // 160 and 784 columns: wide enough to skip (128+)
        config.dropout = 0.1
        config.batchSize = 48
        for (kernel, threads) in GEMMTests.kernels.flatMap({ kernel in [1, 2].map { (kernel, $0) } }) {
            let runs = [true, false].map { skips in
                let trainer = Trainer(config: config, data: TrainingTests.small,
                                      gemm: GEMM(kernel: kernel, threads: threads, skipsZeros: skips))
                let losses = (0..<6).map { trainer.step((($0 * 48)..<(($0 + 1) * 48)).map { $0 }[...]).total.bitPattern }
                return (losses, TrainingTests.parameterBits(trainer.model))
            }
            #expect(runs[0].0 == runs[1].0, "\(kernel.name), \(threads) threads: losses")
            #expect(TrainingTests.differing(runs[0].1, runs[1].1) == 0, "\(kernel.name), \(threads) threads: weights")
        }
    }
}

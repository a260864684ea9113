import CKernels
import Foundation

/// Times the whole training step (forward, backward, optimizer) over seed-protocol epochs, and
/// the machine's FP32 peak, so throughput is stated against what the CPU can do.
public enum TrainingBenchmark {
    public struct Result: Codable, Sendable {
        public var model: ModelKind
        public var batch: Int
        public var threads: Int
        public var kernel: String
        public var secondsPerEpoch: Double
        public var bestSecondsPerEpoch: Double
        public var samplesPerSecond: Double
        public var gflops: Double
        public var peakGflops: Double
        public var percentOfPeak: Double
        public var gflopPerEpoch: Double
        /// Whether the kernels skipped the zeros of the layers' inputs (`GEMM.skipsZeros`); the
        /// FLOPs above count the full products either way.
        public var skipsZeros: Bool
        /// Where the split calls' time went (with a profile, on 2+ threads).
        public var breakdown: Breakdown?

        enum CodingKeys: String, CodingKey {
            case model, batch, threads, kernel, gflops, breakdown
            case secondsPerEpoch = "seconds_per_epoch", bestSecondsPerEpoch = "best_seconds_per_epoch"
            case samplesPerSecond = "samples_per_second", peakGflops = "peak_gflops"
            case percentOfPeak = "percent_of_peak", gflopPerEpoch = "gflop_per_epoch", skipsZeros = "skips_zeros"
        }
    }

    /// The pool's call sites over the timed epochs, and how many steps they span.
    public struct Breakdown: Codable, Sendable {
        public var steps: Int
        public var seconds: Double
        public var sites: [PoolProfile.Site]
    }

    /// Matrix-multiply FLOPs of one training step per sample: forward X·W, backward Xᵀ·dZ and
    /// dZ·Wᵀ for every layer, except dX of the first (the image needs no gradient).
    public static func trainingFlopsPerSample(_ config: TrainingConfig) -> Double {
        let model = Autoencoder(config: config, capacity: 1)
        let macs = model.layers.map { Double($0.inputs * $0.outputs) }
        return 6 * macs.reduce(0, +) - 2 * macs[0]
    }

    /// FP32 peak in GFLOP/s of `threads` cores running the kernel's ISA flat out.
    public static func peakGflops(kernel: GEMM.Kernel, threads: Int, seconds: Double = 0.25) -> Double {
        let pool = WorkerPool(threads: threads)
        var sink: Float = 0
        // Calibrate the iteration count on one core, then run it on all of them at once.
        var iterations = 1 << 16
        while true {
            let start = Date()
            _ = ae_peak_flops(kernel.rawValue, iterations, &sink)
            if Date().timeIntervalSince(start) > seconds / 4 { break }
            iterations *= 2
        }
        let count = iterations
        let start = Date()
        pool.run { _ in
            var local: Float = 0
            _ = ae_peak_flops(kernel.rawValue, count, &local)
        }
        let elapsed = Date().timeIntervalSince(start)
        var flops: Float = 0
        let perThread = ae_peak_flops(kernel.rawValue, 1, &flops) * Double(count)
        return perThread * Double(threads) / elapsed / 1e9
    }

    /// Median seconds of `epochs` timed epochs (after a warm-up) of `model` at `batch` on `threads`;
    /// with `breakdown` (and 2+ threads), where the timed epochs' split calls spent their time;
    /// `dense`: every product in full, zeros multiplied too, as a BLAS does.
    public static func run(model: ModelKind, batch: Int, threads: Int, data: MNIST, epochs: Int = 3,
                           kernel: GEMM.Kernel = .best, peak: Double, breakdown: Bool = false, dense: Bool = false) -> Result {
        var config = TrainingConfig()
        config.model = model
        config.batchSize = batch
        config.trainCount = data.train.count
        // The PyTorch, Keras and NumPy references train without dropout: time the same model.
        config.dropout = 0
        let profile = breakdown && threads > 1 ? PoolProfile() : nil
        let trainer = Trainer(config: config, data: data, gemm: GEMM(kernel: kernel, threads: threads, profile: profile,
                                                                              skipsZeros: !dense))
        var order = Array(0..<data.train.count)
        var rng = RandomGenerator(seed: 1)
        let batches = (order.count + batch - 1) / batch
        /// Step `index` as training takes it, with the next step's images to fetch ahead.
        func step(_ index: Int) {
            _ = trainer.step(Trainer.images(ofStep: index, in: order, batchSize: batch),
                             next: Trainer.images(ofStep: index + 1, in: order, batchSize: batch))
        }
        func epoch() -> Double {
            rng.shuffle(&order)
            let start = Date()
            for index in 0..<batches { step(index) }
            return Date().timeIntervalSince(start)
        }
        let times = withDenormalsFlushed {
            for index in 0..<min(20, batches) { step(index) }
            profile?.reset()
            return (0..<epochs).map { _ in epoch() }
        }
        let median = times.sorted()[times.count / 2]
        let flops = trainingFlopsPerSample(config) * Double(data.train.count)
        let gflops = flops / median / 1e9
        return Result(model: model, batch: batch, threads: threads, kernel: trainer.gemm.kernel.name,
                      secondsPerEpoch: median, bestSecondsPerEpoch: times.min()!,
                      samplesPerSecond: Double(data.train.count) / median, gflops: gflops, peakGflops: peak,
                      percentOfPeak: 100 * gflops / peak, gflopPerEpoch: flops / 1e9, skipsZeros: trainer.gemm.skipsZeros,
                      breakdown: profile.map { Breakdown(steps: batches * epochs, seconds: times.reduce(0, +), sites: $0.recorded) })
    }
}

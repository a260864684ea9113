@testable import Engine
import Synchronization
import Testing

@Suite struct WorkerPoolTests {
    @Test(.timeLimit(.minutes(1)), arguments: [1, 2, 3])
    func everyPartRunsOncePerCall(threads: Int) async {
        let pool = WorkerPool(threads: threads)
        let counts = Mutex([Int](repeating: 0, count: threads))
        // Many short calls with pauses in between exercise both the spinning and the sleeping
        // hand-over; a lost wake-up would hang here.
        for call in 0..<2000 {
            pool.run { part in counts.withLock { $0[part] += 1 } }
            if call % 500 == 0 { try? await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(counts.withLock { $0 } == [Int](repeating: 2000, count: threads))
    }

    /// A job whose parts claim its pieces from one counter: any part alone finishes it.
    final class ClaimedPieces: ParallelJob, @unchecked Sendable {
        let pieces: Int
        let next = Atomic<Int>(0)
        let done: UnsafeMutablePointer<Int>
        let partsRun = Mutex([0, 0])
        var anyPartFinishesTheJob: Bool { true }

        init(pieces: Int) {
            self.pieces = pieces
            done = .allocate(capacity: pieces)
            done.initialize(repeating: 0, count: pieces)
        }

        deinit { done.deallocate() }

        func run(part: Int) {
            partsRun.withLock { $0[part] += 1 }
            while true {
                let piece = next.add(1, ordering: .relaxed).oldValue
                guard piece < pieces else { return }
                done[piece] += 1
            }
        }
    }

    /// A worker that has not taken a call of such a job by the time the caller's part returns is
    /// excused instead of waited for (here: woken from its sleep after a pause); every piece is
    /// still done exactly once, and a job of fixed shares still runs every part every time.
    @Test(.timeLimit(.minutes(1))) func aLateWorkerIsExcusedFromAJobAnyPartFinishes() async {
        let pool = WorkerPool(threads: 2)
        let fixedShares = Mutex([0, 0])
        var excused = 0
        for call in 0..<400 {
            // Long enough for the worker to stop spinning and sleep: it then wakes late.
            if call % 4 == 0 { try? await Task.sleep(for: .milliseconds(2)) }
            let job = ClaimedPieces(pieces: 64)
            pool.run(job)
            #expect((0..<64).allSatisfy { job.done[$0] == 1 }, "call \(call)")
            let parts = job.partsRun.withLock { $0 }
            #expect(parts[0] == 1 && parts[1] <= 1)
            excused += parts[1] == 0 ? 1 : 0
            pool.run { part in fixedShares.withLock { $0[part] += 1 } }
        }
        #expect(excused > 0, "no call ended without the worker")
        #expect(fixedShares.withLock { $0 } == [400, 400])
    }

    @Test func splitCoversTheRangeEvenlyOnGranules() {
        let parts = (0..<2).map { WorkerPool.split(392, parts: 2, granule: 32, part: $0) }
        #expect(parts == [0..<192, 192..<392])
        let three = (0..<3).map { WorkerPool.split(10, parts: 3, granule: 1, part: $0) }
        #expect(three == [0..<3, 3..<6, 6..<10])
        #expect(WorkerPool.split(5, parts: 4, granule: 16, part: 0) == 0..<0)
        #expect(WorkerPool.split(5, parts: 4, granule: 16, part: 3) == 0..<5)
    }

    /// Optimizer updates split across threads, in pieces claimed as they run, give the same bits
    /// as on one thread: a small parameter (below the split threshold) and a 300 x 101 one with
    /// its 101 biases (split, in ragged pieces).
    @Test(arguments: OptimizerKind.allCases)
    func optimizerSplitIsBitIdentical(_ kind: OptimizerKind) {
        for (rows, cols) in [(37, 29), (300, 101)] {
            let one = optimizerRun(kind, rows: rows, cols: cols, pool: nil)
            #expect(optimizerRun(kind, rows: rows, cols: cols, pool: WorkerPool(threads: 2)) == one, "\(kind) \(rows)x\(cols)")
            #expect(optimizerRun(kind, rows: rows, cols: cols, pool: WorkerPool(threads: 3)) == one, "\(kind) \(rows)x\(cols)")
        }
    }

    /// The weights and biases after three steps of `kind` on a rows x cols layer.
    func optimizerRun(_ kind: OptimizerKind, rows: Int, cols: Int, pool: WorkerPool?) -> [UInt32] {
        let value = Matrix(rows: rows, cols: cols), gradient = Matrix(rows: rows, cols: cols)
        let bias = Matrix(rows: 1, cols: cols), biasGradient = Matrix(rows: 1, cols: cols)
        var rng = RandomGenerator(seed: 1)
        for matrix in [value, gradient, bias, biasGradient] {
            for i in 0..<matrix.count { matrix.data[i] = rng.uniform(-1, 1) }
        }
        var config = TrainingConfig()
        config.optimizer = kind
        config.momentum = 0.9
        let optimizer = Optimizer.make(for: config, parameters: [Parameter(name: "w.weight", value: value, gradient: gradient),
                                                                  Parameter(name: "w.bias", value: bias, gradient: biasGradient)], pool: pool)
        for _ in 0..<3 { optimizer.step() }
        return (value.toArray() + bias.toArray()).map(\.bitPattern)
    }

    /// The loss's fused pass split on blocks gives the loss and gradient bits of one thread.
    @Test(arguments: [1, 2, 3]) func squaredErrorSplitIsBitIdentical(threads: Int) {
        let count = 48 * 784 + 5
        var rng = RandomGenerator(seed: 8)
        let y = (0..<count).map { _ in rng.uniform(0, 1) }, t = (0..<count).map { _ in rng.uniform(0, 1) }
        func run(_ pool: WorkerPool?) -> (Double, [Float]) {
            var g = [Float](repeating: 0, count: count)
            let total = SquaredErrorPass(capacity: count).run(y, t, &g, count: count, scale: 0.5, pool: pool)
            return (total, g)
        }
        let one = run(nil), split = run(WorkerPool(threads: threads))
        #expect(one.0.bitPattern == split.0.bitPattern)
        #expect(TrainingTests.differing(one.1.map(\.bitPattern), split.1.map(\.bitPattern)) == 0)
        #expect(abs(one.0 - zip(y, t).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }) < 1e-3)
    }

    /// A batch loaded by two threads holds the same rows and labels as one loaded by one.
    @Test func splitBatchLoadMatches() {
        var rng = RandomGenerator(seed: 2)
        let pixels = (0..<(300 * 784)).map { _ in UInt8(truncatingIfNeeded: Int(rng.uniform(0, 256))) }
        let set = LabeledImages(pixels: pixels, labels: (0..<300).map { UInt8($0 % 10) }, pixelsPerImage: 784)
        let indices = Array((0..<300).reversed())[7..<207]
        let one = Batch(capacity: 200), two = Batch(capacity: 200)
        one.load(set, indices: indices)
        two.load(set, indices: indices, pool: WorkerPool(threads: 2))
        #expect(one.images.toArray() == two.images.toArray())
        #expect((0..<200).allSatisfy { one.labels[$0] == two.labels[$0] && one.labels[$0] == UInt8((292 - $0) % 10) })
    }

    /// Workers take the caller's denormal mode for each call, so a part's bits do not depend on the
    /// thread that computes it: denormal results stay outside `withDenormalsFlushed`, flush inside.
    @Test func workersTakeTheCallersDenormalMode() {
        #if arch(x86_64) || arch(arm64)
        let pool = WorkerPool(threads: 2)
        // Through a lock, so the product is not folded at compile time.
        let state = Mutex((factors: [Float.leastNormalMagnitude, 0.25], results: [Float](repeating: -1, count: 2)))
        func run() -> [Float] {
            pool.run { part in state.withLock { $0.results[part] = $0.factors[0] * $0.factors[1] } }
            return state.withLock { $0.results }
        }
        #expect(run().allSatisfy { $0 > 0 && $0 < Float.leastNormalMagnitude })
        #expect(withDenormalsFlushed(run) == [0, 0])
        #expect(run().allSatisfy { $0 > 0 })
        #endif
    }

    /// The gather converts exactly the rows asked for, in their order, repeats and the set's ends included.
    @Test func gatherConvertsTheChosenRowsInOrder() {
        let width = 784, rows = 300
        let pixels = (0..<(rows * width)).map { UInt8(truncatingIfNeeded: $0 * 31 + $0 / width) }
        let set = LabeledImages(pixels: pixels, labels: (0..<rows).map { UInt8($0 % 10) }, pixelsPerImage: width)
        let indices = [5, 0, 5, 299, 17, 298, 1]
        let batch = Batch(capacity: indices.count)
        batch.load(set, indices: indices[...])
        let expected = indices.flatMap { row in (0..<width).map { Float(pixels[row * width + $0]) * (1 / 255 as Float) } }
        #expect(batch.images.toArray() == expected)
        #expect((0..<indices.count).map { batch.labels[$0] } == indices.map { UInt8($0 % 10) })
    }
}

@Suite struct DenormalTests {
    /// Inside the scope a result below the normal range becomes zero; outside it stays denormal.
    @Test func flushesOnlyInsideTheScope() {
        let values: [Float] = [Float.leastNormalMagnitude, 0.25]
        func product() -> Float { values.reduce(1, *) }
        #if arch(x86_64) || arch(arm64)
        #expect(withDenormalsFlushed(product) == 0)
        #endif
        #expect(product() > 0 && product() < Float.leastNormalMagnitude)
    }
}

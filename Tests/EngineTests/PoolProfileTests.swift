@testable import Engine
import Foundation
import Testing

@Suite struct PoolProfileTests {
    /// A job whose worker part sleeps, so the caller must wait for it.
    final class SlowWorker: ParallelJob {
        let label = "slow worker"
        func run(part: Int) { if part == 1 { Thread.sleep(forTimeInterval: 0.004) } }
    }

    @Test func timesEachPartTheWaitAndTheSerialWorkBetweenCalls() {
        let profile = PoolProfile()
        let pool = WorkerPool(threads: 2, profile: profile)
        let job = SlowWorker()
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.002)  // serial work before the call
            pool.run(job)
        }
        pool.run { _ in }
        let sites = profile.recorded
        #expect(sites.map(\.label) == ["slow worker", "ClosureJob"])
        let slow = sites[0]
        #expect(slow.calls == 3)
        #expect(slow.slowestWorkerPart >= 3 * 0.004)
        #expect(slow.callerWait >= 3 * 0.003)  // the caller's own part is empty
        #expect(slow.callerPart < slow.callerWait)
        #expect(slow.serialBefore >= 3 * 0.002)
        #expect(sites[1].calls == 1 && sites[1].slowestWorkerPart < 0.004)
        profile.reset()
        #expect(profile.recorded.isEmpty)
    }

    /// A split product is recorded under its shape, and profiling changes none of its bits.
    @Test func namesSplitProductsByShape() {
        let (m, n, k) = (64, 96, 200)
        let a = Matrix(rows: k, cols: m), b = Matrix(rows: k, cols: n)
        var rng = RandomGenerator(seed: 5)
        for i in 0..<a.count { a.data[i] = rng.uniform(-1, 1) }
        for i in 0..<b.count { b.data[i] = rng.uniform(-1, 1) }
        func product(_ gemm: GEMM) -> [Float] {
            let c = Matrix(rows: m, cols: n)
            gemm.multiply(transA: true, m: m, n: n, k: k, a: a.data, lda: m, b: b.data, ldb: n, c: c.data, ldc: n)
            return c.toArray()
        }
        let profile = PoolProfile()
        let profiled = product(GEMM(threads: 2, profile: profile))
        #expect(profile.recorded.map(\.label) == ["GEMM 64x96 k200 Aᵀ"])
        #expect(profiled == product(GEMM(threads: 1)))
    }
}

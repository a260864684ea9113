@testable import Engine
import Testing

@Suite struct GEMMSplitTests {
    static let avx512 = (rows: SplitPlan.Tiling(step: 8, halfEdge: false), columns: SplitPlan.Tiling(step: 32, halfEdge: true))
    static let avx2 = (rows: SplitPlan.Tiling(step: 6, halfEdge: false), columns: SplitPlan.Tiling(step: 16, halfEdge: false))

    func ranges(_ plan: SplitPlan) -> [Range<Int>] { (0..<plan.parts).map { plan.range(of: $0) } }

    @Test func tileCostCountsRaggedEdges() {
        let columns = Self.avx512.columns
        #expect(columns.cost(392) == 25)  // 12 tiles + an 8-column edge in a half tile
        #expect(columns.cost(200) == 13)
        #expect(columns.cost(184) == 12)  // 5 tiles + 24 columns: a whole tile
        #expect(Self.avx512.rows.cost(9) == 4)
        #expect(columns.granule == 16 && Self.avx2.columns.granule == 16)
    }

    /// The weight gradient of a 784 x 392 layer splits its rows evenly on 8-row tiles (the old
    /// 24-row granule gave 384 + 400); the forward product at batch 48 keeps splitting its
    /// columns, so each thread reads half of the 784 x 392 weights, not all of them.
    @Test func planBalancesTilesAndReadsLess() {
        var plan = SplitPlan(parts: 2)
        plan.plan(m: 784, n: 392, k: 48, rowTiling: Self.avx512.rows, columnTiling: Self.avx512.columns)
        #expect(plan.axis == .rows && ranges(plan) == [0..<392, 392..<784])
        plan.plan(m: 48, n: 392, k: 784, rowTiling: Self.avx512.rows, columnTiling: Self.avx512.columns)
        #expect(plan.axis == .columns && ranges(plan) == [0..<192, 192..<392])
        // At batch 256 the weights are reused by 256 rows: the even row split wins.
        plan.plan(m: 256, n: 392, k: 784, rowTiling: Self.avx512.rows, columnTiling: Self.avx512.columns)
        #expect(plan.axis == .rows && ranges(plan) == [0..<128, 128..<256])
        plan.plan(m: 784, n: 392, k: 48, rowTiling: Self.avx2.rows, columnTiling: Self.avx2.columns)
        #expect(ranges(plan) == [0..<390, 390..<784])
    }

    @Test(arguments: [1, 2, 3, 5, 8]) func boundsCoverEveryElementOnce(parts: Int) {
        var plan = SplitPlan(parts: parts)
        for (m, n) in [(1, 1), (7, 3), (48, 98), (300, 20), (5, 1000)] {
            plan.plan(m: m, n: n, k: 64, rowTiling: Self.avx512.rows, columnTiling: Self.avx512.columns)
            let all = ranges(plan)
            let length = plan.axis == .rows ? m : n
            #expect(all.first?.lowerBound == 0 && all.last?.upperBound == length)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            let granule = plan.axis == .rows ? 8 : 16
            #expect(all.dropLast().allSatisfy { $0.upperBound % granule == 0 || $0.upperBound == length })
        }
    }
}

import CKernels
@testable import Engine
import Testing

@Suite struct GEMMSplitTests {
    static let avx512 = (rows: SplitPlan.Tiling(widths: [8]), columns: SplitPlan.Tiling(widths: [32, 16, 8]))
    static let avx2 = (rows: SplitPlan.Tiling(widths: [6]), columns: SplitPlan.Tiling(widths: [16, 8]))

    func ranges(_ plan: SplitPlan) -> [Range<Int>] { (0..<plan.parts).map { plan.range(of: $0) } }

    @Test func tileCostCountsRaggedEdges() {
        let columns = Self.avx512.columns
        #expect(columns.cost(392) == 49)  // 12 tiles of 4 eighths + an 8-column edge in a quarter tile
        #expect(columns.cost(200) == 25)
        #expect(columns.cost(184) == 24)  // 5 tiles + 24 columns: a whole tile
        #expect(columns.cost(170) == 22)  // 5 tiles + 10 columns: a half tile
        #expect(Self.avx512.rows.cost(9) == 2)
        #expect(Self.avx2.columns.cost(392) == 49)  // 24 tiles + an 8-column half tile
        #expect(columns.granule == 8 && Self.avx2.columns.granule == 8)
        // AVX2's row tiles: 112 wide, edges of 56, then 32, 16 and 8.
        let rows = SplitPlan.Tiling(widths: [112, 56, 32, 16, 8])
        #expect(rows.cost(784) == 98)  // 7 tiles
        #expect(rows.cost(392) == 49)  // 3 tiles and a 56-column edge
        #expect(rows.cost(150) == 21)  // a tile and 38 columns: a 56-column edge
        #expect(rows.cost(120) == 15)  // a tile and 8 columns: the narrowest edge
        #expect(rows.cost(200) == 28)  // a tile and 88 columns: a whole tile
    }

    /// The tilings are C's: a product computed as Cᵀ = B·Aᵀ (transposed B, A as stored) tiles C's
    /// rows with the kernel's columns, and skips no zeros; by row, the tile is one row of C.
    @Test func tilingsFollowTheProductComputed() throws {
        let avx2 = GEMM.Kernel.avx2
        try #require(avx2.isSupported)
        func shape(_ t: (rows: SplitPlan.Tiling, columns: SplitPlan.Tiling)) -> [Int] {
            [t.rows.step, t.rows.narrowest, t.columns.step, t.columns.narrowest]
        }
        #expect(shape(avx2.tilings(transA: false, transB: false, zeros: GEMM.Zeros.none.code)) == [6, 6, 16, 8])
        #expect(shape(avx2.tilings(transA: false, transB: true, zeros: GEMM.Zeros.none.code)) == [16, 8, 6, 6])
        #expect(shape(avx2.tilings(transA: false, transB: true, zeros: GEMM.Zeros.byRow.code)) == [16, 8, 6, 6])
        #expect(shape(avx2.tilings(transA: true, transB: true, zeros: GEMM.Zeros.none.code)) == [6, 6, 16, 8])
        let byRow = avx2.tilings(transA: true, transB: false, zeros: GEMM.Zeros.byRow.code)
        #expect(shape(byRow) == [1, 1, 112, 8])
        #expect(byRow.columns.widths == [112, 56, 32, 16, 8])
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
        // 392 columns at batch 48 on AVX-512: 6 tiles and 6 plus a quarter.
        plan.plan(m: 48, n: 392, k: 784, rowTiling: Self.avx512.rows, columnTiling: Self.avx512.columns)
        #expect(Self.avx512.columns.cost(ranges(plan)[1].count) - Self.avx512.columns.cost(ranges(plan)[0].count) == 1)
    }

    @Test(arguments: [1, 2, 3, 5, 8]) func boundsCoverEveryElementOnce(parts: Int) {
        var plan = SplitPlan(parts: parts)
        for (m, n) in [(1, 1), (7, 3), (48, 98), (300, 20), (5, 1000)] {
            plan.plan(m: m, n: n, k: 64, rowTiling: Self.avx512.rows, columnTiling: Self.avx512.columns)
            let all = ranges(plan)
            let length = plan.axis == .rows ? m : n
            #expect(all.first?.lowerBound == 0 && all.last?.upperBound == length)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            let granule = 8
            #expect(all.dropLast().allSatisfy { $0.upperBound % granule == 0 || $0.upperBound == length })
        }
    }

    /// The operand every piece of a split product would copy is packed once for all of them: all of
    /// dZ for a product computed as Cᵀ = B·Aᵀ, a B whose rows start off cache lines for pieces by
    /// rows (copied for 128+ rows), an AVX2 transposed A long enough to be packed and an A packed
    /// without its zeros for pieces by columns. Elsewhere each piece reads in place, or copies only
    /// its own share, and no pack is made. Only AVX2's rule depends on the kernel (one the CPU
    /// lacks falls back to the generic one, as the products do).
    @Test func theOperandEveryPieceWouldCopyIsPackedOnce() {
        let lined = Matrix(rows: 48, cols: 784), offLines = Matrix(rows: 48, cols: 392)
        let pack = ae_shared_pack_new()
        defer { ae_shared_pack_free(pack) }
        func units(_ kernel: GEMM.Kernel, transA: Bool = false, transB: Bool = false, _ m: Int, _ n: Int, _ k: Int,
                   _ b: Matrix, zeros: GEMM.Zeros = .none, byColumns: Bool) -> Int {
            Int(ae_shared_pack_plan(pack, kernel.rawValue, transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k),
                                    lined.data, lined.cols, b.data, b.cols, zeros.code, byColumns ? 1 : 0))
        }
        func shared(_ kernel: GEMM.Kernel, transA: Bool = false, transB: Bool = false, _ m: Int, _ n: Int, _ k: Int,
                    _ b: Matrix, zeros: GEMM.Zeros = .none, byColumns: Bool) -> Bool {
            units(kernel, transA: transA, transB: transB, m, n, k, b, zeros: zeros, byColumns: byColumns) > 0
        }
        for kernel in GEMM.Kernel.allCases {
            // Batch 48: the forward product by columns; the weight gradients by rows.
            #expect(!shared(kernel, 48, 392, 784, offLines, byColumns: true))
            #expect(!shared(kernel, transA: true, 392, 784, 48, lined, byColumns: false))
            #expect(shared(kernel, transA: true, 784, 392, 48, offLines, byColumns: false))
            #expect(!shared(kernel, transA: true, 98, 392, 48, offLines, byColumns: false))  // under 128 rows: read in place
            // The input gradient, computed transposed: by C's columns every piece packs all of dZ;
            // by its rows, each its own rows of dZ.
            #expect(shared(kernel, transB: true, 48, 392, 784, offLines, byColumns: true))
            #expect(!shared(kernel, transB: true, 48, 392, 784, offLines, byColumns: false))
            // A sparse A is packed by every piece by columns, by each piece's own rows by rows.
            #expect(shared(kernel, 48, 392, 784, offLines, zeros: .byTile, byColumns: true))
            #expect(shared(kernel, transA: true, 392, 784, 48, lined, zeros: .byTile, byColumns: true))
            #expect(!shared(kernel, transA: true, 392, 784, 48, lined, zeros: .byTile, byColumns: false))
            // Batch 256: AVX2 packs a 256-step transposed A for 128+ columns; the others read it in place.
            let avx2 = kernel == .avx2 && kernel.isSupported
            #expect(shared(kernel, transA: true, 392, 784, 256, lined, byColumns: true) == avx2)
            #expect(!shared(kernel, transA: true, 392, 784, 48, lined, byColumns: true))
            #expect(!shared(kernel, transA: true, 392, 96, 256, lined, byColumns: true))  // under 128 columns: read in place
            // By row, A by columns: every piece packs every row's own steps.
            #expect(shared(kernel, transA: true, 392, 784, 48, lined, zeros: .byRow, byColumns: true))
            #expect(units(kernel, transA: true, 392, 784, 48, lined, zeros: .byRow, byColumns: true) == 4)
            // Units: k-blocks of 256 steps, each in up to 4 groups of micro-panels of mr rows.
            let mr = kernel.tilings(transA: false, transB: false, zeros: GEMM.Zeros.byTile.code).rows.step
            let panels = (48 + mr - 1) / mr
            #expect(units(kernel, 48, 392, 784, offLines, zeros: .byTile, byColumns: true) == 4 * min(panels, 4))
            #expect(units(kernel, 4, 392, 300, offLines, zeros: .byTile, byColumns: true) == 2 * 1)
        }
    }
}

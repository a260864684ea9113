import CKernels

/// How one product's C is divided between the pool's threads: along its rows or its columns, at
/// micro-tile bounds, so that every part costs about the same number of multiply-adds.
///
/// Equal lengths are not equal work: a ragged edge costs a whole tile (or a half or a quarter of
/// one, where the kernel has narrower edge tiles), and it falls in one part only. Splitting 392
/// columns of a 32-wide tile as 192 + 200 gives one thread 6 tiles and the other 6.25, while 48
/// rows of an 8-row tile split 24 + 24 exactly. But a row split makes every thread read all of B, and a
/// column split all of A: at batch 48 the forward product's B is a 1.2 MB weight matrix that
/// streams from L3, and reading it twice costs more than the ragged tile. The plan weighs both
/// axes by multiply-adds and bytes read and takes the cheaper. Where each element is computed
/// does not change its bits, so the plan is free to choose.
struct SplitPlan {
    /// The micro-tiles along one axis of C: their widths, widest first, each a multiple of the
    /// last. The first is the full tile; an edge takes the narrowest one that holds it.
    struct Tiling {
        let widths: [Int]

        init(widths: [Int]) {
            precondition(!widths.isEmpty && widths.allSatisfy { $0 % widths[widths.count - 1] == 0 })
            self.widths = widths
        }

        var step: Int { widths[0] }
        var narrowest: Int { widths[widths.count - 1] }
        /// Bounds between parts are multiples of this.
        var granule: Int { narrowest }

        /// Cost of `length` elements along this axis, in tiles of the narrowest width.
        func cost(_ length: Int) -> Int {
            let edge = length % step
            let width = widths.last { $0 >= edge } ?? step
            return length / step * (step / narrowest) + (edge == 0 ? 0 : width / narrowest)
        }
    }

    enum Axis { case rows, columns }

    private(set) var axis = Axis.columns
    /// The micro-tile's length along `axis`: the unit parts hand over in (`TileClaims`).
    private(set) var tile = 1
    /// `parts + 1` bounds along `axis`; part p covers bounds[p]..<bounds[p + 1].
    private var bounds: [Int]

    init(parts: Int) { bounds = [Int](repeating: 0, count: parts + 1) }

    var parts: Int { bounds.count - 1 }

    func range(of part: Int) -> Range<Int> { bounds[part]..<bounds[part + 1] }

    /// Flops a core does in the time it reads one byte of an operand that streams from the shared
    /// L3 (about 117 GFLOP/s against 20 GB/s per core, measured on a Zen 4): what weighs bytes
    /// against multiply-adds when the plan compares the axes.
    static let flopsPerByte = 6

    /// Plans an m x n C with k-long dot products whose rows and columns are tiled as given;
    /// reuses its storage.
    mutating func plan(m: Int, n: Int, k: Int, rowTiling: Tiling, columnTiling: Tiling) {
        // A unit of cost on each axis is (narrowest rows) x (narrowest columns) elements of k multiply-adds.
        let flopsPerUnit = 2 * rowTiling.narrowest * columnTiling.narrowest * k
        let byRows = Self.makespan(length: m, tiling: rowTiling, parts: parts) { rows, cost in
            cost * columnTiling.cost(n) * flopsPerUnit + Self.flopsPerByte * 4 * k * (rows + n)
        }
        let byColumns = Self.makespan(length: n, tiling: columnTiling, parts: parts) { columns, cost in
            cost * rowTiling.cost(m) * flopsPerUnit + Self.flopsPerByte * 4 * k * (m + columns)
        }
        // On a tie, split the longer side: each thread then reads less of the larger operand.
        axis = byRows < byColumns || (byRows == byColumns && m > n) ? .rows : .columns
        let (length, tiling) = axis == .rows ? (m, rowTiling) : (n, columnTiling)
        tile = tiling.step
        Self.fill(&bounds, length: length, tiling: tiling)
    }

    /// The costliest part's `cost(length, tileCost)` when `length` is split into `parts` by `fill`.
    private static func makespan(length: Int, tiling: Tiling, parts: Int, cost: (Int, Int) -> Int) -> Int {
        var start = 0, worst = 0
        for part in 0..<parts {
            let end = nextBound(from: start, length: length, tiling: tiling, partsLeft: parts - part)
            worst = max(worst, cost(end - start, tiling.cost(end - start)))
            start = end
        }
        return worst
    }

    private static func fill(_ bounds: inout [Int], length: Int, tiling: Tiling) {
        let parts = bounds.count - 1
        bounds[0] = 0
        for part in 0..<parts {
            bounds[part + 1] = nextBound(from: bounds[part], length: length, tiling: tiling, partsLeft: parts - part)
        }
    }

    /// The end of the part starting at `start`: the granule bound that makes the larger of this
    /// part's cost and an even share of the rest's the smallest (the last part takes the rest).
    private static func nextBound(from start: Int, length: Int, tiling: Tiling, partsLeft: Int) -> Int {
        if partsLeft <= 1 { return length }
        var best = start, bestCost = Double.infinity
        var end = start
        while end <= length {
            let cost = max(Double(tiling.cost(end - start)), Double(tiling.cost(length - end)) / Double(partsLeft - 1))
            if cost < bestCost { (best, bestCost) = (end, cost) }
            if end == length { break }
            end = min(end + tiling.granule, length)
        }
        return best
    }
}

extension GEMM.Kernel {
    /// This kernel's micro-tile along C's rows and columns in an `ae_sgemm` of these transpositions
    /// skipping `zeros` (an `ae_zeros`).
    func tilings(transA: Bool, transB: Bool, zeros: Int32) -> (rows: SplitPlan.Tiling, columns: SplitPlan.Tiling) {
        func tiling(alongRows: Bool) -> SplitPlan.Tiling {
            var widths = [Int32](repeating: 0, count: 8)
            let count = ae_tile_widths(rawValue, transA ? 1 : 0, transB ? 1 : 0, zeros, alongRows ? 1 : 0, &widths, Int32(widths.count))
            return SplitPlan.Tiling(widths: widths.prefix(Int(count)).map(Int.init))
        }
        return (tiling(alongRows: true), tiling(alongRows: false))
    }
}

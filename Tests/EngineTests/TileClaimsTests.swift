@testable import Engine
import Synchronization
import Testing

@Suite struct TileClaimsTests {
    static let tiling = SplitPlan.Tiling(widths: [32, 16, 8])

    /// Claims for a split of `length` columns (48 rows, so the plan splits the columns): in two,
    /// 392 columns give part 0 0..<192 and part 1 192..<392.
    func claims(parts: Int = 2, length: Int = 392) -> (TileClaims, SplitPlan) {
        var plan = SplitPlan(parts: parts)
        plan.plan(m: 48, n: length, k: 784, rowTiling: SplitPlan.Tiling(widths: [48]), columnTiling: Self.tiling)
        let claims = TileClaims(parts: parts)
        claims.reset(tile: Self.tiling.step) { plan.range(of: $0) }
        return (claims, plan)
    }

    /// A part takes its own stretch from the low end, half of what is left each time, then the
    /// others' from their high ends; every piece is whole tiles counted from its stretch's start.
    @Test func aLonePartTakesItsOwnStretchThenTheOthersFromTheirEnds() {
        let (claims, plan) = claims()
        #expect(plan.axis == .columns && plan.range(of: 0) == 0..<192 && plan.range(of: 1) == 192..<392)
        var pieces: [Range<Int>] = []
        while let piece = claims.next(for: 0) { pieces.append(piece) }
        #expect(pieces == [0..<96, 96..<128, 128..<160, 160..<192,  // 6 tiles: 3, 1, 1, 1
                           320..<392, 256..<320, 224..<256, 192..<224])  // 6 tiles and an 8-column edge, from the top: 3 (2 and the edge), 2, 1, 1
        #expect(claims.next(for: 1) == nil)
    }

    /// Parts claiming at once on real threads cover every column exactly once, for many lengths
    /// and part counts, in pieces on their stretch's tile grid.
    @Test(.timeLimit(.minutes(1)), arguments: [2, 3, 4])
    func concurrentPartsCoverEveryColumnOnce(parts: Int) {
        let pool = WorkerPool(threads: parts)
        for length in [40, 64, 200, 392, 784, 1000] {
            let (claims, plan) = claims(parts: parts, length: length)
            #expect(plan.axis == .columns)
            let pieces = Mutex([Range<Int>]())
            for _ in 0..<20 {
                pieces.withLock { $0.removeAll() }
                claims.reset(tile: Self.tiling.step) { plan.range(of: $0) }
                pool.run { part in
                    while let piece = claims.next(for: part) { pieces.withLock { $0.append(piece) } }
                }
                let claimed = pieces.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
                #expect(claimed.first?.lowerBound == 0 && claimed.last?.upperBound == length)
                #expect(zip(claimed, claimed.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                for piece in claimed {
                    let stretch = (0..<parts).map(plan.range(of:)).first { $0.contains(piece.lowerBound) }!
                    #expect(piece.upperBound <= stretch.upperBound)
                    #expect((piece.lowerBound - stretch.lowerBound) % Self.tiling.step == 0)
                    #expect(piece.upperBound == stretch.upperBound || (piece.upperBound - stretch.lowerBound) % Self.tiling.step == 0)
                }
            }
        }
    }
}

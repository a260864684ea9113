import Synchronization

/// Hands out one split call's elements (a product's C along its split axis, an update's values) to
/// the pool's parts while they run.
///
/// Each part starts on its own stretch (a `SplitPlan`'s, say) and claims it from the low end, half of
/// what is left at a time; a part that runs out then claims from the high end of another's, half
/// of what is left there. So a part slowed by its core (a host that takes the vCPU away for a
/// while, a colder cache) hands its last tiles to a faster one instead of holding up the call,
/// and each part still walks its stretch in order. Claims are whole micro-tiles counted from the
/// stretch's start, so no tile is cut in two.
final class TileClaims: @unchecked Sendable {
    /// One stretch's unclaimed elements, low | high << 32.
    private final class Stretch: Sendable {
        let bounds = Atomic<UInt64>(0)
    }

    private let stretches: [Stretch]
    // Set by `reset` before `WorkerPool.run`, which orders them before the workers read them.
    private var tile = 1

    init(parts: Int) { stretches = (0..<parts).map { _ in Stretch() } }

    /// Starts a split: part p owns `stretch(p)` (contiguous, in order), claimed `tile` elements at a time.
    func reset(tile: Int, stretch: (Int) -> Range<Int>) {
        self.tile = tile
        for (part, claims) in stretches.enumerated() {
            let range = stretch(part)
            precondition(range.upperBound < 1 << 32, "a stretch's bounds are packed in 32 bits")
            claims.bounds.store(Self.pack(range.lowerBound, range.upperBound), ordering: .relaxed)
        }
    }

    /// The next piece for `part`, or nil when every stretch is claimed.
    func next(for part: Int) -> Range<Int>? {
        for offset in 0..<stretches.count {
            if let piece = claim(stretches[(part + offset) % stretches.count], own: offset == 0) { return piece }
        }
        return nil
    }

    private func claim(_ stretch: Stretch, own: Bool) -> Range<Int>? {
        var word = stretch.bounds.load(ordering: .relaxed)
        while true {
            let low = Int(word & 0xFFFF_FFFF), high = Int(word >> 32)
            guard low < high else { return nil }
            let tiles = (high - low + tile - 1) / tile
            let count = max(1, tiles / 2)
            // The owner takes tiles from the low end, others from the high end, both on the grid
            // that starts at `low` (which only ever moves by whole tiles).
            let cut = own ? min(high, low + count * tile) : low + (tiles - count) * tile
            let claimed = own ? Self.pack(cut, high) : Self.pack(low, cut)
            let (exchanged, current) = stretch.bounds.compareExchange(expected: word, desired: claimed, ordering: .relaxed)
            if exchanged { return own ? low..<cut : cut..<high }
            word = current
        }
    }

    private static func pack(_ low: Int, _ high: Int) -> UInt64 { UInt64(low) | UInt64(high) << 32 }
}

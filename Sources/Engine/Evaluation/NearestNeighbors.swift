/// k-nearest-neighbour classification of bottleneck codes: the latent probe that answers "are
/// these codes discriminative?" without training anything on them.
///
/// Exact search, sped up by sorting the references along their principal axis: the distance
/// along one unit direction never exceeds the full distance, so a query walks outward from its own
/// position on that axis and stops once the gap alone is farther than its k-th best. For 2-D
/// codes that visits a few hundred of 10,000 references instead of all of them.
public struct NearestNeighbors: Sendable {
    public let dimensions: Int
    public let k: Int
    /// References sorted by their position on `axis`, with those positions, labels and indices.
    private let codes: [Float]
    private let keys: [Double]
    private let labels: [UInt8]
    private let indices: [Int]
    private let axis: [Double]
    /// The seed of the order among equally distant references: fixed, so the probe gives the
    /// same figure every time.
    public static let tieSeed: UInt64 = 0x7135

    /// Float rounding of the squared distances is far below this relative margin, so pruning
    /// with it never drops a true neighbour.
    private static let pruneMargin = 1 + 1e-4

    public init(codes: [Float], labels: [UInt8], dimensions: Int, k: Int = 5) {
        precondition(codes.count == labels.count * dimensions, "codes and labels disagree")
        let axis = PCA(fitting: codes, dimensions: dimensions, components: 1).components.first
            ?? [Double](repeating: 0, count: dimensions)
        let positions = (0..<labels.count).map { r in
            (0..<dimensions).reduce(0.0) { $0 + Double(codes[r * dimensions + $1]) * axis[$1] }
        }
        let order = labels.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }
        self.codes = order.flatMap { codes[($0 * dimensions)..<(($0 + 1) * dimensions)] }
        keys = order.map { positions[$0] }
        self.labels = order.map { labels[$0] }
        indices = order
        self.axis = axis
        self.dimensions = dimensions
        self.k = max(1, min(k, labels.count))
    }

    /// Majority vote of the k nearest (squared Euclidean; equal distances in a seeded random
    /// order drawn anew for each query, so coinciding codes, as a collapsed bottleneck makes,
    /// draw random neighbours instead of the same first images' labels); a tie in votes goes to
    /// the tied class whose member is nearest. Queries are split across the pool's threads.
    public func predict(_ queries: [Float], pool: WorkerPool? = nil) -> [UInt8] {
        forEachQuery(queries, pool: pool, initial: UInt8(0)) { query, number in
            let labels = nearest(query, number: number).labels
            // Neighbours are sorted nearest first, so the first label with the top vote count wins ties.
            let votes = labels.map { label in labels.count { $0 == label } }
            let top = votes.max() ?? 0
            return labels[votes.firstIndex(of: top) ?? 0]
        }
    }

    public func accuracy(_ queries: [Float], labels truth: [UInt8], pool: WorkerPool? = nil) -> Double {
        guard !truth.isEmpty else { return 0 }
        let predicted = predict(queries, pool: pool)
        return Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// Mean Euclidean distance from each query to its k nearest references: the latent k-NN
    /// anomaly score (far from every training code = unlike the training data).
    public func meanDistances(_ queries: [Float], pool: WorkerPool? = nil) -> [Float] {
        forEachQuery(queries, pool: pool, initial: Float(0)) { query, number in
            let distances = nearest(query, number: number).squaredDistances
            return distances.reduce(0) { $0 + $1.squareRoot() } / Float(distances.count)
        }
    }

    /// One result per query row, the rows split across the pool's threads.
    private func forEachQuery<T: Sendable>(_ queries: [Float], pool: WorkerPool?, initial: T,
                                           _ answer: @escaping @Sendable (UnsafePointer<Float>, Int) -> T) -> [T] {
        let count = queries.count / dimensions
        var results = [T](repeating: initial, count: count)
        let parts = pool?.threads ?? 1
        results.withUnsafeMutableBufferPointer { out in
            let target = UnsafeOutput(base: out.baseAddress!)
            let body: @Sendable (Int) -> Void = { [self] part in
                queries.withUnsafeBufferPointer { q in
                    for index in WorkerPool.split(count, parts: parts, part: part) {
                        target.base[index] = answer(q.baseAddress! + index * dimensions, index)
                    }
                }
            }
            if let pool { pool.run(body) } else { body(0) }
        }
        return results
    }

    /// One of a query's nearest references: its index in the codes the probe was built from.
    public struct Neighbor: Equatable, Sendable {
        public var index: Int
        public var label: UInt8
        public var squaredDistance: Float
    }

    /// The k nearest references to one query (`dimensions` values), nearest first; equal
    /// distances in the probe's seeded order (the query counts as number 0).
    public func neighbors(of query: [Float]) -> [Neighbor] {
        precondition(query.count == dimensions, "a query of \(query.count) values for \(dimensions)-D codes")
        let found = query.withUnsafeBufferPointer { nearest($0.baseAddress!, number: 0) }
        return (0..<k).compactMap { slot in
            found.squaredDistances[slot].isFinite
                ? Neighbor(index: found.references[slot], label: found.labels[slot], squaredDistance: found.squaredDistances[slot]) : nil
        }
    }

    /// The k nearest references to query number `number`, nearest first: squared distances,
    /// labels and indices.
    private func nearest(_ query: UnsafePointer<Float>, number: Int) -> (squaredDistances: [Float], labels: [UInt8], references: [Int]) {
        // The k best so far, nearest first, ordered by (distance, tie rank).
        var bestDistance = [Float](repeating: .infinity, count: k)
        var bestIndex = [UInt64](repeating: .max, count: k)
        var bestLabel = [UInt8](repeating: 0, count: k)
        var bestReference = [Int](repeating: -1, count: k)
        codes.withUnsafeBufferPointer { reference in
            let base = reference.baseAddress!
            let key = (0..<dimensions).reduce(0.0) { $0 + Double(query[$1]) * axis[$1] }
            var high = lowerBound(key)
            var low = high - 1
            while low >= 0 || high < labels.count {
                let lowGap = low >= 0 ? key - keys[low] : .infinity
                let highGap = high < labels.count ? keys[high] - key : .infinity
                let r: Int
                if lowGap <= highGap {
                    r = low
                    low -= 1
                } else {
                    r = high
                    high += 1
                }
                let gap = min(lowGap, highGap)
                // Every remaining reference is at least this far along the axis alone.
                if gap * gap > Double(bestDistance[k - 1]) * Self.pruneMargin { break }
                let row = base + r * dimensions
                var distance: Float = 0
                for d in 0..<dimensions {
                    let diff = row[d] - query[d]
                    distance += diff * diff
                }
                let index = Self.tieRank(query: number, reference: indices[r])
                guard (distance, index) < (bestDistance[k - 1], bestIndex[k - 1]) else { continue }
                var slot = k - 1
                while slot > 0 && (bestDistance[slot - 1], bestIndex[slot - 1]) > (distance, index) {
                    bestDistance[slot] = bestDistance[slot - 1]
                    bestIndex[slot] = bestIndex[slot - 1]
                    bestLabel[slot] = bestLabel[slot - 1]
                    bestReference[slot] = bestReference[slot - 1]
                    slot -= 1
                }
                bestDistance[slot] = distance
                bestIndex[slot] = index
                bestLabel[slot] = labels[r]
                bestReference[slot] = indices[r]
            }
        }
        return (bestDistance, bestLabel, bestReference)
    }

    /// A reference's place among equally distant ones for one query: a seeded hash (SplitMix64's
    /// finalizer), random-looking and the same every time.
    public static func tieRank(query: Int, reference: Int) -> UInt64 {
        var z = tieSeed &+ UInt64(query) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(reference) &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The first sorted position not below `key` on the axis.
    private func lowerBound(_ key: Double) -> Int {
        var low = 0, high = labels.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// The output buffer handed to the pool's workers: each writes only its own range of rows.
private struct UnsafeOutput<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

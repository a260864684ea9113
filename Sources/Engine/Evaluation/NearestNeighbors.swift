/// k-nearest-neighbour classification of bottleneck codes: the latent probe that answers "are
/// these codes discriminative?" without training anything on them.
public struct NearestNeighbors: Sendable {
    public let codes: [Float]
    public let labels: [UInt8]
    public let dimensions: Int
    public let k: Int

    public init(codes: [Float], labels: [UInt8], dimensions: Int, k: Int = 5) {
        precondition(codes.count == labels.count * dimensions, "codes and labels disagree")
        self.codes = codes
        self.labels = labels
        self.dimensions = dimensions
        self.k = max(1, min(k, labels.count))
    }

    /// Majority vote of the k nearest (squared Euclidean); a tie goes to the tied class whose
    /// member is nearest. Queries are split across the pool's threads.
    public func predict(_ queries: [Float], pool: WorkerPool? = nil) -> [UInt8] {
        let count = queries.count / dimensions
        var predictions = [UInt8](repeating: 0, count: count)
        let parts = pool?.threads ?? 1
        let chunk = (count + parts - 1) / parts
        predictions.withUnsafeMutableBufferPointer { out in
            let target = UnsafeOutput(base: out.baseAddress!)
            let body: @Sendable (Int) -> Void = { [self] part in
                let start = part * chunk
                let end = min(count, start + chunk)
                guard start < end else { return }
                queries.withUnsafeBufferPointer { q in
                    for index in start..<end {
                        target.base[index] = classify(q.baseAddress! + index * dimensions)
                    }
                }
            }
            if let pool { pool.run(body) } else { body(0) }
        }
        return predictions
    }

    public func accuracy(_ queries: [Float], labels truth: [UInt8], pool: WorkerPool? = nil) -> Double {
        guard !truth.isEmpty else { return 0 }
        let predicted = predict(queries, pool: pool)
        return Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    private func classify(_ query: UnsafePointer<Float>) -> UInt8 {
        // The k best so far, sorted nearest first.
        var bestDistance = [Float](repeating: .infinity, count: k)
        var bestLabel = [UInt8](repeating: 0, count: k)
        codes.withUnsafeBufferPointer { reference in
            let base = reference.baseAddress!
            for r in 0..<labels.count {
                let row = base + r * dimensions
                var distance: Float = 0
                for d in 0..<dimensions {
                    let diff = row[d] - query[d]
                    distance += diff * diff
                }
                guard distance < bestDistance[k - 1] else { continue }
                var slot = k - 1
                while slot > 0 && bestDistance[slot - 1] > distance {
                    bestDistance[slot] = bestDistance[slot - 1]
                    bestLabel[slot] = bestLabel[slot - 1]
                    slot -= 1
                }
                bestDistance[slot] = distance
                bestLabel[slot] = labels[r]
            }
        }
        // Neighbours are sorted nearest first, so the first label with the top vote count wins ties.
        let votes = bestLabel.map { label in bestLabel.count { $0 == label } }
        let top = votes.max() ?? 0
        return bestLabel[votes.firstIndex(of: top) ?? 0]
    }
}

private struct UnsafeOutput: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
}

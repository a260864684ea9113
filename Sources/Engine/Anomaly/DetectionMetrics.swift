/// How well one anomaly score separates anomalies (positives) from normal images, the higher the
/// score the more anomalous. Computed once per (model, score) over the test images.
public struct DetectionMetrics: Codable, Sendable, Equatable {
    /// Area under the ROC curve: the Mann-Whitney U statistic over (anomalies x normals), a tie
    /// counting one half (average ranks).
    public var rocAUC: Double
    /// Step-wise average precision (scikit-learn's definition): the sum over distinct thresholds,
    /// highest first, of (recall gained) x (precision there), every image tied at a threshold
    /// counted together.
    public var averagePrecision: Double
    /// Precision among the n highest scores, n = the number of anomalies; images tied at the
    /// cut-off share the remaining places (the expectation over random tie-breaking).
    public var precisionAtN: Double

    enum CodingKeys: String, CodingKey {
        case rocAUC = "roc_auc", averagePrecision = "average_precision", precisionAtN = "precision_at_n"
    }

    public init(rocAUC: Double, averagePrecision: Double, precisionAtN: Double) {
        self.rocAUC = rocAUC
        self.averagePrecision = averagePrecision
        self.precisionAtN = precisionAtN
    }

    /// NaN when the set lacks anomalies or normal images (nothing to separate).
    public init(scores: [Float], isAnomaly: [Bool]) {
        rocAUC = Self.rocAUC(scores: scores, isAnomaly: isAnomaly)
        averagePrecision = Self.averagePrecision(scores: scores, isAnomaly: isAnomaly)
        precisionAtN = Self.precisionAtN(scores: scores, isAnomaly: isAnomaly)
    }

    public static func rocAUC(scores: [Float], isAnomaly: [Bool]) -> Double {
        precondition(scores.count == isAnomaly.count, "scores and labels disagree")
        let positives = isAnomaly.count { $0 }
        let negatives = isAnomaly.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        var rankSum = 0.0
        for group in tiedGroups(scores, descending: false) {
            // Ranks start..<end (1-based: start+1 ... end) share their average.
            let averageRank = Double(group.start + 1 + group.end) / 2
            rankSum += averageRank * Double(group.members.count { isAnomaly[$0] })
        }
        let u = rankSum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    public static func averagePrecision(scores: [Float], isAnomaly: [Bool]) -> Double {
        precondition(scores.count == isAnomaly.count, "scores and labels disagree")
        let positives = isAnomaly.count { $0 }
        guard positives > 0, positives < isAnomaly.count else { return .nan }
        var truePositives = 0, previousRecall = 0.0, sum = 0.0
        for group in tiedGroups(scores, descending: true) {
            truePositives += group.members.count { isAnomaly[$0] }
            let recall = Double(truePositives) / Double(positives)
            sum += (recall - previousRecall) * Double(truePositives) / Double(group.end)
            previousRecall = recall
        }
        return sum
    }

    public static func precisionAtN(scores: [Float], isAnomaly: [Bool]) -> Double {
        precondition(scores.count == isAnomaly.count, "scores and labels disagree")
        let n = isAnomaly.count { $0 }
        guard n > 0, n < isAnomaly.count else { return .nan }
        var hits = 0.0
        for group in tiedGroups(scores, descending: true) where group.start < n {
            let anomalies = Double(group.members.count { isAnomaly[$0] })
            let taken = min(group.end, n) - group.start
            hits += anomalies * Double(taken) / Double(group.members.count)
        }
        return hits / Double(n)
    }

    /// Runs of equal scores in sorted order: positions start..<end of the sorted list and the
    /// original indices in them.
    static func tiedGroups(_ scores: [Float], descending: Bool) -> [(start: Int, end: Int, members: ArraySlice<Int>)] {
        let order = scores.indices.sorted { descending ? scores[$0] > scores[$1] : scores[$0] < scores[$1] }
        var groups: [(start: Int, end: Int, members: ArraySlice<Int>)] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            groups.append((start, end, order[start..<end]))
            start = end
        }
        return groups
    }
}

/// The ROC curve: (false positive rate, true positive rate) at every distinct threshold, from
/// (0, 0) (nothing flagged) to (1, 1) (everything flagged).
public func rocCurve(scores: [Float], isAnomaly: [Bool]) -> [(falsePositiveRate: Double, truePositiveRate: Double)] {
    let positives = Double(max(1, isAnomaly.count { $0 }))
    let negatives = Double(max(1, isAnomaly.count { !$0 }))
    var points: [(falsePositiveRate: Double, truePositiveRate: Double)] = [(0, 0)]
    var truePositives = 0, falsePositives = 0
    for group in DetectionMetrics.tiedGroups(scores, descending: true) {
        let anomalies = group.members.count { isAnomaly[$0] }
        truePositives += anomalies
        falsePositives += group.members.count - anomalies
        points.append((Double(falsePositives) / negatives, Double(truePositives) / positives))
    }
    return points
}

/// Quantile `q` in [0, 1] with linear interpolation between order statistics (NumPy's default).
public func quantile(_ values: [Float], _ q: Double) -> Float {
    precondition(!values.isEmpty, "quantile of nothing")
    let sorted = values.sorted()
    let position = Double(sorted.count - 1) * min(max(q, 0), 1)
    let low = Int(position.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    let fraction = Float(position - Double(low))
    return sorted[low] + fraction * (sorted[high] - sorted[low])
}

/// What a threshold decides on a labelled set: an image is flagged when its score is above it.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0

    enum CodingKeys: String, CodingKey {
        case truePositives = "true_positives", falsePositives = "false_positives"
        case trueNegatives = "true_negatives", falseNegatives = "false_negatives"
    }

    public init(scores: [Float], isAnomaly: [Bool], threshold: Float) {
        for (score, anomaly) in zip(scores, isAnomaly) {
            switch (score > threshold, anomaly) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    /// Of the flagged images, the share that are anomalies (0 when nothing is flagged).
    public var precision: Double { Self.ratio(truePositives, truePositives, falsePositives) }
    /// Of the anomalies, the share flagged.
    public var recall: Double { Self.ratio(truePositives, truePositives, falseNegatives) }
    public var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }

    /// part / (a + b), summed in Double: counts read back from a file may be anything.
    private static func ratio(_ part: Int, _ a: Int, _ b: Int) -> Double {
        let whole = Double(a) + Double(b)
        return whole > 0 ? Double(part) / whole : 0
    }
}

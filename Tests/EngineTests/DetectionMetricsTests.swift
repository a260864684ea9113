import Engine
import Foundation
import Testing

@Suite struct DetectionMetricsTests {
    /// scikit-learn's documented example: roc_auc_score 0.75, average_precision_score 0.8333.
    @Test func scikitLearnExample() {
        let metrics = DetectionMetrics(scores: [0.1, 0.4, 0.35, 0.8], isAnomaly: [false, false, true, true])
        #expect(abs(metrics.rocAUC - 0.75) < 1e-12)
        #expect(abs(metrics.averagePrecision - 5.0 / 6) < 1e-12)
        #expect(metrics.precisionAtN == 0.5)
    }

    /// Ties by hand: scores 1, 2, 2, 3 with anomalies at 2 and 3. Ranks 1, 2.5, 2.5, 4: U = 6.5 - 3,
    /// AUC = 3.5 / 4. AP: threshold 3 gives recall 1/2 at precision 1, threshold 2 recall 1 at 2/3.
    /// precision@2: the 3, then half of the tied pair's one anomaly.
    @Test func tiesByHand() {
        let metrics = DetectionMetrics(scores: [1, 2, 2, 3], isAnomaly: [false, true, false, true])
        #expect(metrics.rocAUC == 0.875)
        #expect(abs(metrics.averagePrecision - (0.5 + 0.5 * 2 / 3)) < 1e-12)
        #expect(metrics.precisionAtN == 0.75)
    }

    @Test func allTiedIsChance() {
        let isAnomaly = [true, false, false, false, true]
        let metrics = DetectionMetrics(scores: [Float](repeating: 7, count: 5), isAnomaly: isAnomaly)
        #expect(metrics.rocAUC == 0.5)
        #expect(abs(metrics.averagePrecision - 0.4) < 1e-12)
        #expect(abs(metrics.precisionAtN - 0.4) < 1e-12)
    }

    @Test func perfectAndReversed() {
        let isAnomaly = [false, false, true, true, true]
        let perfect = DetectionMetrics(scores: [0, 1, 2, 3, 4], isAnomaly: isAnomaly)
        #expect(perfect.rocAUC == 1 && perfect.averagePrecision == 1 && perfect.precisionAtN == 1)
        let reversed = DetectionMetrics(scores: [4, 3, 2, 1, 0], isAnomaly: isAnomaly)
        #expect(reversed.rocAUC == 0 && reversed.precisionAtN == 1.0 / 3)
    }

    @Test func oneClassOnlyIsNaN() {
        let metrics = DetectionMetrics(scores: [1, 2, 3], isAnomaly: [true, true, true])
        #expect(metrics.rocAUC.isNaN && metrics.averagePrecision.isNaN && metrics.precisionAtN.isNaN)
    }

    /// Against independent computations on random scores with many ties: AUC as the pairwise
    /// Mann-Whitney count, AP as the mean over anomalies of the precision at their own score,
    /// precision@n as the average over random tie-breaking orders, and the ROC curve's trapezoid area.
    @Test(arguments: [1, 2, 3, 4])
    func matchesBruteForce(seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        let count = 200 + rng.below(200)
        let levels = [5, 20, 1000][rng.below(3)]
        let scores = (0..<count).map { _ in Float(rng.below(levels)) / 4 }
        let isAnomaly = (0..<count).map { _ in rng.below(3) == 0 }
        let positives = scores.indices.filter { isAnomaly[$0] }
        let negatives = scores.indices.filter { !isAnomaly[$0] }
        let metrics = DetectionMetrics(scores: scores, isAnomaly: isAnomaly)

        var pairs = 0.0
        for p in positives {
            for n in negatives { pairs += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0 }
        }
        #expect(abs(metrics.rocAUC - pairs / Double(positives.count * negatives.count)) < 1e-12)

        let ap = positives.map { p in
            let flagged = scores.indices.filter { scores[$0] >= scores[p] }
            return Double(flagged.count { isAnomaly[$0] }) / Double(flagged.count)
        }.reduce(0, +) / Double(positives.count)
        #expect(abs(metrics.averagePrecision - ap) < 1e-9)

        let trials = 1000
        var hits = 0
        for _ in 0..<trials {
            let keys = scores.map { _ in rng.next() }
            let top = scores.indices.sorted { (scores[$0], keys[$0]) > (scores[$1], keys[$1]) }.prefix(positives.count)
            hits += top.count { isAnomaly[$0] }
        }
        #expect(abs(metrics.precisionAtN - Double(hits) / Double(trials * positives.count)) < 0.008)

        let curve = rocCurve(scores: scores, isAnomaly: isAnomaly)
        #expect(curve.first! == (0, 0) && curve.last! == (1, 1))
        let area = zip(curve, curve.dropFirst()).reduce(0.0) {
            $0 + ($1.1.falsePositiveRate - $1.0.falsePositiveRate) * ($1.1.truePositiveRate + $1.0.truePositiveRate) / 2
        }
        #expect(abs(area - metrics.rocAUC) < 1e-9)
    }

    @Test func quantileInterpolatesLikeNumPy() {
        #expect(quantile([4, 1, 3, 2], 0.5) == 2.5)
        #expect(quantile(Array(0...100).map(Float.init), 0.95) == 95)
        #expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95) == 9.55)
        #expect(quantile([3], 0.9) == 3)
    }

    /// Flagged means strictly above the threshold.
    @Test func confusionMatrixAtAThreshold() {
        let scores: [Float] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
        let isAnomaly = [false, true, false, false, true, true]
        let matrix = ConfusionMatrix(scores: scores, isAnomaly: isAnomaly, threshold: 0.3)
        #expect(matrix.truePositives == 2 && matrix.falsePositives == 1 && matrix.trueNegatives == 2 && matrix.falseNegatives == 1)
        #expect(abs(matrix.precision - 2.0 / 3) < 1e-12 && abs(matrix.recall - 2.0 / 3) < 1e-12 && abs(matrix.f1 - 2.0 / 3) < 1e-12)
        let none = ConfusionMatrix(scores: scores, isAnomaly: isAnomaly, threshold: 1)
        #expect(none.precision == 0 && none.recall == 0 && none.f1 == 0)
    }

    /// The contamination threshold: the (1 - F) quantile of the validation scores.
    @Test func contaminationThreshold() {
        let validation = (1...100).map(Float.init)
        let result = ScoreResult(score: .reconstruction, scores: [50, 96, 99.5, 101], isAnomaly: [false, false, true, true],
                                 validationScores: validation, contamination: 0.05)
        #expect(abs(result.threshold - 95.05) < 1e-4)
        #expect(result.confusion.truePositives == 2 && result.confusion.falsePositives == 1)
    }

    /// Counts read back from a saved run may be anything: the rates are computed without overflow.
    @Test func hugeCountsFromAFileGiveRatesNotACrash() throws {
        let data = Data(#"{"true_positives": 9223372036854775807, "false_positives": 9223372036854775807, "true_negatives": 0, "false_negatives": 1}"#.utf8)
        let matrix = try JSONDecoder().decode(ConfusionMatrix.self, from: data)
        #expect(matrix.precision == 0.5 && matrix.recall == 1 && matrix.f1 > 0.66 && matrix.f1 < 0.67)
    }
}

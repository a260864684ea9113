import Foundation

/// Every test image's scores, with its index in the t10k file and its label: what the anomaly
/// screen draws from, and what a user recomputes the metrics from. Saved beside a run as
/// `anomaly_scores.safetensors` (F32 tensors, one value per image: `test_index`, `label`,
/// `anomalous` 0/1, and one per score name), about 20 bytes per image.
public struct TestScores: Sendable, Equatable {
    public var testIndices: [Int]
    public var labels: [UInt8]
    public var isAnomaly: [Bool]
    public var scores: [AnomalyScore: [Float]]

    public static let fileName = "anomaly_scores.safetensors"

    public init(testIndices: [Int], labels: [UInt8], isAnomaly: [Bool], scores: [AnomalyScore: [Float]]) {
        self.testIndices = testIndices
        self.labels = labels
        self.isAnomaly = isAnomaly
        self.scores = scores
    }

    public var count: Int { labels.count }

    public func encoded() throws -> Data {
        let count = labels.count
        var tensors: [(name: String, tensor: Safetensors.Tensor)] = [
            ("test_index", .init(shape: [count], values: testIndices.map(Float.init))),
            ("label", .init(shape: [count], values: labels.map(Float.init))),
            ("anomalous", .init(shape: [count], values: isAnomaly.map { $0 ? 1 : 0 })),
        ]
        for score in AnomalyScore.allCases {
            if let values = scores[score] { tensors.append((score.rawValue, .init(shape: [count], values: values))) }
        }
        return try Safetensors.encode(tensors, metadata: ["format": "aetui anomaly scores", "higher": "more anomalous"])
    }

    public static func decode(_ data: Data, path: String) throws -> TestScores {
        let tensors = try Safetensors.decode(data, path: path)
        guard let indices = tensors["test_index"]?.values, let labels = tensors["label"]?.values,
              let anomalous = tensors["anomalous"]?.values,
              indices.count == labels.count, labels.count == anomalous.count else {
            throw DataError(path: path, problem: "test_index, label and anomalous are missing or of different lengths")
        }
        guard labels.allSatisfy({ (0...9).contains($0) }), indices.allSatisfy({ $0 >= 0 && $0 < 1e7 }) else {
            throw DataError(path: path, problem: "labels must be digits 0-9 and test indices non-negative")
        }
        var scores: [AnomalyScore: [Float]] = [:]
        for score in AnomalyScore.allCases {
            guard let values = tensors[score.rawValue]?.values else { continue }
            guard values.count == labels.count else {
                throw DataError(path: path, problem: "\(score.rawValue) has \(values.count) values for \(labels.count) images")
            }
            scores[score] = values
        }
        return TestScores(testIndices: indices.map { Int($0) }, labels: labels.map { UInt8($0) },
                          isAnomaly: anomalous.map { $0 != 0 }, scores: scores)
    }
}

/// A saved anomaly run's figures, read back without its weights: what the screen and the tables
/// need to be shown again without training.
public struct SavedAnomalyRun: Sendable {
    public var directory: URL
    public var summary: RunSummary
    public var report: AnomalyReport
    public var scores: TestScores

    public init(directory: URL) throws {
        let summaryURL = directory.appendingPathComponent(RunStore.summaryFile)
        guard let data = try RunStore.smallFileIfPresent(summaryURL) else {
            throw DataError(path: summaryURL.path, problem: "not found: is \(directory.path) a saved run folder?")
        }
        do {
            summary = try RunStore.decoder().decode(RunSummary.self, from: data)
        } catch let error as DecodingError {
            throw DataError(path: summaryURL.path, problem: "not a valid run summary (\(JSONProblem.describeDecoding(error, data: data)))")
        }
        guard let report = summary.anomaly else {
            throw DataError(path: summaryURL.path, problem: "has no anomaly results: the run was not made by 'aetui anomaly'")
        }
        let scoresURL = directory.appendingPathComponent(TestScores.fileName)
        // At most a few bytes per test image and score: far below this.
        guard let scoreData = try RunStore.smallFileIfPresent(scoresURL, limit: 64 << 20, tooLarge: "far more than the scores of a test set") else {
            throw DataError(path: scoresURL.path, problem: "not found")
        }
        scores = try TestScores.decode(scoreData, path: scoresURL.path)
        // Counts read back from a file may be anything: summed in Double, they cannot overflow.
        guard Double(scores.count) == Double(report.testNormal) + Double(report.testAnomalous) else {
            throw DataError(path: scoresURL.path, problem: "has \(scores.count) images, the summary says \(report.testNormal) normal and \(report.testAnomalous) anomalous")
        }
        self.directory = directory
        self.report = report
    }
}

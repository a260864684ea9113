import Engine

/// Engine hints worded for the command line: the evidence, then the flags to change.
extension TrainingHint {
    var commandLineText: String {
        let advice = fixes.map { fix -> String in
            switch fix {
            case .lowerLearningRate: "a lower --lr (e.g. --lr \(Self.flagValue(learningRate / 10)))"
            case .linearBottleneck: "--bottleneck-activation linear"
            case .anotherSeed: "another --seed"
            case .stopAtBestEpoch: "--keep best with --patience \(ValidationTrend.overfittingEpochs) (stops there and keeps the best epoch's weights)"
            case .raiseLearningRate: "a higher --lr (e.g. --lr \(Self.flagValue(learningRate * 10)))"
            }
        }
        return advice.isEmpty ? summary : "\(summary); try \(advice.joined(separator: ", "))"
    }

    /// A rate as one would type it: 0.0005, not Float's 0.00049999997.
    private static func flagValue(_ rate: Float) -> String { String(format: "%g", rate) }
}

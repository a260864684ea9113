import Engine

/// Engine hints worded for the command line: the evidence, then the flags to change.
extension TrainingHint {
    var commandLineText: String {
        let advice = fixes.map { fix -> String in
            switch fix {
            case .lowerLearningRate: "a lower --lr (e.g. --lr \(rateText(fix.suggestedLearningRate(from: learningRate)!)))"
            case .linearBottleneck: "--bottleneck-activation linear"
            case .anotherSeed: "another --seed"
            case .stopAtBestEpoch: "--keep best with --patience \(ValidationTrend.overfittingEpochs) (stops there and keeps the best epoch's weights)"
            case .raiseLearningRate: "a higher --lr (e.g. --lr \(rateText(fix.suggestedLearningRate(from: learningRate)!)))"
            }
        }
        return advice.isEmpty ? summary : "\(summary); try \(advice.joined(separator: ", "))"
    }
}

import Engine

/// Engine hints worded for the lab: the evidence, then what to do here.
extension TrainingHint {
    var labText: String {
        let advice = fixes.map { fix -> String in
            switch fix {
            case .lowerLearningRate: "a lower rate (r restarts, - halves it)"
            case .linearBottleneck: "a linear bottleneck (--bottleneck-activation linear)"
            case .anotherSeed: "another --seed"
            }
        }
        return advice.isEmpty ? evidence : "\(evidence); try \(advice.joined(separator: ", "))"
    }
}

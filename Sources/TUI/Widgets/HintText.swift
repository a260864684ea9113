import Engine

/// Engine hints worded for the lab: what went wrong in a few words, the one-key fix when the lab
/// offers one (`f`), the evidence, then the other changes that may help.
extension TrainingHint {
    /// A few words for the footer and the start of the metrics panel's hint.
    var labTitle: String {
        switch cause {
        case .diverged: "diverged"
        case .collapsedBottleneck: "bottleneck collapsed"
        case .validationDiverged: "validation diverged"
        case .overfitting: "overfitting"
        case .learningRateTooLow: "learning rate too low"
        }
    }

    /// The fix as an action, for `f`'s footer entry and its message.
    static func labAction(_ fix: HintFix) -> String {
        switch fix {
        case .linearBottleneck: "restart with a linear bottleneck"
        case .restart(let rate): "restart at lr \(rateText(rate))"
        case .stopAtBestEpoch: "stop, keep the best epoch"
        }
    }

    /// The whole hint; `key` is true when `f` applies its first fix (a live run's latest hint),
    /// `live` when the run's keys (`+`, `-`) can act on it.
    func labText(key: Bool, live: Bool = true) -> String {
        // The fix `f` applies is not offered again among the alternatives.
        let offered = key ? fixes.firstIndex { HintFix($0, learningRate: learningRate) != nil } : nil
        let fix = offered.flatMap { HintFix(fixes[$0], learningRate: learningRate) }
        let alternatives = fixes.indices.filter { $0 != offered }.map { index -> String in
            switch fixes[index] {
            case .lowerLearningRate: live ? "a lower rate (- halves it)" : "a lower rate"
            case .raiseLearningRate: live ? "a higher rate (+ doubles it)" : "a higher rate"
            case .linearBottleneck: "a linear bottleneck"
            case .anotherSeed: "another seed"
            case .stopAtBestEpoch: "stopping at the best epoch"
            }
        }
        let head = fix.map { "\(labTitle): f \(Self.labAction($0)). " } ?? "\(labTitle): "
        return head + evidence + (alternatives.isEmpty ? "" : "; \(fix == nil ? "try" : "or") \(alternatives.joined(separator: ", "))")
    }
}

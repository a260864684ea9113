import Engine

/// What `f` does to a run for a hint: the first of the hint's fixes the lab can apply with one key.
public enum HintFix: Equatable, Sendable {
    /// Restart with a linear bottleneck (a dead ReLU bottleneck).
    case linearBottleneck
    /// Restart at this learning rate: a tenth after a divergence, ten times when too low to learn.
    case restart(learningRate: Float)
    /// Stop now and keep the best validation epoch's weights (overfitting).
    case stopAtBestEpoch

    /// The one-key form of `fix`, for a hint seen at `learningRate`; nil for advice no key applies.
    public init?(_ fix: TrainingHint.Fix, learningRate: Float) {
        switch fix {
        case .linearBottleneck: self = .linearBottleneck
        case .lowerLearningRate, .raiseLearningRate: self = .restart(learningRate: fix.suggestedLearningRate(from: learningRate)!)
        case .stopAtBestEpoch: self = .stopAtBestEpoch
        case .anotherSeed: return nil
        }
    }

    /// The first of the hint's fixes that has a one-key form.
    public init?(_ hint: TrainingHint) {
        guard let fix = hint.fixes.lazy.compactMap({ HintFix($0, learningRate: hint.learningRate) }).first else { return nil }
        self = fix
    }

    /// The fix `f` applies to a run now: its latest hint's, when it still applies (a stop needs
    /// a run that is still training; a restart works on any run). A validation divergence, said
    /// at the end, gives way to an earlier hint with a fix: a dead bottleneck leaves the
    /// classifier at chance, and the bottleneck is what to fix.
    public static func offered(for snapshot: RunSnapshot) -> (hint: TrainingHint, fix: HintFix)? {
        let fixable = snapshot.hints.filter { HintFix($0) != nil }
        guard let hint = fixable.last(where: { $0.cause != .validationDiverged }) ?? fixable.last, let fix = HintFix(hint) else { return nil }
        return fix == .stopAtBestEpoch && !snapshot.isActive ? nil : (hint, fix)
    }

    /// The config the restarting fixes train with, from the config of the run they fix.
    public func config(from config: TrainingConfig) -> TrainingConfig {
        var fixed = config
        switch self {
        case .linearBottleneck: fixed.bottleneckActivation = .linear
        case .restart(let rate): fixed.learningRate = rate
        case .stopAtBestEpoch: break
        }
        return fixed
    }
}

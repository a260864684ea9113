/// Which images score each epoch (the validation set, and the training codes the k-NN probe is
/// fitted on): a subset keeps evaluation a small share of an epoch. The figures at the end of a
/// run (`TrainingOutcome.test`) always come from the whole sets.
public enum EvaluationSubset: Equatable, Sendable {
    /// A fifth of the training set's size, and at least `Self.minimum` images: evaluation stays
    /// under about a tenth of an epoch, and a run on 50,000 training images scores every epoch on
    /// all 10,000 validation images, so the kept epoch is chosen on the whole set.
    case auto
    /// The first `n` images of each set.
    case first(Int)
    case all

    public static let minimum = 2000

    /// How many images of each set score an epoch of a run on `trainCount` images (nil: all).
    public func size(trainCount: Int) -> Int? {
        switch self {
        case .auto: max(Self.minimum, trainCount / 5)
        case .first(let count): count
        case .all: nil
        }
    }
}

/// Codes of the fixed probe images, projected to 2-D (PCA when the bottleneck is wider).
public struct LatentSnapshot: Sendable {
    public var points: [Float]
    public var labels: [UInt8]
    public var isProjected: Bool
    public var epoch: Int
    public var batch: Int
}

/// Fixed test digits and their reconstructions, each `side` x `side` floats in [0, 1].
public struct ReconstructionSnapshot: Sendable {
    public var originals: [[Float]]
    public var reconstructions: [[Float]]
    public var side: Int
}

/// What a trainer tells its observer, on the training thread, as it goes.
public enum TrainingEvent: Sendable {
    case started(kernel: String, threads: Int, batchesPerEpoch: Int)
    case batch(epoch: Int, batch: Int, loss: Float, learningRate: Float)
    case epoch(EpochMetrics)
    case latent(LatentSnapshot)
    case reconstructions(ReconstructionSnapshot)
    /// A problem seen, with its evidence and fixes: a collapse (the run goes on) or a divergence
    /// (sent just before the run ends).
    case hint(TrainingHint)
    case paused(Bool)
    case finished(TrainingOutcome)
}

/// Codes of the fixed probe images, projected to 2-D (PCA when the bottleneck is wider).
public struct LatentSnapshot: Sendable {
    public var points: [Float]
    public var labels: [UInt8]
    public var isProjected: Bool
    public var epoch: Int
    public var batch: Int
    /// The plane the points lie in, to lift a point of it back to a code (nil for a replayed epoch).
    public var plane: LatentPlane? = nil
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
    /// A copy of the decoder (and classifier) sent with each latent snapshot, for the explorer.
    case decoder(DecoderWeights)
    /// The time-lapse so far, after each epoch.
    case timeLapse(LatentTimeLapse)
    /// A problem seen, with its evidence and fixes: a collapse (the run goes on) or a divergence
    /// (sent just before the run ends).
    case hint(TrainingHint)
    case paused(Bool)
    case finished(TrainingOutcome)
}

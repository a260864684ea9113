/// The learning rate multiplied by `factor` from batch `batch` of epoch `epoch` on.
public struct LearningRateChange: Codable, Sendable, Hashable {
    public var epoch: Int
    public var batch: Int
    public var factor: Float

    public init(epoch: Int, batch: Int, factor: Float) {
        self.epoch = epoch
        self.batch = batch
        self.factor = factor
    }
}

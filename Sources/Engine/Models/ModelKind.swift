/// Which autoencoder to build.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// 784 → L1 → L2 → Z → L2 → L1 → 784 (sigmoid), trained on MSE alone.
    case standard
    /// The standard AE plus a classifier branch Z → C1 → C2 → 10 (softmax); loss = MSE + α·CE.
    case supervised
}

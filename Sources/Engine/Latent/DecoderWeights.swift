/// A copy of a model's decoder and classifier head, taken on the training thread and handed to
/// the UI, which decodes latent points with it (`LatentDecoder`) while training goes on.
public struct DecoderWeights: Sendable {
    public let config: TrainingConfig
    /// The decoder's and classifier's parameters by name, as `Autoencoder.parameters` names them.
    let tensors: [String: [Float]]

    public init(copying model: Autoencoder) {
        config = model.config
        var tensors: [String: [Float]] = [:]
        for parameter in model.parameters where !parameter.name.hasPrefix("encoder.") {
            tensors[parameter.name] = parameter.value.toArray()
        }
        self.tensors = tensors
    }
}

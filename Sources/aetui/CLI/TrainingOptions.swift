import Engine
import Foundation

/// The engine options shared by `aetui train` and the TUI: model shape, optimizer, data, runs.
enum TrainingOptions {
    static let defaults = TrainingConfig()

    static let modelSpecs: [OptionSpec] = [
        OptionSpec("preset", "NAME", "'seed': the seed experiment exactly (ReLU bottleneck); other options override it"),
        OptionSpec("layers", "L1,L2,Z", "encoder sizes, the last is the bottleneck; the decoder mirrors them", default: sizes(defaults.layers)),
        OptionSpec("classifier", "C1,C2", "classifier branch sizes of the supervised model", default: sizes(defaults.classifier)),
        OptionSpec("alpha", "A", "supervised loss = MSE + A * cross-entropy", default: "\(defaults.alpha)"),
        OptionSpec("activation", "NAME", "hidden activation: relu, tanh, sigmoid, linear", default: defaults.hiddenActivation.rawValue),
        OptionSpec("bottleneck-activation", "NAME", "bottleneck activation: linear, relu, tanh, sigmoid", default: defaults.bottleneckActivation.rawValue),
        OptionSpec("optimizer", "NAME", "rmsprop, adam, sgd, adagrad (Keras defaults)", default: defaults.optimizer.rawValue),
        OptionSpec("lr", "RATE", "learning rate", default: "\(defaults.learningRate)"),
        OptionSpec("momentum", "M", "SGD momentum", default: "\(defaults.momentum)"),
        OptionSpec("nesterov", nil, "SGD with Nesterov momentum"),
        OptionSpec("batch", "N", "batch size", default: "\(defaults.batchSize)"),
        OptionSpec("epochs", "N", "epochs", default: "\(defaults.epochs)"),
        OptionSpec("seed", "S", "random seed (weights and batch order)", default: "\(defaults.seed)"),
        OptionSpec("train", "N", "training images (the first N of the training file; 'all': every image not held out for validation)", default: "\(defaults.trainCount)"),
        OptionSpec("val", "N", "validation images (the next N)", default: "\(defaults.validationCount)"),
        OptionSpec("data", "DIR", "folder with the four MNIST IDX files (raw or .gz)", default: "bundled sample-data/mnist"),
        OptionSpec("runs-dir", "DIR", "where runs are saved", default: "./runs"),
        OptionSpec("threads", "N", "threads for the math of each run", default: "all cores headless, 1 per run in the lab"),
    ]

    static func sizes(_ values: [Int]) -> String { values.map(String.init).joined(separator: ",") }

    /// A config from the parsed options (`base`, or a preset, first, then every explicit option over it).
    static func config(from parsed: ParsedArguments, base: TrainingConfig = TrainingConfig()) throws -> TrainingConfig {
        var config = base
        if let preset = parsed.string("preset") {
            guard preset == "seed" else { throw UsageError("option '--preset': '\(preset)' is not a preset (known: seed)") }
            config = .seedPreset
        }
        if let value = try parsed.sizes("layers") { config.layers = value }
        if let value = try parsed.sizes("classifier") { config.classifier = value }
        if let value = try parsed.float("alpha") { config.alpha = value }
        if let value = try parsed.choice("activation", as: Activation.self) { config.hiddenActivation = value }
        if let value = try parsed.choice("bottleneck-activation", as: Activation.self) { config.bottleneckActivation = value }
        if let value = try parsed.choice("optimizer", as: OptimizerKind.self) { config.optimizer = value }
        if let value = try parsed.float("lr") { config.learningRate = value }
        if let value = try parsed.float("momentum") { config.momentum = value }
        if parsed.flag("nesterov") { config.nesterov = true }
        if let value = try parsed.int("batch") { config.batchSize = value }
        if let value = try parsed.int("epochs") { config.epochs = value }
        if let value = try parsed.int("seed", range: 0...Int.max) { config.seed = UInt64(value) }
        if let value = try parsed.int("val") { config.validationCount = value }
        if parsed.string("train") == "all" {
            config.trainCount = MNIST.trainingFileCount - config.validationCount
        } else if let value = try parsed.int("train") {
            config.trainCount = value
        }
        if let problem = config.validationError() { throw UsageError(problem) }
        return config
    }

    static func threads(from parsed: ParsedArguments, default fallback: Int) throws -> Int {
        try parsed.int("threads", range: 1...256) ?? fallback
    }

    static func runsDirectory(from parsed: ParsedArguments) -> URL {
        URL(fileURLWithPath: parsed.string("runs-dir") ?? "runs", isDirectory: true)
    }

    /// The data folder: `--data`, or the bundled copy found near the working directory or binary.
    static func dataDirectory(from parsed: ParsedArguments) throws -> String {
        if let directory = parsed.string("data") { return directory }
        guard let bundled = MNIST.bundledDirectory() else {
            throw DataError(path: "sample-data/mnist", problem: "the bundled MNIST was not found near the current folder or the executable; pass --data DIR")
        }
        return bundled
    }
}

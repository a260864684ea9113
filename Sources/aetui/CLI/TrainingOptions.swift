import Engine
import Foundation

/// What the training options shared by `aetui train` and the lab set.
struct TrainingSettings {
    var config = TrainingConfig()
    var dataDirectory: String?
    var runsDirectory = "runs"
    var threads: Int?
    /// `--train all`: every training-file image not held out for validation (the file's header
    /// says how many).
    var trainAll = false

    /// The config after the engine's own checks, and with a memory estimate for `runs` runs at
    /// once that fits this machine: all before anything is allocated or the terminal is touched.
    func validatedConfig(runs: Int = 1) throws -> TrainingConfig {
        var config = config
        if trainAll {
            let images = try MNIST.trainingImageCount(directory: resolvedDataDirectory())
            guard images > config.validationCount else {
                throw UsageError("option '--train': 'all' leaves nothing to train on: the training file holds \(images) images and --val holds out \(config.validationCount)")
            }
            config.trainCount = images - config.validationCount
        }
        if let problem = config.validationProblem() { throw UsageError("\(TrainingOptions.flag(for: problem.setting)) \(problem.problem)") }
        if let problem = config.memoryProblem(runs: runs) { throw UsageError("\(problem): use smaller --layers, --classifier or --batch") }
        return config
    }

    /// `--threads`, or `fallback`, at most one per core: more only slows the math down.
    func mathThreads(default fallback: Int) -> Int {
        threads.map(Self.capped) ?? fallback
    }

    /// A requested thread count capped at the cores available, with a note when it was.
    static func capped(_ requested: Int) -> Int {
        let cores = WorkerPool.availableCores
        guard requested > cores else { return requested }
        Output.error("note: --threads \(requested) is more than the \(cores) cores available; using \(cores)")
        return cores
    }

    /// The data folder, as an absolute path (runs save it, and are read back from other folders):
    /// `--data`, or the bundled copy found near the working directory or binary.
    func resolvedDataDirectory() throws -> String {
        if let dataDirectory { return URL(fileURLWithPath: dataDirectory).standardizedFileURL.path }
        guard let bundled = MNIST.bundledDirectory() else {
            throw DataError(path: "sample-data/mnist", problem: "the bundled MNIST was not found near the current folder or the executable; pass --data DIR")
        }
        return bundled
    }

    /// The runs folder, checked before any training: it must exist or be creatable, and be
    /// writable, or the command ends at once (exit 2) instead of losing the run at the end.
    func writableRunsDirectory() throws -> URL {
        let directory = URL(fileURLWithPath: runsDirectory, isDirectory: true)
        do {
            try RunStore.checkWritable(directory)
        } catch let error as RunStoreError {
            throw UsageError("option '--runs-dir': \(error)")
        }
        return directory
    }
}

/// The engine options shared by `aetui train` and the lab: model shape, optimizer, data, runs.
enum TrainingOptions {
    static let defaults = TrainingConfig()

    /// The option that sets an engine setting, as a config problem names it.
    static func flag(for setting: ConfigProblem.Setting) -> String {
        switch setting {
        case .layers: "--layers"
        case .classifier: "--classifier"
        case .hiddenActivation: "--activation"
        case .bottleneckActivation: "--bottleneck-activation"
        case .alpha: "--alpha"
        case .learningRate: "--lr"
        case .momentum: "--momentum"
        case .nesterov: "--nesterov"
        case .batchSize: "--batch"
        case .epochs: "--epochs"
        case .patience: "--patience"
        case .trainCount: "--train"
        case .validationCount: "--val"
        case .split: "--train + --val"
        case .lrMinimum: "--lr-min"
        case .warmupEpochs: "--warmup-epochs"
        case .lrStepEpochs: "--lr-step-epochs"
        case .lrGamma: "--lr-gamma"
        case .lrPatience: "--lr-patience"
        case .lrFactor: "--lr-factor"
        case .weightDecay: "--weight-decay"
        case .dropout: "--dropout"
        }
    }

    static func sizes(_ values: [Int]) -> String { values.map(String.init).joined(separator: ",") }

    /// Declared in the order they are applied: the preset first, every explicit option over it.
    static var options: [Option<TrainingSettings>] { [
        Option(name: "preset", valueName: "NAME", help: "'seed': the seed experiment exactly (ReLU bottleneck); other options override it",
               defaultText: nil) { settings, text in
            guard text?.lowercased() == "seed" else { throw UsageError("option '--preset': '\(text ?? "")' is not a preset (known: seed)") }
            let model = settings.config.model
            settings.config = .seedPreset
            settings.config.model = model
        },
        .value("layers", "L1,L2,Z", "encoder sizes, the last is the bottleneck; the decoder mirrors them",
               default: sizes(defaults.layers), \.config.layers, Parse.sizes),
        .value("classifier", "C1,C2", "classifier branch sizes of the supervised model",
               default: sizes(defaults.classifier), \.config.classifier, Parse.sizes),
        .value("alpha", "A", "supervised loss = MSE + A * cross-entropy", default: "\(defaults.alpha)", \.config.alpha, Parse.number()),
        .value("activation", "NAME", "hidden activation: relu, tanh, sigmoid, linear",
               default: defaults.hiddenActivation.rawValue, \.config.hiddenActivation, Parse.choice(Activation.self, among: Activation.hiddenChoices)),
        .value("bottleneck-activation", "NAME", "bottleneck activation: linear, relu, tanh, sigmoid",
               default: defaults.bottleneckActivation.rawValue, \.config.bottleneckActivation, Parse.choice(Activation.self, among: Activation.hiddenChoices)),
        .value("optimizer", "NAME", "rmsprop, adam, sgd, adagrad (Keras defaults)",
               default: defaults.optimizer.rawValue, \.config.optimizer, Parse.choice(OptimizerKind.self)),
        .value("lr", "RATE", "learning rate", default: "\(defaults.learningRate)", \.config.learningRate, Parse.number()),
        .value("lr-schedule", "NAME", "constant, cosine (to --lr-min), step (x --lr-gamma every --lr-step-epochs), plateau (x --lr-factor after --lr-patience epochs without a better validation figure)",
               default: defaults.schedule.kind.rawValue, \.config.schedule.kind, Parse.choice(LearningRateSchedule.Kind.self)),
        .value("lr-min", "RATE", "floor of the cosine and plateau schedules", default: "\(defaults.schedule.minimum)",
               \.config.schedule.minimum, Parse.number()),
        .value("warmup-epochs", "N", "epochs of linear warm-up before the schedule", default: "\(defaults.schedule.warmupEpochs)",
               \.config.schedule.warmupEpochs, Parse.whole(0...Int.max)),
        .value("lr-step-epochs", "N", "step schedule: epochs between steps", default: "\(defaults.schedule.stepEpochs)",
               \.config.schedule.stepEpochs, Parse.whole(1...Int.max)),
        .value("lr-gamma", "G", "step schedule: factor at each step", default: "\(defaults.schedule.gamma)", \.config.schedule.gamma, Parse.number()),
        .value("lr-patience", "K", "plateau schedule: epochs without improvement before a cut", default: "\(defaults.schedule.plateauPatience)",
               \.config.schedule.plateauPatience, Parse.whole(1...Int.max)),
        .value("lr-factor", "F", "plateau schedule: factor of each cut", default: "\(defaults.schedule.plateauFactor)",
               \.config.schedule.plateauFactor, Parse.number()),
        .value("weight-decay", "W", "decoupled weight decay (AdamW): weights shrink by lr x W each step", default: "\(defaults.weightDecay)",
               \.config.weightDecay, Parse.number()),
        .value("dropout", "P", "dropout rate after the hidden layers of the encoder and classifier (not the bottleneck or decoder)",
               default: "\(defaults.dropout)", \.config.dropout, Parse.number()),
        .value("keep", "WHICH", "weights kept, tested and saved: best (best validation epoch) or last",
               default: defaults.keep.rawValue, \.config.keep, Parse.choice(KeptWeights.self)),
        .value("momentum", "M", "SGD momentum", default: "\(defaults.momentum)", \.config.momentum, Parse.number()),
        .flag("nesterov", "SGD with Nesterov momentum", \.config.nesterov),
        .value("batch", "N", "batch size", default: "\(defaults.batchSize)", \.config.batchSize, Parse.whole(1...Int.max)),
        .value("epochs", "N", "epochs", default: "\(defaults.epochs)", \.config.epochs, Parse.whole(1...Int.max)),
        .value("seed", "S", "random seed (weights and batch order)", default: "\(defaults.seed)", \.config.seed) {
            UInt64(try Parse.whole(0...Int.max)($0))
        },
        .value("patience", "K", "stop once the validation figure (val loss for standard, val accuracy for supervised) has not improved for K epochs",
               default: "off", \.config.patience) { try Parse.whole(1...Int.max)($0) },
        Option(name: "train", valueName: "N", help: "training images (the first N of the training file; 'all': every image not held out for validation)",
               defaultText: "\(defaults.trainCount)") { settings, text in
            if text?.lowercased() == "all" {
                settings.trainAll = true
                return
            }
            do {
                settings.config.trainCount = try Parse.whole(1...Int.max)(text ?? "")
            } catch let problem as ValueProblem {
                throw UsageError("option '--train': \(problem.description) or 'all'")
            }
        },
        .value("val", "N", "validation images (the next N)", default: "\(defaults.validationCount)",
               \.config.validationCount, Parse.whole(1...Int.max)),
        .value("data", "DIR", "folder with the four MNIST IDX files (raw or .gz)", default: "bundled sample-data/mnist",
               \.dataDirectory, Parse.path),
        .value("runs-dir", "DIR", "where runs are saved", default: "./runs", \.runsDirectory, Parse.path),
        .value("threads", "N", "threads for the math of each run", default: "all cores headless, 1 per run in the lab",
               \.threads, Parse.whole(1...256)),
    ] }
}

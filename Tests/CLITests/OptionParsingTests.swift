@testable import aetui
import Engine
import Testing

/// The command lines parsed in-process: every declared option lands where it says.
@Suite struct OptionParsingTests {
    @Test func everyTrainingOptionReachesTheConfig() throws {
        let settings = try TrainCommand.commandLine.parse([
            "--model", "STANDARD", "--layers", "256,64,3", "--classifier", "20", "--alpha", "0.25", "--activation", "tanh",
            "--bottleneck-activation", "sigmoid", "--optimizer", "adam", "--lr", "0.01", "--momentum", "0.5", "--nesterov",
            "--batch", "32", "--epochs", "7", "--seed", "9", "--train", "500", "--val", "200", "--data", "/tmp/d",
            "--runs-dir", "/tmp/r", "--threads", "2", "--probe-every", "3", "--json", "--no-save",
            "--eval-subset", "500", "--kernel", "generic",
        ])
        var expected = TrainingConfig()
        expected.model = .standard
        expected.layers = [256, 64, 3]
        expected.classifier = [20]
        expected.alpha = 0.25
        expected.hiddenActivation = .tanh
        expected.bottleneckActivation = .sigmoid
        expected.optimizer = .adam
        expected.learningRate = 0.01
        expected.momentum = 0.5
        expected.nesterov = true
        expected.batchSize = 32
        expected.epochs = 7
        expected.seed = 9
        expected.trainCount = 500
        expected.validationCount = 200
        #expect(settings.training.config == expected)
        #expect(settings.training.dataDirectory == "/tmp/d" && settings.training.runsDirectory == "/tmp/r")
        #expect(settings.training.threads == 2 && settings.probeEvery == 3 && settings.json && settings.noSave && !settings.help)
        #expect(settings.evalSubset == .first(500) && settings.kernel == .generic)
    }

    @Test func evalSubsetTakesAllAndKernelsMustBeKnownAndSupported() throws {
        #expect(try TrainCommand.commandLine.parse(["--eval-subset", "ALL"]).evalSubset == .all)
        #expect(try TrainCommand.commandLine.parse(["--eval-subset", "Auto"]).evalSubset == .auto)
        #expect(try TrainCommand.commandLine.parse([]).evalSubset == .auto)
        // auto: a fifth of the training set, at least 2000: all 10,000 validation images on the full protocol.
        #expect([3000, 10000, 50000].map { EvaluationSubset.auto.size(trainCount: $0) } == [2000, 2000, 10000])
        #expect(throws: UsageError.self) { try TrainCommand.commandLine.parse(["--eval-subset", "0"]) }
        #expect(throws: UsageError.self) { try TrainCommand.commandLine.parse(["--kernel", "sse9"]) }
        let unsupported = GEMM.Kernel.allCases.filter { !$0.isSupported }
        for kernel in unsupported {
            #expect(throws: UsageError.self) { try TrainCommand.commandLine.parse(["--kernel", "\(kernel)"]) }
        }
        #expect(!unsupported.isEmpty, "no CPU runs both the x86 and the arm64 kernels")
    }

    @Test func everyDeclaredOptionIsListedInTheHelpAndHasOneName() {
        let options = TrainCommand.commandLine.options
        #expect(Set(options.map(\.name)).count == options.count)
        for option in options { #expect(TrainCommand.commandLine.help.contains(option.usage)) }
    }

    @Test func thePresetComesFirstWhereverItIsWritten() throws {
        let overridden = try TrainCommand.commandLine.parse(["--bottleneck-activation", "tanh", "--preset", "seed", "--model", "standard"])
        #expect(overridden.training.config.bottleneckActivation == .tanh)
        #expect(overridden.training.config.model == .standard)
        let preset = try TrainCommand.commandLine.parse(["--preset=seed"])
        #expect(preset.training.config == .seedPreset)
    }

    @Test func inlineValuesRepeatsAndHelp() throws {
        let settings = try LabCommand.commandLine.parse(["--fps=5", "--epochs", "3", "--epochs", "4", "--no-color"])
        #expect(settings.display.framesPerSecond == 5 && settings.training.config.epochs == 4 && settings.display.noColor)
        // --help wins over anything else on the line, even a bad value.
        #expect(try LabCommand.commandLine.parse(["--fps", "0", "--help"]).help)
    }

    @Test func benchListsAndKernels() throws {
        let settings = try BenchCommand.commandLine.parse(["--models", "Supervised", "--batches", "8,16", "--threads", "1", "--kernel", "GENERIC"])
        #expect(settings.models == [.supervised] && settings.batches == [8, 16] && settings.threads == [1] && settings.kernel == .generic)
        #expect(try BenchCommand.commandLine.parse([]).threads == nil)
        #expect(try BenchCommand.commandLine.parse(["--breakdown"]).breakdown && !BenchCommand.commandLine.parse([]).breakdown)
    }

    @Test(arguments: [
        (["--frobnicate"], "unknown option '--frobnicate' for 'aetui train'"),
        (["-x"], "unknown option '-x' for 'aetui train'"),
        (["--json=yes"], "option '--json' takes no value"),
        (["--epochs"], "option '--epochs' needs a value (N)"),
        (["--epochs", "0"], "option '--epochs': '0' is not a whole number >= 1"),
        (["--threads", "300"], "option '--threads': '300' is not a whole number in 1...256"),
        (["--lr", "1e39"], "option '--lr': '1e39' is out of range for a 32-bit float"),
        (["--lr", "nan"], "option '--lr': 'nan' is not a number"),
        (["--layers", "392,,2"], "option '--layers': item 2 of '392,,2'"),
        (["--optimizer", "lbfgs"], "'lbfgs' is not one of sgd, rmsprop, adam, adagrad"),
        (["--epochs", "99999999999999999999"], "option '--epochs': '99999999999999999999' is too large: not a whole number >= 1"),
        // Only the choices a hidden layer takes are offered: softmax is the classifier's output.
        (["--activation", "gelu"], "'gelu' is not one of relu, sigmoid, tanh, linear"),
        (["--activation", "softmax"], "'softmax' is not one of relu, sigmoid, tanh, linear"),
        (["--data", ""], "option '--data': the path is empty"),
        (["surplus"], "unexpected argument 'surplus' for 'aetui train'"),
    ])
    func mistakesNameTheOption(arguments: [String], message: String) {
        #expect {
            _ = try TrainCommand.commandLine.parse(arguments)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}

@Suite struct ConfigProblemWordingTests {
    @Test func everySettingHasTheFlagThatSetsIt() throws {
        let declared = Set(TrainCommand.commandLine.options.map { "--\($0.name)" })
        for setting in ConfigProblem.Setting.allCases where setting != .split {
            #expect(declared.contains(TrainingOptions.flag(for: setting)), "\(setting)")
        }
        #expect {
            _ = try TrainCommand.commandLine.parse(["--train", "55000"]).training.validatedConfig()
        } throws: { "\($0)" == "--train + --val must be at most 60000 (the MNIST training file), got 55000 + 10000" }
    }
}

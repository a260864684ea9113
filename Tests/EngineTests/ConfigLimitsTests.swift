import Engine
import Foundation
import Testing

/// The limits a configuration is checked against before anything is allocated.
@Suite struct ConfigLimitsTests {
    @Test func theMemoryEstimateIsSmallForTheSeedAndHugeForAbsurdSizes() {
        let seed = TrainingConfig()
        // 784-392-98-2 with RMSprop: about 0.7 M parameters, batch buffers of 256 rows, 60,000 2-D codes.
        #expect(seed.estimatedMemory() > 10e6 && seed.estimatedMemory() < 100e6, "\(seed.estimatedMemory())")
        #expect(seed.memoryProblem(runs: 2) == nil)
        var wide = seed
        wide.layers = [2_000_000]
        #expect(wide.estimatedMemory() > 1e13)
        var absurd = seed
        absurd.layers = [392, 98, .max]
        #expect(absurd.estimatedMemory().isFinite && absurd.estimatedMemory() > 1e30, "no overflow, a huge figure")
        let problem = wide.memoryProblem(runs: 1, physicalMemory: 8_000_000_000)
        #expect(problem?.hasPrefix("this configuration needs about 33508.5 GB of memory") == true, "\(problem ?? "")")
        #expect(problem?.contains("more than the 8.0 GB this machine has") == true)
        #expect(seed.memoryProblem(runs: 2, physicalMemory: 1_000_000)?.hasPrefix("2 runs of this configuration need about") == true)
        // Adam keeps two buffers per parameter, SGD without momentum none.
        var adam = seed, sgd = seed
        adam.optimizer = .adam
        sgd.optimizer = .sgd
        #expect(adam.estimatedMemory() > seed.estimatedMemory() && seed.estimatedMemory() > sgd.estimatedMemory())
    }

    /// A default config with one contradiction, and the problem it must give.
    static func contradiction(_ name: String) -> (config: TrainingConfig, expected: ConfigProblem) {
        var config = TrainingConfig()
        switch name {
        case "batch over the training set":
            config.batchSize = 10_001
            return (config, ConfigProblem(setting: .batchSize, problem: "10001 is larger than the training set (10000 images): use at most 10000"))
        case "momentum with adam":
            config.optimizer = .adam
            config.momentum = 0.5
            return (config, ConfigProblem(setting: .momentum, problem: "applies to the sgd optimizer only (adam has none)"))
        case "nesterov with rmsprop":
            config.nesterov = true
            return (config, ConfigProblem(setting: .nesterov, problem: "needs the sgd optimizer with a momentum above 0"))
        case "nesterov without momentum":
            config.optimizer = .sgd
            config.nesterov = true
            return (config, ConfigProblem(setting: .nesterov, problem: "needs the sgd optimizer with a momentum above 0"))
        default:
            config.trainCount = .max
            config.validationCount = .max
            return (config, ConfigProblem(setting: .split, problem: "must be at most 60000 (the MNIST training file), got 9223372036854775807 + 9223372036854775807"))
        }
    }

    @Test(arguments: ["batch over the training set", "momentum with adam", "nesterov with rmsprop", "nesterov without momentum",
                      "counts whose sum overflows"])
    func contradictionsAreNamed(_ name: String) {
        let (config, expected) = Self.contradiction(name)
        #expect(config.validationProblem() == expected)
    }

    @Test func sgdWithNesterovMomentumIsFine() {
        var config = TrainingConfig()
        config.optimizer = .sgd
        config.momentum = 0.9
        config.nesterov = true
        #expect(config.validationProblem() == nil)
    }
}

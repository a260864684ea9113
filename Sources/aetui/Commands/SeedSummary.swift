import Engine
import Foundation

/// The headline figures of the same config trained with several seeds: mean ± sample standard
/// deviation and min-max of each, over the runs that measured it.
struct SeedSummary {
    let seeds: [UInt64]
    let outcomes: [TrainingOutcome]

    /// Each headline figure by name, with its values over the runs that have it.
    var figures: [(name: String, values: [Double])] {
        let all: [(String, (TrainingOutcome) -> Double?)] = [
            ("test_accuracy", { $0.test?.testAccuracy }),
            ("test_probe_accuracy", { $0.test?.testProbeAccuracy }),
            ("val_accuracy", { $0.test?.valAccuracy }),
            ("test_mse", { $0.test.map { Double($0.testMSE) } }),
        ]
        return all.compactMap { name, value in
            let values = outcomes.compactMap(value)
            return values.isEmpty ? nil : (name, values)
        }
    }

    func print(json: Bool) {
        let seedList = seeds.map(String.init).joined(separator: ",")
        if json {
            var extra: [String: Any] = ["seeds": seeds.map { Int($0) }]
            for (name, values) in figures {
                let stats = Statistics(values)
                extra[name] = ["mean": stats.mean, "sd": stats.sd, "min": stats.min, "max": stats.max, "values": values]
            }
            Output.json("seeds", Optional<TestMetrics>.none, extra: extra)
            return
        }
        Output.line("seeds \(seedList) (\(outcomes.count) runs):")
        for (name, values) in figures {
            let stats = Statistics(values)
            let isMSE = name.hasSuffix("mse")
            let text: (Double) -> String = { isMSE ? String(format: "%.5f", $0) : percentText($0) }
            let sd = isMSE ? String(format: "%.5f", stats.sd) : String(format: "%.2f", stats.sd * 100)
            Output.line("  \(name): \(text(stats.mean)) ± \(sd) (min \(text(stats.min)), max \(text(stats.max)); \(values.map(text).joined(separator: ", ")))")
        }
    }
}

/// Mean, sample standard deviation (0 for one value), min and max.
struct Statistics {
    let mean: Double, sd: Double, min: Double, max: Double

    init(_ values: [Double]) {
        let count = Double(values.count)
        let mean = values.reduce(0, +) / count
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        sd = values.count > 1 ? (squares / (count - 1)).squareRoot() : 0
        min = values.min() ?? .nan
        max = values.max() ?? .nan
    }
}

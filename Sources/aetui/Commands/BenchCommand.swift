import Engine
import Foundation

/// `aetui bench`: seconds per 10,000-sample epoch of the whole training step, against the FP32 peak.
enum BenchCommand {
    struct Settings: CommandSettings {
        var models: [ModelKind] = [.standard, .supervised]
        var batches = [48, 256]
        /// Nil: 1 and 2 threads, up to the cores available.
        var threads: [Int]?
        var epochs = 3
        var kernel = GEMM.Kernel.best
        var dataDirectory: String?
        var json = false
        var help = false
        var positionals: [String] = []
    }

    static var commandLine: CommandLineSpec<Settings> { CommandLineSpec(
        command: "aetui bench", usage: "aetui bench [options]",
        summary: "Times whole training steps (forward, backward, optimizer) on the seed-protocol training set\n(10,000 images) and reports seconds per epoch, samples/s, GFLOP/s and percent of the measured FP32 peak.",
        options: [
            .value("models", "LIST", "models to time: standard, supervised", default: "standard,supervised",
                   \.models, Parse.list(Parse.choice(ModelKind.self))),
            .value("batches", "LIST", "batch sizes, each in 1...10000 (the training set it times)", default: "48,256", \.batches,
                   Parse.list(Parse.whole(1...10_000))),
            .value("threads", "LIST", "thread counts, each in 1...256", default: "1,2 (up to the cores available)",
                   \.threads, Parse.list(Parse.whole(1...256))),
            .value("epochs", "N", "timed epochs per case (the median is reported)", default: "3", \.epochs, Parse.whole(1...100)),
            .value("kernel", "NAME", "GEMM kernel: \(Parse.kernelNames)", default: "best", \.kernel, Parse.kernel),
            .value("data", "DIR", "folder with the four MNIST IDX files", default: "bundled sample-data/mnist", \.dataDirectory, Parse.path),
            .flag("json", "print JSON lines", \.json),
        ]) }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let settings = try commandLine.parseOrPrintHelp(arguments) else { return 0 }
        let models = settings.models, batches = settings.batches, epochs = settings.epochs
        let threads = Array(Set(settings.threads?.map(TrainingSettings.capped) ?? [1, min(2, WorkerPool.availableCores)])).sorted()
        let kernel = settings.kernel
        let data = try MNIST.load(directory: try TrainingSettings(dataDirectory: settings.dataDirectory).resolvedDataDirectory())
        let json = settings.json
        var peaks: [Int: Double] = [:]
        for count in threads { peaks[count] = TrainingBenchmark.peakGflops(kernel: kernel, threads: count) }
        if json {
            for count in threads {
                Output.json("peak", Optional<Int>.none, extra: ["threads": count, "kernel": kernel.name, "peak_gflops": peaks[count]!])
            }
        } else {
            Output.line("aetui bench: whole training step, seed protocol (\(data.train.count) images per epoch), " +
                        (epochs == 1 ? "one epoch" : "median of \(epochs) epochs"))
            Output.line("kernel: \(kernel.name); measured FP32 peak: " +
                        threads.map { "\(String(format: "%.0f", peaks[$0]!)) GFLOP/s on \($0) thread\($0 == 1 ? "" : "s")" }.joined(separator: ", "))
            Output.line("model       batch  threads  s/epoch   samples/s   GFLOP/s  % peak")
        }
        for model in models {
            for batch in batches {
                for count in threads {
                    let result = TrainingBenchmark.run(model: model, batch: batch, threads: count, data: data,
                                                       epochs: epochs, kernel: kernel, peak: peaks[count]!)
                    if json {
                        Output.json("bench", result)
                    } else {
                        // Padded here: Foundation on Linux ignores the width of a %@.
                        Output.line(model.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) +
                                    String(format: "  %5d  %7d  %7.3f  %10.0f  %8.1f  %6.1f", batch, count,
                                           result.secondsPerEpoch, result.samplesPerSecond, result.gflops, result.percentOfPeak))
                    }
                }
            }
        }
        return 0
    }
}

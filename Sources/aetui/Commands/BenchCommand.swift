import Engine
import Foundation

/// `aetui bench`: seconds per 10,000-sample epoch of the whole training step, against the FP32 peak.
enum BenchCommand {
    static let specs: [OptionSpec] = [
        OptionSpec("models", "LIST", "models to time", default: "standard,supervised"),
        OptionSpec("batches", "LIST", "batch sizes", default: "48,256"),
        OptionSpec("threads", "LIST", "thread counts", default: "1,2 (up to the cores available)"),
        OptionSpec("epochs", "N", "timed epochs per case (the median is reported)", default: "3"),
        OptionSpec("kernel", "NAME", "GEMM kernel: best, avx512, avx2, generic", default: "best"),
        OptionSpec("data", "DIR", "folder with the four MNIST IDX files", default: "bundled sample-data/mnist"),
        OptionSpec("json", nil, "print JSON lines"),
        OptionSpec("help", nil, "show this help"),
    ]

    static let help = helpText(
        usage: "aetui bench [options]",
        summary: "Times whole training steps (forward, backward, optimizer) on the seed-protocol training set\n(10,000 images) and reports seconds per epoch, samples/s, GFLOP/s and percent of the measured FP32 peak.",
        specs: specs)

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let parsed = try parseCommand(arguments, specs: specs, command: "aetui bench", help: help) else { return 0 }
        let models = try list("models", parsed) { ModelKind(rawValue: $0) }
        let batches = try list("batches", parsed) { Int($0).flatMap { $0 > 0 ? $0 : nil } }
        let cores = WorkerPool.availableCores
        let threads = parsed.string("threads") == nil ? Array(Set([1, min(2, cores)])).sorted()
            : try list("threads", parsed) { Int($0).flatMap { (1...256).contains($0) ? $0 : nil } }
        let epochs = try parsed.int("epochs", range: 1...100) ?? 3
        let kernelName = parsed.string("kernel") ?? "best"
        guard let kernel = kernelName == "best" ? .best : GEMM.Kernel.allCases.first(where: { "\($0)" == kernelName }) else {
            throw UsageError("option '--kernel': '\(kernelName)' is not one of best, avx512, avx2, generic")
        }
        guard kernel.isSupported else { throw UsageError("option '--kernel': \(kernelName) is not supported by this CPU") }
        let data = try MNIST.load(directory: try TrainingOptions.dataDirectory(from: parsed))
        let json = parsed.flag("json")
        var peaks: [Int: Double] = [:]
        for count in threads { peaks[count] = TrainingBenchmark.peakGflops(kernel: kernel, threads: count) }
        if json {
            for count in threads {
                Output.json("peak", Optional<Int>.none, extra: ["threads": count, "kernel": kernel.name, "peak_gflops": peaks[count]!])
            }
        } else {
            Output.line("aetui bench: whole training step, seed protocol (\(data.train.count) images per epoch), median of \(epochs) epochs")
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
                        Output.line(String(format: "%-10@  %5d  %7d  %7.3f  %10.0f  %8.1f  %6.1f", model.rawValue as NSString, batch, count,
                                           result.secondsPerEpoch, result.samplesPerSecond, result.gflops, result.percentOfPeak))
                    }
                }
            }
        }
        return 0
    }

    private static func list<T>(_ name: String, _ parsed: ParsedArguments, _ convert: (String) -> T?) throws -> [T] {
        let text = parsed.string(name) ?? specs.first { $0.name == name }!.defaultText!
        let values = text.split(separator: ",").map { convert($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw UsageError("option '--\(name)': '\(text)' is not a valid comma-separated list")
        }
        return values.map { $0! }
    }
}

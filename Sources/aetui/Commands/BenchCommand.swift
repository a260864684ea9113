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
        var breakdown = false
        var dense = false
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
            .flag("breakdown", "on 2+ threads, also time every split call: each thread's part, the waits, the serial work between", \.breakdown),
            .flag("dense", "multiply every term, as a BLAS does (by default the products skip the zeros of the images and of ReLU outputs)", \.dense),
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
            Output.line(settings.dense ? "every product in full (--dense)"
                        : "GFLOP/s counts the full products; the kernels skip the zeros of the images and of ReLU outputs (--dense: not)")
            Output.line("model       batch  threads  s/epoch   samples/s   GFLOP/s  % peak")
        }
        for model in models {
            for batch in batches {
                for count in threads {
                    let result = TrainingBenchmark.run(model: model, batch: batch, threads: count, data: data, epochs: epochs,
                                                       kernel: kernel, peak: peaks[count]!, breakdown: settings.breakdown,
                                                       dense: settings.dense)
                    if json {
                        Output.json("bench", result)
                    } else {
                        // Padded here: Foundation on Linux ignores the width of a %@.
                        Output.line(model.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) +
                                    String(format: "  %5d  %7d  %7.3f  %10.0f  %8.1f  %6.1f", batch, count,
                                           result.secondsPerEpoch, result.samplesPerSecond, result.gflops, result.percentOfPeak))
                        if let breakdown = result.breakdown {
                            printBreakdown(breakdown, threads: count)
                        } else if settings.breakdown {
                            Output.line("  (no breakdown on 1 thread: nothing is split)")
                        }
                    }
                }
            }
        }
        return 0
    }

    /// The split calls of the timed epochs, in microseconds per step.
    static func printBreakdown(_ breakdown: TrainingBenchmark.Breakdown, threads: Int) {
        let perStep = 1e6 / Double(breakdown.steps)
        func column(_ seconds: Double, _ width: Int) -> String { String(format: "%\(width).1f", seconds * perStep) }
        func row(_ name: String, _ calls: String, _ site: PoolProfile.Site) -> String {
            let idle = site.callerPart + site.callerWait - site.slowestWorkerPart
            return "  " + name.padding(toLength: 28, withPad: " ", startingAt: 0) + calls + column(site.callerPart, 9) +
                column(site.callerWait, 9) + column(site.slowestWorkerPart, 10) + column(max(0, idle), 9) + column(site.serialBefore, 10)
        }
        let step = breakdown.seconds * perStep
        Output.line(String(format: "  calls split across the threads, µs per step (%d steps of %.0f µs on %d threads):", breakdown.steps, step, threads))
        Output.line("  call                        per step   caller   waits    slowest   worker    serial")
        Output.line("                                          part   for it   worker's     idle    before")
        var total = PoolProfile.Site(label: "all split calls")
        var rare = 0
        for site in breakdown.sites {
            // Shapes that only an epoch's last, smaller batch makes count in the total only.
            if Double(site.calls) < 0.05 * Double(breakdown.steps) {
                rare += 1
            } else {
                Output.line(row(site.label, String(format: "%8.2f", Double(site.calls) / Double(breakdown.steps)), site))
            }
            total.calls += site.calls
            total.callerPart += site.callerPart
            total.callerWait += site.callerWait
            total.slowestWorkerPart += site.slowestWorkerPart
            total.serialBefore += site.serialBefore
        }
        if rare > 0 { Output.line("  (\(rare) rarer shape\(rare == 1 ? "" : "s"), from each epoch's last batch: in the total only)") }
        Output.line(row(total.label, String(format: "%8.2f", Double(total.calls) / Double(breakdown.steps)), total))
        let calls = total.callerPart + total.callerWait
        Output.line(String(format: "  the step: %.0f µs in split calls, %.0f µs of serial work between them (%.1f%%)",
                           calls * perStep, total.serialBefore * perStep, 100 * total.serialBefore / breakdown.seconds))
    }
}

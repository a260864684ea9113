import Foundation
import TestSupport
import Testing

/// Absurd and contradictory options, as a hostile user types them: each is refused with exit 2
/// and a message naming the option and what is allowed, before any data is loaded or memory
/// allocated (so quickly, and with nothing on stdout) — in `train`, `bench`, `eval` and the lab.
@Suite(.timeLimit(.minutes(5))) struct HostileOptionsTests {
    @Test(.timeLimit(.minutes(1)), arguments: [
        (["train", "--batch", "9223372036854775807"], "--batch 9223372036854775807 is larger than the training set (10000 images): use at most 10000"),
        (["train", "--batch", "100000000"], "--batch 100000000 is larger than the training set"),
        (["train", "--layers", "392,98,9223372036854775807"], "of memory (weights, gradients, optimizer state and batch buffers"),
        (["train", "--layers", "2000000"], "more than the"),
        (["train", "--classifier", "1000000000000"], "this configuration needs about"),
        (["train", "--train", "9223372036854775807"], "--train + --val must be at most 60000"),
        (["train", "--val", "9223372036854775807", "--train", "9223372036854775807"], "--train + --val must be at most 60000"),
        (["train", "--lr", "1e39"], "option '--lr': '1e39' is out of range for a 32-bit float"),
        (["train", "--nesterov"], "--nesterov needs the sgd optimizer with a momentum above 0"),
        (["train", "--optimizer", "rmsprop", "--nesterov", "--momentum", "0.9"], "--momentum applies to the sgd optimizer only (rmsprop has none)"),
        (["train", "--optimizer", "adam", "--momentum", "0.5"], "--momentum applies to the sgd optimizer only (adam has none)"),
        (["train", "--runs-dir", ""], "option '--runs-dir': the path is empty"),
        (["train", "--data", ""], "option '--data': the path is empty"),
        (["train", "--threads", "0"], "option '--threads': '0' is not a whole number in 1...256"),
        (["bench", "--batches", "0"], "option '--batches': item 1 of '0': '0' is not a whole number in 1...10000"),
        (["bench", "--batches", "48,100000000"], "item 2 of '48,100000000': '100000000' is not a whole number in 1...10000"),
        (["bench", "--threads", "0"], "'0' is not a whole number in 1...256"),
        (["bench", "--models", "bogus"], "'bogus' is not one of standard, supervised"),
        (["bench", "--kernel", "sse9"], "'sse9' is not one of best"),
        (["--batch", "100000000"], "--batch 100000000 is larger than the training set"),
        (["--layers", "2000000", "--fps", "5"], "2 runs of this configuration need about"),
        (["--runs-dir", "/proc/aetui-lab"], "option '--runs-dir': cannot create the runs folder /proc/aetui-lab"),
        // A value that is another option: not a folder named "--no-save".
        (["train", "--runs-dir", "--no-save"], "option '--runs-dir' needs a value (DIR), not the option '--no-save'"),
        (["anomaly", "--normal", "--epochs", "1"], "option '--normal' needs a value"),
        (["train", "--seeds", "1,2,1"], "option '--seeds': seed 1 is given twice"),
        (["--theme", "neon"], "option '--theme': theme"),
        (["runs", "--headless", "--theme", "neon"], "option '--theme': theme"),
        (["eval", "/nonexistent-run"], "'aetui eval': /nonexistent-run is not a folder"),
        (["eval", ""], "'aetui eval': the RUN_DIR given is empty"),
        (["runs", "--runs-dir", "/nonexistent-runs"], "option '--runs-dir': /nonexistent-runs does not exist"),
        (["runs", "compare", "/nonexistent-a", "/nonexistent-b"], "/nonexistent-a is neither a folder nor a run in"),
        (["runs", "compare", "/tmp", "/tmp/"], "/tmp/ is given twice"),
        // Searches: checked before the first trial trains.
        (["search", "--lr", "0.01,1e-2"], "lr: '1e-2' repeats '0.01': each value once"),
        (["search", "--model", "standard", "--alpha", "0.1,1"], "--alpha changes only the supervised model"),
        (["search", "--lr", "0.01", "--csv", "/nonexistent-folder/board.csv"], "option '--csv': the folder /nonexistent-folder does not exist"),
        (["search", "--lr", "0.01", "--csv", "/tmp"], "option '--csv': /tmp: is a folder, not a file"),
        (["search", "--lr", "0.01", "--search-dir", "/proc/aetui-search"], "option '--search-dir': cannot create the search folder"),
    ])
    func refusedBeforeAnyWork(_ arguments: [String], _ message: String) throws {
        let started = Date()
        let result = try CLITests.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// One rule for names everywhere: choices ignore case (bench's are parsed in OptionParsingTests).
    @Test func choicesIgnoreCaseEverywhere() throws {
        let train = try CLITests.run(["train", "--model", "STANDARD", "--optimizer", "Adam", "--activation", "ReLU",
                                      "--epochs", "1", "--train", "100", "--val", "100", "--layers", "8,2", "--no-save"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("aetui train: standard"), "\(train.stdout)")
    }

    @Test func moreThreadsThanCoresAreCappedWithANote() throws {
        let result = try CLITests.run(["train", "--threads", "256", "--epochs", "1", "--train", "100", "--val", "100",
                                       "--layers", "8,2", "--no-save"])
        #expect(result.status == 0)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if cores < 256 {
            #expect(result.stderr.contains("note: --threads 256 is more than the"), "\(result.stderr)")
            #expect(result.stdout.contains("\(cores) thread"), "\(result.stdout)")
        }
    }
}

/// `aetui eval` on runs whose data or weights are not what they were.
@Suite(.timeLimit(.minutes(5))) struct EvalHostileTests {
    static func trainedRun(in runs: URL, data: String? = nil) throws -> String {
        var arguments = ["train", "--epochs", "1", "--train", "100", "--val", "100", "--layers", "8,2", "--runs-dir", runs.path, "--json"]
        if let data { arguments += ["--data", data] }
        let result = try CLITests.run(arguments)
        let last = try #require(result.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        return try #require(object["run_dir"] as? String)
    }

    @Test func aRunWhoseDataFolderIsGoneSaysWhichDataItUsed() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let data = scratch.appendingPathComponent("mnist")
        try FileManager.default.copyItem(at: TestSupport.repositoryRoot.appendingPathComponent("sample-data/mnist"), to: data)
        let run = try Self.trainedRun(in: scratch.appendingPathComponent("runs"), data: data.path)
        try FileManager.default.removeItem(at: data)
        let eval = try CLITests.run(["eval", run])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stderr.contains("note: the run's data folder \(data.path) is gone; evaluating on"), "\(eval.stderr)")
        #expect(eval.stdout.contains("data: ") && eval.stdout.contains("sample-data/mnist"), "\(eval.stdout)")
        let json = try CLITests.run(["eval", run, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["data"] as? String)?.hasSuffix("sample-data/mnist") == true)
    }

    @Test func damagedWeightsExitOneNamingTheTensor() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = try Self.trainedRun(in: scratch)
        let weights = URL(fileURLWithPath: run).appendingPathComponent("weights.safetensors")
        var bytes = [UInt8](try Data(contentsOf: weights))
        // The last four bytes are the last bias value: make it a NaN.
        bytes.replaceSubrange((bytes.count - 4)..., with: [0x00, 0x00, 0xC0, 0x7F])
        try Data(bytes).write(to: weights)
        let eval = try CLITests.run(["eval", run])
        #expect(eval.status == 1)
        #expect(eval.stderr.contains("NaN or infinite values"), "\(eval.stderr)")
        #expect(eval.stdout.isEmpty)
    }
}

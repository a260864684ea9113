import Foundation
import TestSupport
import Testing

/// Runs the built `aetui` executable as a user would and checks exit codes and output.
@Suite(.timeLimit(.minutes(3))) struct CLITests {

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], in directory: URL = TestSupport.repositoryRoot) throws -> Result {
        try launch(arguments, in: directory).wait()
    }

    /// A started `aetui`, so several can run at once.
    struct Launched {
        let process: Process
        let out: Pipe
        let err: Pipe

        func wait() -> Result {
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    static func launch(_ arguments: [String], in directory: URL = TestSupport.repositoryRoot) throws -> Launched {
        let process = Process()
        process.executableURL = try TestSupport.executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Launched(process: process, out: out, err: err)
    }

    /// `--train all` takes every image of the training file the data folder holds, however many,
    /// less the validation images; a split that leaves none is refused before any loading.
    @Test func trainAllFollowsTheTrainingFile() throws {
        let data = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        TestSupport.writeMNIST(to: data, trainCount: 900, testCount: 100)
        let common = ["train", "--data", data.path, "--train", "all", "--epochs", "1", "--batch", "100", "--layers", "16,2",
                      "--no-save", "--json"]
        let result = try Self.run(common + ["--val", "300"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"train_count\":600") && result.stdout.contains("\"validation_count\":300"))
        let none = try Self.run(common + ["--val", "900"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("'all' leaves nothing to train on: the training file holds 900 images and --val holds out 900"))
    }

    @Test func helpListsEveryOptionWithDefaults() throws {
        let result = try Self.run(["train", "--help"])
        #expect(result.status == 0)
        for option in ["--model", "--layers", "--classifier", "--alpha", "--bottleneck-activation", "--optimizer", "--lr",
                       "--batch", "--epochs", "--seed", "--train", "--val", "--data", "--runs-dir", "--threads", "--json", "--preset"] {
            #expect(result.stdout.contains(option), "missing \(option)")
        }
        #expect(result.stdout.contains("(default: 392,98,2)"))
        #expect(result.stdout.contains("(default: 0.005)"))
        let top = try Self.run(["--help"])
        #expect(top.status == 0 && top.stdout.contains("aetui train") && top.stdout.contains("aetui bench"))
        #expect(try Self.run(["--version"]).stdout.hasPrefix("aetui "))
    }

    @Test(arguments: [
        (["train", "--frobnicate"], "unknown option '--frobnicate'"),
        (["train", "--epochs", "zero"], "option '--epochs': 'zero' is not a whole number"),
        (["train", "--epochs"], "option '--epochs' needs a value"),
        (["train", "--model", "huge"], "'huge' is not one of standard, supervised"),
        (["train", "--layers", "392,,2"], "option '--layers'"),
        (["train", "--lr", "-1"], "--lr must be a finite number > 0"),
        (["train", "--train", "59000", "--val", "2000"], "--train + --val must be at most 60000"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["eval"], "needs exactly one RUN_DIR"),
    ])
    func usageErrorsExitTwo(_ arguments: [String], _ message: String) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        // The hint names the help that lists the options at fault: the command's, or the top level's.
        let help = arguments[0] == "frobnicate" ? "aetui --help" : "aetui \(arguments[0]) --help"
        #expect(result.stderr.contains("run '\(help)' for usage"), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func missingOrCorruptDataExitsOneNamingTheFile() throws {
        let missing = try Self.run(["train", "--data", "/nonexistent/mnist", "--epochs", "1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/mnist: data folder not found"))
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
            try Data("not gzip at all".utf8).write(to: directory.appendingPathComponent(name))
        }
        let corrupt = try Self.run(["train", "--data", directory.path, "--epochs", "1"])
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("train-images-idx3-ubyte.gz: not a gzip file"))
    }

    /// Train briefly on the bundled data, save, reload with eval: the figures agree.
    @Test func trainSavesARunThatEvalReloads() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let train = try Self.run(["train", "--epochs", "2", "--train", "500", "--val", "200", "--layers", "32,8,2",
                                  "--runs-dir", runs.path, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        let lines = train.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let epochs = lines.filter { $0["type"] as? String == "epoch" }
        #expect(epochs.count == 2)
        for key in ["epoch", "train_loss", "val_loss", "val_accuracy", "probe_accuracy", "seconds"] {
            #expect(epochs.first?[key] != nil, "epoch line lacks \(key)")
        }
        let result = try #require(lines.last)
        #expect(result["type"] as? String == "result")
        let folder = try #require(result["run_dir"] as? String)
        #expect(folder.contains("-supervised-val_acc="))
        let eval = try Self.run(["eval", folder, "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let reloaded = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        #expect(reloaded["test_accuracy"] as? Double == result["test_accuracy"] as? Double)
        #expect(reloaded["test_probe_accuracy"] as? Double == result["test_probe_accuracy"] as? Double)
    }

    @Test func divergedRunExitsOneAndIsSaved() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        // The data folder relative to the repository, where the test runs the binary.
        let result = try Self.run(["train", "--epochs", "1", "--train", "300", "--val", "100", "--optimizer", "sgd",
                                   "--lr", "1e3", "--activation", "linear", "--runs-dir", runs.path, "--data", "sample-data/mnist"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("diverged at epoch 1, batch 3: loss is NaN"))
        #expect(result.stdout.contains("hint: epoch 1, batch 3: loss is NaN at learning rate 1000.0; try a lower --lr (e.g. --lr 100)"))
        let saved = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        #expect(saved.count == 1 && saved[0].contains("-diverged"))
        // Saved as an absolute path, so the run finds its data from any folder; evaluating it is a run error.
        let folder = runs.appendingPathComponent(saved[0])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["data_directory"] as? String == TestSupport.repositoryRoot.appendingPathComponent("sample-data/mnist").standardizedFileURL.path)
        let eval = try Self.run(["eval", folder.path], in: runs)
        #expect(eval.status == 1, "\(eval.stdout)\(eval.stderr)")
        #expect(!eval.stderr.contains("is gone"), "\(eval.stderr)")
    }
}

@testable import aetui
import Engine
import Foundation
import TestSupport
import Testing

/// `aetui anomaly` parsed in-process, and run as a user would on a small MNIST-shaped data set
/// (random images, labels cycling 0-9), so the runs stay cheap.
@Suite(.timeLimit(.minutes(3))) struct AnomalyCommandTests {
    /// A data folder of 900 training and 300 test images.
    static func smallData() throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        TestSupport.writeMNIST(to: directory, trainCount: 900, testCount: 300)
        return directory
    }

    @Test func parsesSplitsAndSettings() throws {
        let settings = try AnomalyCommand.commandLine.parse([
            "--normal", "0-8", "--anomalous", "9", "--contamination", "0.1", "--neighbors", "3", "--parallel", "1",
            "--train", "all", "--val", "5000", "--epochs", "4", "--headless",
        ])
        #expect(try AnomalyCommand.splits(from: settings) == [try AnomalySplit(normal: Array(0...8), anomalous: [9])])
        #expect(abs(settings.experiment.contamination - 0.1) < 1e-6 && settings.experiment.neighbors == 3 && settings.parallel == 1)
        let config = try settings.training.validatedConfig()
        #expect(config.trainCount == 55_000 && config.validationCount == 5000 && config.epochs == 4)
        #expect(config.layers == AnomalyCommand.defaults.layers && config.model == .standard)
        let allDigits = try AnomalyCommand.commandLine.parse(["--all-digits"])
        #expect(try AnomalyCommand.splits(from: allDigits).map(\.normal) == (0...9).map { [$0] })
    }

    @Test func helpNamesTheAnomalyDefaults() {
        let help = AnomalyCommand.commandLine.help
        // The training docs/ANOMALY.md measured: no dropout, a constant rate, the last epoch.
        for text in ["--layers L1,L2,Z", "(default: 392,98,32)", "(default: adam)", "(default: 0.001)", "(default: 30)",
                     "(default: 0.0)", "(default: constant)", "(default: last)",
                     "--all-digits", "--contamination F", "--parallel P", "--headless", "RUN_DIR..."] {
            #expect(help.contains(text), "missing \(text)")
        }
        #expect(!help.contains("(default: 392,98,2)"))
    }

    @Test(arguments: [
        (["anomaly"], "needs --normal"),
        (["anomaly", "--normal", "10"], "not a list of digits"),
        (["anomaly", "--normal", "3", "--anomalous", "3"], "both normal and anomalous"),
        (["anomaly", "--normal", "0-9"], "no anomalous digit"),
        (["anomaly", "--all-digits", "--normal", "3"], "leave out --normal"),
        (["anomaly", "--normal", "3", "--contamination", "1.5"], "--contamination"),
        (["anomaly", "--normal", "3", "--train", "most"], "or 'all'"),
        (["anomaly", "--normal", "3", "--parallel", "0"], "--parallel"),
    ])
    func badInputExitsTwo(arguments: [String], message: String) throws {
        let result = try CLITests.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// Ten one-class models, two at a time: one JSON line per (digit, score), then the means,
    /// which are the means of the digit lines; every run saved with its per-image scores, from
    /// which the AUC is recomputed independently (pairwise Mann-Whitney count).
    @Test func allDigitsJSONEndsWithMeansAndSavesScores() throws {
        let runs = try TestSupport.temporaryDirectory(), data = try Self.smallData()
        defer {
            try? FileManager.default.removeItem(at: runs)
            try? FileManager.default.removeItem(at: data)
        }
        let result = try CLITests.run(["anomaly", "--all-digits", "--json", "--epochs", "1", "--train", "600", "--val", "300",
                                       "--layers", "64,8", "--parallel", "2", "--data", data.path, "--runs-dir", runs.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let digitLines = lines.filter { $0["type"] as? String == "anomaly" }
        let means = lines.filter { $0["type"] as? String == "mean" }
        #expect(digitLines.count == 30 && means.count == 3)
        #expect(lines.suffix(3).allSatisfy { $0["type"] as? String == "mean" })
        for mean in means {
            let score = try #require(mean["score"] as? String)
            let aucs = digitLines.filter { $0["score"] as? String == score }.compactMap { $0["roc_auc"] as? Double }
            #expect(aucs.count == 10)
            #expect(abs((mean["roc_auc"] as? Double ?? 0) - aucs.reduce(0, +) / 10) < 1e-9)
        }
        let folders = try FileManager.default.contentsOfDirectory(at: runs, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
        #expect(folders.count == 10)
        let line = try #require(digitLines.first { $0["score"] as? String == "recon_mse" && $0["split"] as? String == "3" })
        let folder = URL(fileURLWithPath: try #require(line["run_dir"] as? String))
        let tensors = try Safetensors.decode(Data(contentsOf: folder.appendingPathComponent("anomaly_scores.safetensors")), path: "")
        let scores = try #require(tensors["recon_mse"]?.values)
        let labels = try #require(tensors["label"]?.values)
        #expect(scores.count == 300)
        let normal = scores.indices.filter { labels[$0] == 3 }.map { scores[$0] }
        let anomalous = scores.indices.filter { labels[$0] != 3 }.map { scores[$0] }
        var wins = 0.0
        for a in anomalous { for n in normal { wins += a > n ? 1 : a == n ? 0.5 : 0 } }
        #expect(abs(wins / Double(normal.count * anomalous.count) - (line["roc_auc"] as? Double ?? 0)) < 1e-9)

        // The saved runs shown again without training: the same figures.
        let again = try CLITests.run(["anomaly", "--json"] + folders.map(\.path))
        #expect(again.status == 0, "\(again.stderr)")
        let againLines = again.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(againLines.count == 33)
        let againMeans = againLines.filter { $0["type"] as? String == "mean" }.compactMap { $0["roc_auc"] as? Double }
        let firstMeans = means.compactMap { $0["roc_auc"] as? Double }
        #expect(againMeans.count == 3 && zip(againMeans, firstMeans).allSatisfy { abs($0 - $1) < 1e-12 })
        let table = try CLITests.run(["anomaly", "--headless"] + folders.map(\.path))
        #expect(table.status == 0 && table.stdout.contains("mean   ") && table.stdout.contains("\n3      "))
    }

    @Test func savedRunsThatAreNotAnomalyRunsAreRefused() throws {
        let missing = try CLITests.run(["anomaly", "--headless", "/nonexistent-run"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent-run is not a folder"), "\(missing.stderr)")
        let mixed = try CLITests.run(["anomaly", "--headless", "--normal", "3", "/nonexistent-run"])
        #expect(mixed.status == 2 && mixed.stderr.contains("leave out --normal"))
    }

    /// The hold-out protocol trains both models: 3 scores for the standard one, 5 for the supervised.
    @Test func holdOutComparesStandardAndSupervised() throws {
        let data = try Self.smallData()
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try CLITests.run(["anomaly", "--normal", "0-8", "--anomalous", "9", "--headless", "--no-save",
                                       "--epochs", "1", "--train", "600", "--val", "300", "--layers", "64,8", "--data", data.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("normal 0-8, anomalous 9"))
        for row in ["standard    recon_mse", "supervised  recon_mse", "supervised  one_minus_max_softmax", "supervised  softmax_entropy"] {
            #expect(result.stdout.contains(row), "missing \(row)")
        }
        #expect(!result.stdout.contains("standard    softmax_entropy"))
    }
}

import Foundation
import TestSupport
import Testing

/// Saving runs as scripts and searches do: several real processes into one folder, and folders
/// that cannot take a run, found before any training.
@Suite struct RunSavingTests {
    static let quickTrain = ["train", "--epochs", "1", "--train", "200", "--val", "100", "--layers", "16,2",
                             "--threads", "1", "--seed", "3", "--json"]

    /// Same settings, same second, same figure: every process still saves under its own name.
    @Test(.timeLimit(.minutes(2)))
    func processesRacingIntoOneFolderAllSave() throws {
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let processes = 3, tries = 3
        for attempt in 1...tries {
            let launched = try (0..<processes).map { _ in
                try CLITests.launch(Self.quickTrain + ["--runs-dir", runs.path])
            }
            let results = launched.map { $0.wait() }
            for result in results { #expect(result.status == 0, "\(result.stderr)") }
            let folders = results.compactMap { result -> String? in
                let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
                let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
                return object?["run_dir"] as? String
            }
            #expect(Set(folders).count == processes, "try \(attempt): \(folders)")
            let saved = try FileManager.default.contentsOfDirectory(atPath: runs.path)
            #expect(saved.count == processes * attempt, "try \(attempt): \(saved)")
            #expect(!saved.contains { $0.hasPrefix(".") }, "a partial folder is left: \(saved)")
            for folder in folders {
                let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                #expect(files == ["config.json", "metrics.jsonl", "summary.json", "weights.safetensors"])
            }
        }
    }

    @Test func anUnusableRunsFolderEndsTheCommandBeforeTraining() throws {
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let cases = [
            (file.path, "option '--runs-dir': cannot use the runs folder \(file.path): it is a file, not a folder"),
            (file.path + "/runs", "option '--runs-dir': cannot use the runs folder \(file.path): it is a file, not a folder"),
            ("/proc/aetui-runs", "option '--runs-dir': cannot create the runs folder /proc/aetui-runs:"),
            ("", "option '--runs-dir': the folder path is empty"),
        ]
        for (directory, message) in cases {
            let result = try CLITests.run(Self.quickTrain + ["--runs-dir", directory])
            #expect(result.status == 2, "\(directory)")
            #expect(result.stderr.contains(message), "\(directory): \(result.stderr)")
            #expect(result.stdout.isEmpty, "trained before refusing: \(result.stdout)")
        }
    }
}
